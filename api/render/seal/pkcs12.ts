// A PKCS#12 file (RFC 7292) → the seal's key, certificate and chain. Node reads the shrouded key bag itself
// (createPrivateKey with a passphrase); the certificates sit in a PBES2-encrypted bag (OpenSSL 3's default, AES
// with PBKDF2), decrypted here with node:crypto. Legacy RC2/3DES bags are refused with how to re-export.
import { createDecipheriv, createPrivateKey, pbkdf2Sync, X509Certificate, type KeyObject } from 'node:crypto';
import { childrenOf, contentOf, readOid, readTlv, type Tlv } from '../../der.ts';
import { SealConfigError } from './seal-error.ts';

const DATA = '1.2.840.113549.1.7.1';
const ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
const KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';
const X509_CERT = '1.2.840.113549.1.9.22.1';
const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';
const PRF: Record<string, string> = { '1.2.840.113549.2.7': 'sha1', '1.2.840.113549.2.9': 'sha256', '1.2.840.113549.2.10': 'sha384', '1.2.840.113549.2.11': 'sha512' };
const AES: Record<string, { cipher: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { cipher: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { cipher: 'aes-256-cbc', keyLength: 32 },
};

const REEXPORT = 're-export it with OpenSSL 3 (openssl pkcs12 -export …, AES-256 with PBKDF2) or give --seal-key/--seal-cert as PEM';

export function readPkcs12(file: Uint8Array, password: string): { key: KeyObject; cert: Uint8Array; chain: Uint8Array[] } {
  const bytes = Buffer.from(file);
  try {
    const pfx = readTlv(bytes, 0);
    const [, authSafe] = childrenOf(bytes, pfx);
    if (!authSafe) throw new SealConfigError('not a PKCS#12 file');
    const authData = dataOf(bytes, authSafe);
    const keys: KeyObject[] = [];
    const certs: Uint8Array[] = [];
    for (const info of childrenOf(authData, readTlv(authData, 0))) {
      const [typeNode, content] = childrenOf(authData, info);
      const type = readOid(authData, typeNode!);
      const bagsDer = type === DATA ? dataOf(authData, info) : type === ENCRYPTED_DATA ? decryptData(authData, content!, password) : null;
      if (bagsDer === null) continue;
      for (const bag of childrenOf(bagsDer, readTlv(bagsDer, 0))) readBag(bagsDer, bag, password, keys, certs);
    }
    const key = keys[0];
    if (!key) throw new SealConfigError('the PKCS#12 file holds no private key');
    const own = certs.find((der) => new X509Certificate(der).checkPrivateKey(key));
    if (!own) throw new SealConfigError('the PKCS#12 file holds no certificate for its key');
    return { key, cert: own, chain: certs.filter((der) => der !== own) };
  } catch (error) {
    if (error instanceof SealConfigError) throw error;
    throw new SealConfigError(`the PKCS#12 file could not be read (wrong password?): ${(error as Error).message}`);
  }
}

/** The OCTET STRING inside a ContentInfo of type data ([0] EXPLICIT OCTET STRING). */
function dataOf(bytes: Uint8Array, info: Tlv): Uint8Array {
  const [, explicit] = childrenOf(bytes, info);
  const inner = readTlv(bytes, explicit!.body, explicit!.end);
  return octetContent(bytes, inner);
}

/** A primitive OCTET STRING, or a constructed one (BER, as some exporters write) joined. */
function octetContent(bytes: Uint8Array, node: Tlv): Uint8Array {
  if ((node.tag & 0x20) === 0) return contentOf(bytes, node);
  return Buffer.concat(childrenOf(bytes, node).map((part) => octetContent(bytes, part)));
}

function readBag(bytes: Uint8Array, bag: Tlv, password: string, keys: KeyObject[], certs: Uint8Array[]): void {
  const [idNode, valueNode] = childrenOf(bytes, bag);
  const id = readOid(bytes, idNode!);
  const value = readTlv(bytes, valueNode!.body, valueNode!.end);
  const der = Buffer.from(bytes.subarray(value.start, value.end));
  if (id === SHROUDED_KEY_BAG) keys.push(createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase: password }));
  else if (id === KEY_BAG) keys.push(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
  else if (id === CERT_BAG) {
    const [certType, certValue] = childrenOf(bytes, value);
    if (readOid(bytes, certType!) !== X509_CERT) return;
    certs.push(new Uint8Array(octetContent(bytes, readTlv(bytes, certValue!.body, certValue!.end))));
  }
}

/** EncryptedData with PBES2 (PBKDF2 + AES-CBC) → the SafeContents DER. */
function decryptData(bytes: Uint8Array, explicit: Tlv, password: string): Uint8Array {
  const encryptedData = readTlv(bytes, explicit.body, explicit.end);
  const [, eci] = childrenOf(bytes, encryptedData);
  const [, algorithm, encrypted] = childrenOf(bytes, eci!);
  const [algOid, params] = childrenOf(bytes, algorithm!);
  if (readOid(bytes, algOid!) !== PBES2) throw new SealConfigError(`the PKCS#12 certificates use a legacy cipher: ${REEXPORT}`);
  const [kdf, scheme] = childrenOf(bytes, params!);
  const [kdfOid, kdfParams] = childrenOf(bytes, kdf!);
  if (readOid(bytes, kdfOid!) !== PBKDF2) throw new SealConfigError(`unsupported PKCS#12 key derivation: ${REEXPORT}`);
  const [salt, iterations, ...more] = childrenOf(bytes, kdfParams!);
  const prfNode = more.find((node) => node.tag === 0x30);
  const hash = prfNode ? PRF[readOid(bytes, childrenOf(bytes, prfNode)[0]!)] : 'sha1';
  const [schemeOid, iv] = childrenOf(bytes, scheme!);
  const aes = AES[readOid(bytes, schemeOid!)];
  if (!aes || !hash) throw new SealConfigError(`unsupported PKCS#12 cipher: ${REEXPORT}`);
  const count = Number(Buffer.from(contentOf(bytes, iterations!)).readUIntBE(0, Math.min(6, iterations!.end - iterations!.body)));
  if (count > 10_000_000) throw new SealConfigError('the PKCS#12 iteration count is implausibly high');
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), contentOf(bytes, salt!), count, aes.keyLength, hash);
  const decipher = createDecipheriv(aes.cipher, key, contentOf(bytes, iv!));
  const data = encrypted!.tag === 0x80 ? contentOf(bytes, encrypted!) : octetContent(bytes, encrypted!);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}
