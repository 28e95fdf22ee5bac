// A registry answer an admissions office can archive and show later (issue 18): the answer for one record, or for a
// whole claims check, as a JWS (RFC 7515 compact serialization) signed with the registry's seal — the same key and
// certificate that seal PDF copies. JWS rather than CMS: the answer is JSON, and any JOSE library (or `hocba
// verify-answer`) checks it; the certificate chain travels in `x5c` so it is checked offline against the root the
// office trusts. Nothing here knows HTTP.
import { createHash, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import type { SealKey } from '../render/index.ts';

/** The payload's `type`: what the answer is and which version of this format it follows. */
export const SIGNED_ANSWER_TYPE = 'hocba-answer/v1';
/** The JWS `typ` header: a registry answer, not a general-purpose token. */
const JOSE_TYPE = 'hocba-answer+jws';

export interface SignedAnswerPayload {
  readonly type: typeof SIGNED_ANSWER_TYPE;
  readonly kind: 'record' | 'claims';
  /** When the registry answered (ISO 8601). */
  readonly checkedAt: string;
  /** The registry's public origin, when it has one. */
  readonly registry: string | null;
  /** The transparency log's latest checkpoint at that moment (the signed note's text), when the log is kept. */
  readonly checkpoint: string | null;
  readonly answer: unknown;
}

function algorithmOf(key: KeyObject): { alg: 'RS256' | 'ES256' | 'ES384' | 'ES512'; hash: string; ecdsa: boolean } {
  if (key.asymmetricKeyType === 'rsa') return { alg: 'RS256', hash: 'sha256', ecdsa: false };
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve === 'prime256v1') return { alg: 'ES256', hash: 'sha256', ecdsa: true };
  if (curve === 'secp384r1') return { alg: 'ES384', hash: 'sha384', ecdsa: true };
  if (curve === 'secp521r1') return { alg: 'ES512', hash: 'sha512', ecdsa: true };
  throw new Error(`a seal key of type ${key.asymmetricKeyType ?? '?'} ${curve ?? ''} cannot sign a JWS`);
}

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** The compact JWS of `payload`, signed by the seal, its certificate and chain in `x5c` (RFC 7515 §4.1.6). */
export function signAnswer(payload: SignedAnswerPayload, seal: SealKey): string {
  const { alg, hash, ecdsa } = algorithmOf(seal.key);
  const header = { alg, typ: JOSE_TYPE, x5c: [seal.cert, ...seal.chain].map((der) => Buffer.from(der).toString('base64')) };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  // JWS wants ECDSA as r||s (IEEE P1363), not DER.
  const signature = sign(hash, Buffer.from(input), ecdsa ? { key: seal.key, dsaEncoding: 'ieee-p1363' } : seal.key);
  return `${input}.${b64url(signature)}`;
}

export type AnswerCheck =
  | {
    readonly ok: true;
    readonly payload: SignedAnswerPayload;
    /** The sealing certificate's subject and SHA-256 fingerprint (hex), and the subjects above it. */
    readonly signer: { readonly subject: string; readonly fingerprint: string; readonly chain: readonly string[] };
  }
  | { readonly ok: false; readonly reason: string };

export interface AnswerTrust {
  /** Roots (PEM) the chain must end at; the seal certificate itself may be one. */
  readonly roots?: readonly string[];
  /** Or the seal certificate's SHA-256 fingerprint, as the registry publishes it. */
  readonly fingerprint?: string;
}

/**
 * Checks a signed answer offline: the JWS signature under the first `x5c` certificate, and that certificate either
 * pinned by fingerprint or chained (each link's signature and validity at `checkedAt`) to one of the given roots.
 * Says why not, in words, for anything else; reads at most `maxBytes`.
 */
export function checkSignedAnswer(text: string, trust: AnswerTrust, maxBytes = 64 * 1024 * 1024): AnswerCheck {
  if (text.length > maxBytes) return { ok: false, reason: `the file is larger than ${maxBytes} bytes: not a registry answer` };
  const parts = text.trim().split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) return { ok: false, reason: 'not a compact JWS (three base64url parts separated by dots)' };
  const [head, body, signature] = parts as [string, string, string];
  let header: { alg?: unknown; typ?: unknown; x5c?: unknown };
  let payload: SignedAnswerPayload;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as typeof header;
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SignedAnswerPayload;
  } catch {
    return { ok: false, reason: 'the header or the payload is not JSON' };
  }
  if (header.typ !== JOSE_TYPE || payload.type !== SIGNED_ANSWER_TYPE) return { ok: false, reason: `not a ${SIGNED_ANSWER_TYPE} answer` };
  if (!Array.isArray(header.x5c) || header.x5c.length === 0 || header.x5c.length > 8 || !header.x5c.every((cert) => typeof cert === 'string')) {
    return { ok: false, reason: 'no certificate chain (x5c) in the header' };
  }
  let certs: X509Certificate[];
  try {
    certs = (header.x5c as string[]).map((cert) => new X509Certificate(Buffer.from(cert, 'base64')));
  } catch {
    return { ok: false, reason: 'a certificate of the chain cannot be read' };
  }
  const seal = certs[0]!;
  const { alg, hash, ecdsa } = algorithmOf(seal.publicKey);
  // The header names the algorithm, the certificate decides it: a header that disagrees is refused (no alg swap).
  if (header.alg !== alg) return { ok: false, reason: `the header's algorithm ${String(header.alg)} is not the seal key's ${alg}` };
  const signed = verify(hash, Buffer.from(`${head}.${body}`), ecdsa ? { key: seal.publicKey, dsaEncoding: 'ieee-p1363' } : seal.publicKey, Buffer.from(signature, 'base64url'));
  if (!signed) return { ok: false, reason: 'the signature does not match: the answer was changed after the registry signed it, or was not signed by this seal' };
  const fingerprint = createHash('sha256').update(seal.raw).digest('hex');
  const signer = { subject: seal.subject.replaceAll('\n', ', '), fingerprint, chain: certs.slice(1).map((cert) => cert.subject.replaceAll('\n', ', ')) };
  if (trust.fingerprint !== undefined) {
    if (trust.fingerprint.toLowerCase().replaceAll(':', '') !== fingerprint) return { ok: false, reason: `the seal certificate's fingerprint ${fingerprint} is not the one given` };
    return { ok: true, payload, signer };
  }
  const at = new Date(payload.checkedAt);
  if (Number.isNaN(at.getTime())) return { ok: false, reason: 'the answer carries no readable time (checkedAt)' };
  const roots = (trust.roots ?? []).map((pem) => new X509Certificate(pem));
  if (roots.length === 0) return { ok: false, reason: 'no trust given: name the root certificate (or the seal fingerprint) to check against' };
  const within = (cert: X509Certificate) => new Date(cert.validFrom) <= at && at <= new Date(cert.validTo);
  for (let at0 = 0; at0 < certs.length; at0++) {
    const cert = certs[at0]!;
    if (!within(cert)) return { ok: false, reason: `certificate ${cert.subject.replaceAll('\n', ', ')} was not valid at ${payload.checkedAt}` };
    const root = roots.find((candidate) => candidate.raw.equals(cert.raw) || (candidate.ca && cert.checkIssued(candidate) && cert.verify(candidate.publicKey)));
    if (root) return within(root) ? { ok: true, payload, signer } : { ok: false, reason: `the root ${root.subject.replaceAll('\n', ', ')} was not valid at ${payload.checkedAt}` };
    const issuer = certs[at0 + 1];
    if (!issuer || !issuer.ca || !cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) return { ok: false, reason: `the chain does not lead to the given root (stops at ${cert.subject.replaceAll('\n', ', ')})` };
  }
  return { ok: false, reason: 'the chain does not lead to the given root' };
}
