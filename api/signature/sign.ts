// The reference school-side signer (SPEC §4 `hocba sign`): adds one signature in a new CKS slot, XAdES-BES or the
// Vietnamese XML-DSig profile (SPEC §7).
import { createHash, createPrivateKey, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { HocbaError } from '../errors.ts';
import { readEnvelope, type Envelope } from '../record/envelope.ts';
import { descendants, parseXml } from '../xml/index.ts';
import { C14N_URIS, DIGEST_URIS, signatureUri, type C14nName, type DigestName } from './algorithms.ts';
import { canonicalize } from './c14n.ts';
import { unsupportedKey } from './crypto-checks.ts';
import { issuerSerialOf } from '../der.ts';
import { ROLES, type Role } from './signed-properties.ts';
import { renderSlot, type SignatureTemplate } from './signature-template.ts';
import { renderVnSlot, rfc4514, vietnamLocalTime, type VnSignatureTemplate } from './vn-template.ts';
import { spliceSlot } from './splice.ts';
import { verifySignature } from './verify.ts';

export type SignProfile = 'xades-bes' | 'vn-xmldsig';
export const SIGN_PROFILES: readonly SignProfile[] = ['xades-bes', 'vn-xmldsig'];

export interface SignOptions {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  /** Issuing CA(s) and root, PEM; carried in KeyInfo after the signer's certificate. */
  readonly chainPem?: string;
  readonly role: Role;
  readonly signingTime?: Date;
  readonly canonicalization?: C14nName;
  readonly digest?: DigestName;
  /** XAdES-BES (default), or the Vietnamese XML-DSig profile of e-invoice tools (docs/record-format.md §1.1). */
  readonly profile?: SignProfile;
  /** vn-xmldsig only: an enveloped-signature transform before the c14n of the DuLieu reference (default true). */
  readonly envelopedTransform?: boolean;
  /** vn-xmldsig only: `ds:`-prefixed elements (some Java tools) instead of the default namespace (.NET tools). */
  readonly dsPrefix?: boolean;
}

export async function signRecord(xml: string, options: SignOptions): Promise<string> {
  if (!(ROLES as readonly string[]).includes(options.role)) throw new HocbaError('role_unknown', { params: { role: String(options.role) } });
  // The options may come from a command line: refuse what the types alone would have refused.
  for (const [value, known] of [[options.digest, DIGEST_URIS], [options.canonicalization, C14N_URIS]] as const) {
    if (value !== undefined && !Object.hasOwn(known, value)) throw new HocbaError('algorithm_unsupported', { params: { algorithm: String(value) } });
  }
  const profile = options.profile ?? 'xades-bes';
  if (!SIGN_PROFILES.includes(profile)) throw new HocbaError('algorithm_unsupported', { params: { algorithm: String(profile) } });
  const { key, certificate, chain } = parseSigner(options);
  const envelope = envelopeOf(xml);
  const exclusive = options.canonicalization === 'exc-c14n';
  const c14n = { exclusive, withComments: false };
  const digest = options.digest ?? 'SHA-256';
  const hash = digest.replace('-', '').toLowerCase();
  const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64');
  const signatureId = freshId(envelope, `CKS-${options.role}`);
  const listName = qualified(envelope.signatureList?.tagName ?? envelope.root.tagName, 'DSCKS');
  const slotName = qualified(listName, 'CKS');
  const common = {
    signatureId,
    contentId: envelope.contentId,
    c14nUri: C14N_URIS[options.canonicalization ?? 'c14n'],
    signatureUri: signatureUri(key.asymmetricKeyType === 'ec' ? 'ec' : 'rsa', digest),
    digestUri: DIGEST_URIS[digest],
    contentDigest: b64(createHash(hash).update(canonicalize(envelope.content, c14n), 'utf8').digest()),
    propertiesDigest: '',
    signatureValue: '',
    certificates: [certificate.raw, ...chain].map(b64),
    role: options.role,
  };
  const signingTime = options.signingTime ?? new Date();
  // One template per profile; each step below only fills in a digest or the value.
  let render: (filled: { propertiesDigest: string; signatureValue: string }) => string;
  if (profile === 'vn-xmldsig') {
    const template: VnSignatureTemplate = {
      ...common, propertiesId: `${signatureId}-SignatureProperties`, exclusive, enveloped: options.envelopedTransform ?? true,
      subjectName: rfc4514(certificate.subject), signingTime: vietnamLocalTime(signingTime), dsPrefix: options.dsPrefix === true,
    };
    render = (filled) => renderVnSlot(slotName, { ...template, ...filled });
  } else {
    const template: SignatureTemplate = {
      ...common, signedPropertiesId: `${signatureId}-SignedProperties`,
      signingTime: signingTime.toISOString(),
      certDigest: b64(createHash(hash).update(certificate.raw).digest()),
      issuerSerialV2: b64(issuerSerialOf(certificate.raw)),
    };
    render = (filled) => renderSlot(slotName, { ...template, ...filled });
  }
  // Each step canonicalises the element in its final place: inclusive c14n takes in-scope namespaces from the record.
  let filled = { propertiesDigest: '', signatureValue: '' };
  const place = () => spliceSlot(xml, listName, render(filled));
  const properties = ownSignature(place(), signatureId).properties;
  filled = { ...filled, propertiesDigest: b64(createHash(hash).update(canonicalize(properties, c14n), 'utf8').digest()) };
  const signedInfo = ownSignature(place(), signatureId).signedInfo;
  const value = sign(hash, Buffer.from(canonicalize(signedInfo, c14n), 'utf8'),
    key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'ieee-p1363' } : key);
  filled = { ...filled, signatureValue: b64(value) };
  const signed = place();
  await selfCheck(signed, signatureId);
  return signed;
}

function parseSigner(options: SignOptions): { key: KeyObject; certificate: X509Certificate; chain: Buffer[] } {
  let key: KeyObject;
  let certificate: X509Certificate;
  let chain: X509Certificate[];
  try {
    key = createPrivateKey(options.privateKeyPem);
    certificate = new X509Certificate(options.certificatePem);
    chain = (options.chainPem ?? '').match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g)?.map((pem) => new X509Certificate(pem)) ?? [];
  } catch (cause) {
    throw new HocbaError('signing_key_unreadable', { params: { detail: (cause as Error).message.slice(0, 120) }, cause });
  }
  if (!certificate.checkPrivateKey(key)) throw new HocbaError('signing_key_mismatch');
  // A weak key still signs: the trust check refuses it (key_too_weak), and tests need such records.
  const unsupported = unsupportedKey(certificate.publicKey);
  if (unsupported) throw new HocbaError('key_refused', { params: { detail: unsupported } });
  return { key, certificate, chain: chain.filter((c) => !c.raw.equals(certificate.raw)).map((c) => c.raw) };
}

function envelopeOf(xml: string): Envelope {
  const { envelope, issues } = readEnvelope(parseXml(xml).document);
  if (!envelope) throw new HocbaError(issues[0]!.code, { path: issues[0]!.path, params: issues[0]!.params });
  return envelope;
}

// Ids must stay unique across the record, also after any number of co-signers.
function freshId(envelope: Envelope, prefix: string): string {
  const taken = new Set<string>();
  for (const element of descendants(envelope.root)) for (const name of ['Id', 'ID', 'id']) taken.add(element.getAttribute(name) ?? '');
  for (;;) {
    const id = `${prefix}-${randomBytes(6).toString('hex')}`;
    if (!taken.has(id) && !taken.has(`${id}-SignedProperties`) && !taken.has(`${id}-SignatureProperties`)) return id;
  }
}

function qualified(like: string, local: string): string {
  const colon = like.indexOf(':');
  return colon < 0 ? local : `${like.slice(0, colon)}:${local}`;
}

// The element the second reference signs: XAdES SignedProperties, or the profile's ds:Object of SignatureProperties.
function ownSignature(xml: string, id: string): { signedInfo: Element; properties: Element } {
  const signature = envelopeOf(xml).signatures.find((found) => found.getAttribute('Id') === id)!;
  const all = [...descendants(signature)];
  return {
    signedInfo: all.find((element) => element.localName === 'SignedInfo')!,
    properties: all.find((element) => element.localName === 'SignedProperties')
      ?? all.find((element) => element.localName === 'Object' && element.getAttribute('Id') === `${id}-SignatureProperties`)!,
  };
}

// The signer refuses to hand out what the registry would refuse.
async function selfCheck(xml: string, id: string): Promise<void> {
  const { document } = parseXml(xml);
  const envelope = readEnvelope(document).envelope!;
  const index = envelope.signatures.findIndex((found) => found.getAttribute('Id') === id);
  const check = await verifySignature(document, envelope, envelope.signatures[index]!, index + 1);
  if (check.integrity !== 'intact') throw new HocbaError(check.issues[0]?.code ?? 'signature_invalid', { params: { detail: 'self-check' } });
}
