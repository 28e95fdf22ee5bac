// The text of one Vietnamese XML-DSig profile signature (SPEC §7, docs/record-format.md §1.1), written the way
// Vietnamese e-invoice tools write theirs (.NET SignedXml style: the XML-DSig namespace as the default, the data
// referenced by Id behind an enveloped-signature transform, the signing time in a signed ds:Object), plus the signer's
// role as a second SignatureProperty of that same signed Object.
import { HOCBA_NS } from '../record/envelope.ts';
import { DSIG_NS } from './algorithms.ts';
import { ENVELOPED_SIGNATURE } from './references.ts';
import { ROLE_PROPERTY } from './vn-profile.ts';
import { VIETNAM_OFFSET_MS } from '../vietnam-time.ts';

export interface VnSignatureTemplate {
  readonly signatureId: string;
  readonly propertiesId: string;
  readonly contentId: string;
  readonly c14nUri: string;
  /** Exclusive c14n is named on the properties reference too; inclusive is left implicit, as the tools do. */
  readonly exclusive: boolean;
  readonly enveloped: boolean;
  readonly signatureUri: string;
  readonly digestUri: string;
  readonly contentDigest: string;
  /** Empty while the Object's digest is being computed. */
  readonly propertiesDigest: string;
  /** Empty until signed. */
  readonly signatureValue: string;
  readonly subjectName: string;
  /** Base64 DER: the signer first (the profile's signer is KeyInfo's first certificate), then the chain. */
  readonly certificates: readonly string[];
  /** Vietnam local time without an offset (`2025-05-31T08:00:00`), as the tools write it. */
  readonly signingTime: string;
  readonly role: string;
  /** Write the XML-DSig elements with the `ds:` prefix, as some (Java) tools do, instead of the default namespace. */
  readonly dsPrefix?: boolean;
}

export function renderVnSlot(slotName: string, t: VnSignatureTemplate): string {
  const p = t.dsPrefix ? 'ds:' : '';
  const transform = (algorithm: string) => `<${p}Transform Algorithm="${algorithm}"/>`;
  const digest = (value: string) => `<${p}DigestMethod Algorithm="${t.digestUri}"/><${p}DigestValue>${value}</${p}DigestValue>`;
  const target = `#${escape(t.signatureId)}`;
  return `<${slotName}>`
    + `<${p}Signature ${t.dsPrefix ? 'xmlns:ds' : 'xmlns'}="${DSIG_NS}" Id="${escape(t.signatureId)}">`
    + `<${p}SignedInfo>`
    + `<${p}CanonicalizationMethod Algorithm="${t.c14nUri}"/>`
    + `<${p}SignatureMethod Algorithm="${t.signatureUri}"/>`
    + `<${p}Reference URI="#${escape(t.contentId)}"><${p}Transforms>${t.enveloped ? transform(ENVELOPED_SIGNATURE) : ''}${transform(t.c14nUri)}</${p}Transforms>`
    + `${digest(t.contentDigest)}</${p}Reference>`
    + `<${p}Reference URI="#${escape(t.propertiesId)}">${t.exclusive ? `<${p}Transforms>${transform(t.c14nUri)}</${p}Transforms>` : ''}`
    + `${digest(t.propertiesDigest)}</${p}Reference>`
    + `</${p}SignedInfo>`
    + `<${p}SignatureValue>${t.signatureValue}</${p}SignatureValue>`
    + `<${p}KeyInfo><${p}X509Data><${p}X509SubjectName>${escape(t.subjectName)}</${p}X509SubjectName>`
    + `${t.certificates.map((c) => `<${p}X509Certificate>${c}</${p}X509Certificate>`).join('')}</${p}X509Data></${p}KeyInfo>`
    + `<${p}Object Id="${escape(t.propertiesId)}"><${p}SignatureProperties>`
    + `<${p}SignatureProperty Target="${target}"><${p}SigningTime>${t.signingTime}</${p}SigningTime></${p}SignatureProperty>`
    + `<${p}SignatureProperty Target="${target}"><${ROLE_PROPERTY} xmlns="${HOCBA_NS}">${escape(t.role)}</${ROLE_PROPERTY}></${p}SignatureProperty>`
    + `</${p}SignatureProperties></${p}Object>`
    + `</${p}Signature>`
    + `</${slotName}>`;
}

/** RFC 4514 text of a node:crypto subject (`C=VN\nO=…\nCN=…`): most specific first, special characters escaped. */
export function rfc4514(subject: string): string {
  return subject.split('\n').reverse()
    .map((attribute) => {
      const at = attribute.indexOf('=');
      return `${attribute.slice(0, at)}=${attribute.slice(at + 1).replace(/([,+"\\<>;=])/g, '\\$1').replace(/^([ #])/, '\\$1').replace(/ $/, '\\ ')}`;
    })
    .join(',');
}

/** xsd:dateTime in Vietnam time (UTC+07:00) without an offset, which parseDateTime reads back as Vietnam time. */
export function vietnamLocalTime(time: Date): string {
  return new Date(time.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 19);
}

function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
