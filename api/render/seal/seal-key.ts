// The registry's seal (SPEC §4 `serve --seal-key/--seal-cert/--seal-chain` or `--seal-p12`): the Sở's organisation
// certificate and its private key, read once at start and checked to belong together, so a copy is never sealed
// with a key that the printed certificate does not name.
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readPkcs12 } from './pkcs12.ts';
import { SealConfigError } from './seal-error.ts';

export interface SealKey {
  readonly key: KeyObject;
  /** The seal certificate, DER. */
  readonly cert: Uint8Array;
  /** The CAs above it (issuing CA first), DER; the root may be included so a reader can build the path offline. */
  readonly chain: readonly Uint8Array[];
  readonly algorithm: 'rsa' | 'ecdsa';
  /** SHA-256 of the certificate DER, hex: how the upload check knows a seal is the registry's. */
  readonly fingerprint: string;
  readonly subject: string;
}

export { SealConfigError };

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function certificatesOfPem(pem: string): Uint8Array[] {
  return [...pem.matchAll(PEM_BLOCK)].map((match) => new Uint8Array(new X509Certificate(match[0]).raw));
}

export function sealFingerprint(certDer: Uint8Array): string {
  return createHash('sha256').update(certDer).digest('hex');
}

export function sealFromPem(input: { keyPem: string; certPem: string; chainPem?: string; passphrase?: string }): SealKey {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: input.keyPem, format: 'pem', ...(input.passphrase === undefined ? {} : { passphrase: input.passphrase }) });
  } catch (error) {
    throw new SealConfigError(`the seal key could not be read: ${(error as Error).message}`);
  }
  const [cert, ...rest] = certificatesOfPem(input.certPem);
  if (!cert) throw new SealConfigError('the seal certificate file holds no CERTIFICATE block');
  return toSealKey(key, cert, [...rest, ...certificatesOfPem(input.chainPem ?? '')]);
}

/** A PKCS#12 file (the form a CA usually delivers an organisation certificate in) and its password. */
export function sealFromP12(bytes: Uint8Array, password: string): SealKey {
  const read = readPkcs12(bytes, password);
  return toSealKey(read.key, read.cert, read.chain);
}

function toSealKey(key: KeyObject, cert: Uint8Array, chain: Uint8Array[], now = new Date()): SealKey {
  const parsed = new X509Certificate(cert);
  if (!parsed.checkPrivateKey(key)) throw new SealConfigError('the seal key does not belong to the seal certificate');
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
    throw new SealConfigError(`the seal key must be RSA or ECDSA (got ${key.asymmetricKeyType})`);
  }
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new SealConfigError('an ECDSA seal key must be on P-256 (signed with SHA-256)');
  }
  if (new Date(parsed.validTo) < now) throw new SealConfigError(`the seal certificate expired on ${parsed.validTo}`);
  if (new Date(parsed.validFrom) > now) throw new SealConfigError(`the seal certificate is not valid before ${parsed.validFrom}`);
  // The seal certificate itself is not repeated in the chain.
  const fingerprint = sealFingerprint(cert);
  const others = chain.filter((each) => sealFingerprint(each) !== fingerprint);
  return { key, cert, chain: others, algorithm: key.asymmetricKeyType === 'rsa' ? 'rsa' : 'ecdsa', fingerprint, subject: parsed.subject.replace(/\n/g, ', ') };
}
