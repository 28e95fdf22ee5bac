// SHA-256 in hex, the one way records, packages and certificates are named by digest; and digests of byte buffers
// the engine meets again and again (a school's certificates, in every package), kept per buffer object: the signature
// layer's CertDigest check and the chain check's fingerprint are the same SHA-256 of the same cached DER, computed
// once (issue 14). Callers pass buffers nobody writes to (cached parses).
import { createHash } from 'node:crypto';

/** SHA-256 in hex: the digest by which records, packages, tokens and certificates are named. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const known = new WeakMap<Uint8Array, Map<string, Buffer>>();

/** `algorithm` as node:crypto names it ('sha256', 'sha512'…). */
export function rememberedDigest(bytes: Uint8Array, algorithm: string): Buffer {
  let digests = known.get(bytes);
  if (!digests) known.set(bytes, (digests = new Map()));
  let digest = digests.get(algorithm);
  if (!digest) digests.set(algorithm, (digest = createHash(algorithm).update(bytes).digest()));
  return digest;
}
