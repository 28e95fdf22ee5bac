// Key pairs of the test PKI: WebCrypto generation per key spec, PKCS#8 PEM export, the matching signing algorithm.
import { x509 } from '../trust/x509.ts';
import type { KeySpec } from './plan.ts';

const RSA_EXPONENT = new Uint8Array([1, 0, 1]);

function toKeyAlgorithm(spec: KeySpec): RsaHashedKeyGenParams | EcKeyGenParams {
  if (spec === 'ECDSA P-256') return { name: 'ECDSA', namedCurve: 'P-256' };
  const modulusLength = Number(spec.slice('RSA '.length));
  return { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: RSA_EXPONENT, hash: 'SHA-256' };
}

/** The algorithm a key of this spec signs certificates and CRLs with (SHA-256 throughout). */
export function toSigningAlgorithm(spec: KeySpec): Algorithm | EcdsaParams {
  return spec === 'ECDSA P-256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
}

/** Extractable, so the private key can be written out for the signer. */
export async function generateKeyPair(spec: KeySpec): Promise<CryptoKeyPair> {
  return await globalThis.crypto.subtle.generateKey(toKeyAlgorithm(spec), true, ['sign', 'verify']);
}

export async function toPrivateKeyPem(key: CryptoKey): Promise<string> {
  const der = await globalThis.crypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}
