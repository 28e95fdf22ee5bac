// The cryptographic part: reference digests over our own canonical form, and the SignatureValue with node:crypto.
import { createHash, verify, type KeyObject, type X509Certificate } from 'node:crypto';
import { issue, type Issue } from '../errors.ts';
import { C14N_ALGORITHMS, DIGESTS, SIGNATURE_ALGORITHMS } from './algorithms.ts';
import { canonicalize, type C14nOptions } from './c14n.ts';
import { decodeBase64Value } from './read-signature.ts';
import { prefixListOf, type ResolvedReference } from './references.ts';
import type { SignatureParts } from './read-signature.ts';

/** Canonical forms and digests already computed for this document: co-signers of one DuLieu share them. */
export type DigestCache = Map<Element, Map<string, string | Buffer>>;

interface Where {
  readonly index: number;
  readonly base: string;
}

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

/** SignatureValue over the canonical SignedInfo, with the identified signer's key only (never "any KeyInfo key"). */
export function checkSignatureValue(parts: SignatureParts, certificate: X509Certificate, where: Where): { issues: Issue[]; verified: boolean } {
  const algorithm = SIGNATURE_ALGORITHMS.get(parts.signatureMethod);
  const method = C14N_ALGORITHMS.get(parts.canonicalization.getAttribute('Algorithm') ?? '');
  if (!algorithm || !method) return { issues: [], verified: false };
  const fail = (code: 'signature_invalid' | 'key_refused', path: string, detail: string) =>
    ({ issues: [issue(code, { signature: where.index, path: `${where.base}/${path}`, params: { detail } })], verified: false });
  let key: KeyObject;
  try {
    key = certificate.publicKey;
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
    good = verify(algorithm.hash, Buffer.from(signedInfo, 'utf8'), algorithm.key === 'ec' ? { key, dsaEncoding: 'ieee-p1363' } : key, value);
  } catch {
    good = false;
  }
  return good ? { issues: [], verified: true } : fail('signature_invalid', 'SignatureValue', 'SignatureValue');
}

/** Only RSA and EC keys can make the accepted SignatureMethods; their strength (RSA ≥ 2048, P-256+) is judged by
 * api/trust (key_too_weak), with the rest of the certificate. */
export function unsupportedKey(key: KeyObject): string | null {
  return key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ec' ? null : `${key.asymmetricKeyType ?? 'unknown'} key`;
}
