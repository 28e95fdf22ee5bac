// The text of one Vietnamese XML-DSig profile signature (SPEC §7, docs/record-format.md §1.1), written the way
// Vietnamese e-invoice tools write theirs (.NET SignedXml style: the XML-DSig namespace as the default, the data
// referenced by Id behind an enveloped-signature transform, the signing time in a signed ds:Object), plus the signer's
// role as a second SignatureProperty of that same signed Object.
import { HOCBA_NS } from '../record/envelope.ts';
import { DSIG_NS } from './algorithms.ts';
import { ENVELOPED_SIGNATURE } from './references.ts';
import { ROLE_PROPERTY } from './vn-profile.ts';

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
}

export function renderVnSlot(slotName: string, t: VnSignatureTemplate): string {
  const transform = (algorithm: string) => `<Transform Algorithm="${algorithm}"/>`;
  const digest = (value: string) => `<DigestMethod Algorithm="${t.digestUri}"/><DigestValue>${value}</DigestValue>`;
  const target = `#${escape(t.signatureId)}`;
  return `<${slotName}>`
    + `<Signature xmlns="${DSIG_NS}" Id="${escape(t.signatureId)}">`
    + '<SignedInfo>'
    + `<CanonicalizationMethod Algorithm="${t.c14nUri}"/>`
    + `<SignatureMethod Algorithm="${t.signatureUri}"/>`
    + `<Reference URI="#${escape(t.contentId)}"><Transforms>${t.enveloped ? transform(ENVELOPED_SIGNATURE) : ''}${transform(t.c14nUri)}</Transforms>`
    + `${digest(t.contentDigest)}</Reference>`
    + `<Reference URI="#${escape(t.propertiesId)}">${t.exclusive ? `<Transforms>${transform(t.c14nUri)}</Transforms>` : ''}`
    + `${digest(t.propertiesDigest)}</Reference>`
    + '</SignedInfo>'
    + `<SignatureValue>${t.signatureValue}</SignatureValue>`
    + `<KeyInfo><X509Data><X509SubjectName>${escape(t.subjectName)}</X509SubjectName>`
    + `${t.certificates.map((c) => `<X509Certificate>${c}</X509Certificate>`).join('')}</X509Data></KeyInfo>`
    + `<Object Id="${escape(t.propertiesId)}"><SignatureProperties>`
    + `<SignatureProperty Target="${target}"><SigningTime>${t.signingTime}</SigningTime></SignatureProperty>`
    + `<SignatureProperty Target="${target}"><${ROLE_PROPERTY} xmlns="${HOCBA_NS}">${escape(t.role)}</${ROLE_PROPERTY}></SignatureProperty>`
    + '</SignatureProperties></Object>'
    + '</Signature>'
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
  return new Date(time.getTime() + 7 * 3_600_000).toISOString().slice(0, 19);
}

function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
