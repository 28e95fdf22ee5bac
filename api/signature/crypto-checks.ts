// The cryptographic part: reference digests over our own canonical form, and the SignatureValue with node:crypto.
import { createHash, verify, type KeyObject, type X509Certificate } from 'node:crypto';
import { issue, type Issue } from '../errors.ts';
import { C14N_ALGORITHMS, DIGESTS, SIGNATURE_ALGORITHMS } from './algorithms.ts';
import { canonicalize, type C14nOptions } from './c14n.ts';
import { decodeBase64Value } from './read-signature.ts';
import { prefixListOf, type ResolvedReference } from './references.ts';
import type { SignatureParts } from './read-signature.ts';
import type { Where } from './where.ts';

/** Canonical forms and digests already computed for this document: co-signers of one DuLieu share them. */
export type DigestCache = Map<Element, Map<string, string | Buffer>>;

export function digestOf(target: Element, c14n: C14nOptions, hash: string, cache: DigestCache): Buffer {
  let known = cache.get(target);
  if (!known) cache.set(target, (known = new Map()));
  const form = `${c14n.exclusive ? 'exc' : 'inc'}${c14n.withComments ? '+comments' : ''}|${(c14n.inclusivePrefixes ?? []).join(' ')}`;
  const digestKey = `${form}|${hash}`;
  const cached = known.get(digestKey);
  if (cached) return cached as Buffer;
  let text = known.get(form) as string | undefined;
  if (text === undefined) known.set(form, (text = canonicalize(target, c14n)));
  const digest = createHash(hash).update(text, 'utf8').digest();
  known.set(digestKey, digest);
  return digest;
}

/** Recomputes each accepted reference's digest; `complete` only when every reference was checked and matched. */
export function checkDigests(references: ResolvedReference[], total: number, where: Where, cache: DigestCache): { issues: Issue[]; complete: boolean } {
  const issues: Issue[] = [];
  let matched = 0;
  for (const reference of references) {
    const hash = DIGESTS.get(reference.part.digestMethod);
    if (!hash) continue;
    const expected = decodeBase64Value(reference.part.digestValue);
    const path = `${where.base}/${reference.part.path}`;
    if (!expected) {
      issues.push(issue('signature_malformed', { signature: where.index, path: `${path}/DigestValue`, params: { detail: 'DigestValue is not base64' } }));
      continue;
    }
    if (digestOf(reference.target, reference.c14n, hash, cache).equals(expected)) matched++;
    else issues.push(issue('digest_mismatch', { signature: where.index, path, params: { uri: reference.part.uri ?? '' } }));
  }
  return { issues, complete: matched === total };
}

// `X509Certificate#publicKey` builds a new KeyObject on every read; a signer's certificate is parsed once and cached
// (signing-certificate.ts), so its key is kept with it.
const publicKeys = new WeakMap<X509Certificate, KeyObject>();
function publicKeyOf(certificate: X509Certificate): KeyObject {
  let key = publicKeys.get(certificate);
  if (!key) publicKeys.set(certificate, (key = certificate.publicKey));
  return key;
}

/** SignatureValue over the canonical SignedInfo, with the identified signer's key only (never "any KeyInfo key"). */
export function checkSignatureValue(parts: SignatureParts, certificate: X509Certificate, where: Where): { issues: Issue[]; verified: boolean } {
  const algorithm = SIGNATURE_ALGORITHMS.get(parts.signatureMethod);
  const method = C14N_ALGORITHMS.get(parts.canonicalization.getAttribute('Algorithm') ?? '');
  if (!algorithm || !method) return { issues: [], verified: false };
  const fail = (code: 'signature_invalid' | 'key_refused', path: string, detail: string) =>
    ({ issues: [issue(code, { signature: where.index, path: `${where.base}/${path}`, params: { detail } })], verified: false });
  let key: KeyObject;
  try {
    key = publicKeyOf(certificate);
  } catch {
    return fail('key_refused', 'KeyInfo', 'unsupported public key algorithm');
  }
  const keyProblem = unsupportedKey(key);
  if (keyProblem) return fail('key_refused', 'KeyInfo', keyProblem);
  if (key.asymmetricKeyType !== algorithm.key) {
    return fail('signature_invalid', 'SignedInfo/SignatureMethod', `a ${key.asymmetricKeyType} key cannot make ${parts.signatureMethod}`);
  }
  const value = decodeBase64Value(parts.signatureValue);
  if (!value) return fail('signature_invalid', 'SignatureValue', 'SignatureValue is not base64');
  const prefixes = method.exclusive ? prefixListOf(parts.canonicalization) : [];
  const signedInfo = canonicalize(parts.signedInfo, { ...method, inclusivePrefixes: prefixes });
  let good = false;
  try {
    // XMLDSig ECDSA values are r||s (IEEE P1363), not DER.
    good = algorithm.key === 'ec'
      ? verify(algorithm.hash, Buffer.from(signedInfo, 'utf8'), { key, dsaEncoding: 'ieee-p1363' }, toFullLengthEcdsa(value, key))
      : verify(algorithm.hash, Buffer.from(signedInfo, 'utf8'), key, value);
  } catch {
    good = false;
  }
  return good ? { issues: [], verified: true } : fail('signature_invalid', 'SignatureValue', 'SignatureValue');
}

/** Bytes of each of r and s per curve (Node's curve names): the size of the group order. */
const ECDSA_HALF: Readonly<Record<string, number>> = { prime256v1: 32, secp384r1: 48, secp521r1: 66 };

/**
 * XMLDSig ECDSA values are r||s, each exactly as long as the curve's order (RFC 4050 §3.3, XMLDSig 1.1 §6.4.3).
 * Some Java signers drop the leading zero bytes of both halves (xmlsec's `enveloped-ecdsa-java-bug` vector, a P-521
 * r||s of 130 bytes instead of 132); xmlsec1 accepts such a value by splitting it in two equal halves, so do we: a
 * shorter value of even length is split at its middle and each half left-padded. An odd length cannot be split and
 * stays refused; any other value is verified as it is.
 */
export function toFullLengthEcdsa(value: Buffer, key: KeyObject): Buffer {
  const half = ECDSA_HALF[key.asymmetricKeyDetails?.namedCurve ?? ''];
  if (half === undefined || value.length === 0 || value.length >= 2 * half || value.length % 2 !== 0) return value;
  const given = value.length / 2;
  const padded = Buffer.alloc(2 * half);
  value.copy(padded, half - given, 0, given);
  value.copy(padded, 2 * half - given, given);
  return padded;
}

/** Only RSA and EC keys can make the accepted SignatureMethods; their strength (RSA ≥ 2048, P-256+) is judged by
 * api/trust (key_too_weak), with the rest of the certificate. */
export function unsupportedKey(key: KeyObject): string | null {
  return key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ec' ? null : `${key.asymmetricKeyType ?? 'unknown'} key`;
}
