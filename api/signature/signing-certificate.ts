// Identifies the signer: the one KeyInfo certificate whose hash equals the XAdES SigningCertificate(V2) CertDigest.
// Done here, never by xadesjs VerifySigningCertificate(), which loops forever when nothing matches (STACK.md).
import { X509Certificate } from 'node:crypto';
import { issue, type Issue } from '../errors.ts';
import { childElements, textOf } from '../xml/index.ts';
import { certDigestHash, DSIG_NS, isWeakAlgorithm, replacementFor, XADES_NS } from './algorithms.ts';
import { certificateIssuerSerial, nameValues, readIssuerSerial } from '../der.ts';
import { rememberedDigest } from '../byte-digests.ts';
import { decodeBase64Value } from './read-signature.ts';
import type { Where } from './where.ts';

export interface KeyInfoCertificate {
  readonly der: Buffer;
  readonly x509: X509Certificate;
}

export interface SignerResult {
  readonly signer: KeyInfoCertificate | null;
  readonly candidates: KeyInfoCertificate[];
  readonly issues: Issue[];
}

const CERT_PATH = 'Object/QualifyingProperties/SignedProperties/SignedSignatureProperties';

/** The KeyInfo certificates, each once (by DER), in document order; an unreadable one is an issue. */
export function readKeyInfoCertificates(base64Certificates: string[], where: Where): { certificates: KeyInfoCertificate[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const certificates: KeyInfoCertificate[] = [];
  const seen = new Set<string>(); // by DER: a list searched per certificate was quadratic in KeyInfo's size
  base64Certificates.forEach((text, i) => {
    const found = toCertificate(text);
    if (!found) issues.push(issue('certificate_unreadable', { signature: where.index, path: `${where.base}/KeyInfo`, params: { position: i + 1 } }));
    else if (!seen.has(derKeyOf(found))) {
      seen.add(derKeyOf(found));
      certificates.push(found);
    }
  });
  return { certificates, issues };
}

/**
 * The Vietnamese XML-DSig profile signs no certificate digest: the signer is KeyInfo's first certificate, as the
 * e-invoice tools write it (their own certificate, then at most its chain). Its key must then verify the
 * SignatureValue, and the certificate passes the same trust checks as a XAdES signer's; what the profile cannot
 * bind is which of two certificates over the same key was meant (docs/SECURITY.md).
 */
export function firstCertificateSigner(base64Certificates: string[], where: Where): SignerResult {
  const { certificates, issues } = readKeyInfoCertificates(base64Certificates, where);
  const readable = base64Certificates.length > 0 && issues.length === 0;
  if (!readable || certificates.length === 0) {
    if (base64Certificates.length === 0) {
      issues.push(issue('signing_certificate_missing', { signature: where.index, path: `${where.base}/KeyInfo`, params: { detail: 'no certificate in KeyInfo/X509Data' } }));
    }
    return { signer: null, candidates: certificates, issues };
  }
  return { signer: certificates[0]!, candidates: certificates.slice(1), issues };
}

export function identifySigner(properties: Element | null, base64Certificates: string[], where: Where): SignerResult {
  const at = (path: string) => `${where.base}/${path}`;
  const { certificates, issues } = readKeyInfoCertificates(base64Certificates, where);
  const v2 = properties ? childElements(properties, XADES_NS, 'SigningCertificateV2') : [];
  const v1 = properties ? childElements(properties, XADES_NS, 'SigningCertificate') : [];
  const container = v2[0] ?? v1[0];
  const cert = container ? childElements(container, XADES_NS, 'Cert')[0] : undefined;
  const certDigest = cert ? childElements(cert, XADES_NS, 'CertDigest')[0] : undefined;
  if (!certDigest || certificates.length === 0) {
    const detail = certificates.length === 0 ? 'no certificate in KeyInfo/X509Data' : 'no SigningCertificateV2/Cert/CertDigest';
    issues.push(issue('signing_certificate_missing', { signature: where.index, path: at(certificates.length === 0 ? 'KeyInfo' : CERT_PATH), params: { detail } }));
    return { signer: null, candidates: certificates, issues };
  }
  const path = at(`${CERT_PATH}/${container!.localName}/Cert/CertDigest`);
  const method = childElements(certDigest, DSIG_NS, 'DigestMethod')[0]?.getAttribute('Algorithm') ?? '';
  const hash = certDigestHash(method);
  if (!hash) {
    const params: Record<string, string> = isWeakAlgorithm(method) ? { algorithm: method, replacement: replacementFor(method) } : { algorithm: method || '(none)' };
    issues.push(issue(isWeakAlgorithm(method) ? 'algorithm_refused' : 'algorithm_unsupported', { signature: where.index, path, params }));
    return { signer: null, candidates: certificates, issues };
  }
  const valueElement = childElements(certDigest, DSIG_NS, 'DigestValue')[0];
  const expected = valueElement ? decodeBase64Value(textOf(valueElement)) : null;
  const matches = expected ? certificates.filter((c) => rememberedDigest(c.der, hash).equals(expected)) : [];
  if (matches.length !== 1) {
    issues.push(issue('signing_certificate_mismatch', { signature: where.index, path, params: { matches: matches.length, detail: 'CertDigest' } }));
    return { signer: null, candidates: certificates, issues };
  }
  const signer = matches[0]!;
  const candidates = certificates.filter((c) => c !== signer);
  const serialIssue = checkIssuerSerial(cert!, signer);
  if (serialIssue) {
    issues.push(issue('signing_certificate_mismatch', { signature: where.index, path: at(`${CERT_PATH}/${container!.localName}/Cert`), params: { matches: 0, detail: serialIssue } }));
    return { signer: null, candidates: certificates, issues };
  }
  return { signer, candidates, issues };
}

// IssuerSerialV2 is compared byte for byte; a V1 X509IssuerName is free text in several dialects (RFC 2253, .NET,
// Java), so its attribute values are compared, not its type names; the serial number always exactly.
function checkIssuerSerial(cert: Element, signer: KeyInfoCertificate): string | null {
  try {
    const own = ownIssuerSerial(signer);
    const v2 = childElements(cert, XADES_NS, 'IssuerSerialV2')[0];
    if (v2) {
      const der = decodeBase64Value(textOf(v2));
      if (!der) return 'IssuerSerialV2 is not base64';
      const claimed = readIssuerSerial(der);
      if (!Buffer.from(claimed.serial).equals(own.serialContent)) return 'IssuerSerialV2 serial number';
      if (claimed.issuers.length > 0 && !claimed.issuers.some((name) => Buffer.from(name).equals(own.issuer))) return 'IssuerSerialV2 issuer';
      return null;
    }
    const v1 = childElements(cert, XADES_NS, 'IssuerSerial')[0];
    if (!v1) return null;
    const serial = textOf(childElements(v1, DSIG_NS, 'X509SerialNumber')[0] ?? v1).trim();
    if (!/^-?\d{1,200}$/.test(serial) || BigInt(serial) !== serialNumberOf(own.serialContent)) return 'X509SerialNumber';
    const issuerName = childElements(v1, DSIG_NS, 'X509IssuerName')[0];
    if (issuerName && !sameValues(distinguishedNameValues(textOf(issuerName)), nameValues(own.issuer))) return 'X509IssuerName';
    return null;
  } catch {
    return 'IssuerSerial cannot be read';
  }
}

/** An INTEGER's content octets (two's complement) as the number X509SerialNumber writes in decimal. */
function serialNumberOf(content: Uint8Array): bigint {
  const value = BigInt(`0x${Buffer.from(content).toString('hex') || '0'}`);
  return (content[0] ?? 0) & 0x80 ? value - (1n << BigInt(content.length * 8)) : value;
}

// RFC 4514-style text → attribute values (`CN=A\, B, O=C` → ["A, B", "C"]); a hex (#…) value is skipped, and then
// the remaining values need only be among the certificate's.
function distinguishedNameValues(text: string): { values: string[]; partial: boolean } {
  const values: string[] = [];
  let partial = false;
  for (const match of text.matchAll(/=\s*((?:\\.|"[^"]*"|[^,;+\\])*)/g)) {
    const raw = match[1]!.trim();
    if (raw.startsWith('#')) {
      partial = true;
      continue;
    }
    values.push(raw.replace(/^"(.*)"$/, '$1').replace(/\\([0-9A-Fa-f]{2})/g, (_, hex: string) => `%${hex}`)
      .replace(/\\(.)/g, '$1').replace(/(%[0-9A-Fa-f]{2})+/g, (run) => decodeURIComponent(run)));
  }
  return { values, partial };
}

function sameValues(claimed: { values: string[]; partial: boolean }, actual: string[]): boolean {
  const normal = (value: string) => value.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
  const remaining = actual.map(normal);
  for (const value of claimed.values.map(normal)) {
    const at = remaining.indexOf(value);
    if (at < 0) return false;
    remaining.splice(at, 1);
  }
  return claimed.partial || remaining.length === 0;
}

const parsed = new Map<string, KeyInfoCertificate | null>();

// What is derived from a KeyInfo certificate, kept with the parsed one (the cache below bounds both): the same school
// certificates come in every package, and re-encoding, hashing and re-reading them was a tenth of the engine (issue 14).
// Digests go to api/byte-digests.ts, shared with the chain check's fingerprint.
interface Derived {
  derKey?: string;
  issuerSerial?: ReturnType<typeof certificateIssuerSerial>;
}
const derived = new WeakMap<KeyInfoCertificate, Derived>();
function derivedOf(certificate: KeyInfoCertificate): Derived {
  let found = derived.get(certificate);
  if (!found) derived.set(certificate, (found = {}));
  return found;
}

function derKeyOf(certificate: KeyInfoCertificate): string {
  const known = derivedOf(certificate);
  return (known.derKey ??= certificate.der.toString('base64'));
}

/** `certificateIssuerSerial` of a KeyInfo certificate, read once (not der.ts's `issuerSerialOf`, which encodes one). */
function ownIssuerSerial(certificate: KeyInfoCertificate): ReturnType<typeof certificateIssuerSerial> {
  const known = derivedOf(certificate);
  return (known.issuerSerial ??= certificateIssuerSerial(certificate.der));
}

// The registry sees the same school certificates all day: parse each once (bounded cache). The text as it stands in
// the document is tried first, so a certificate seen before costs one lookup, not a copy without its whitespace.
function toCertificate(text: string): KeyInfoCertificate | null {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const compact = text.replace(/[ \t\r\n]/g, '');
  if (parsed.has(compact)) return remember(text, parsed.get(compact)!);
  const der = decodeBase64Value(compact);
  let found: KeyInfoCertificate | null = null;
  try {
    if (der) found = { der, x509: new X509Certificate(der) };
  } catch {
    found = null;
  }
  remember(compact, found);
  return remember(text, found);
}

/** A real certificate is 1–3 KB of base64: anything longer is parsed each time, never kept (SECURITY D74). */
export const MAX_CACHED_CERTIFICATE_TEXT = 16 * 1024;

function remember(text: string, found: KeyInfoCertificate | null): KeyInfoCertificate | null {
  if (text.length > MAX_CACHED_CERTIFICATE_TEXT) return found;
  if (parsed.size >= 512) parsed.delete(parsed.keys().next().value!);
  parsed.set(ownCopy(text), found);
  return found;
}

// A value read from a document is a slice of the whole document's text (V8 sliced strings), and a large document's
// text lives outside the V8 heap, where a worker's memory cap does not reach: kept as a key, a 2 KB slice kept its
// whole 2 MB upload alive. JSON's round trip gives a flat string of its own, exactly equal.
function ownCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** What the certificate cache holds (tests: it stays bounded whatever uploads hold). */
export function keyInfoCacheStats(): { entries: number; characters: number } {
  let characters = 0;
  for (const key of parsed.keys()) characters += key.length;
  return { entries: parsed.size, characters };
}
