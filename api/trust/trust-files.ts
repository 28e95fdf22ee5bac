// Trust material in the formats Vietnamese CAs publish (issue 16): certificates as PEM or DER, chains as PKCS#7
// certificate bundles (.p7b/.p7c, DER or PEM — the national root CA publishes its chain so), CRLs as PEM or DER.
// The operator API carries them in JSON strings: PEM text, or the DER as base64.
import { HocbaError } from '../errors.ts';
import { x509 } from './x509.ts';

/** More certificates than any CA's chain bundle holds: a cost cap on one file. */
export const MAX_BUNDLE_CERTIFICATES = 64;

const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
const BUNDLE_LABELS = new Set(['PKCS7', 'CMS', 'PKCS #7 SIGNED DATA']);
const CRL_LABELS = new Set(['X509 CRL', 'CRL']);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

type Input = string | Uint8Array;
type Der = Uint8Array<ArrayBuffer>;

/**
 * DER of every certificate in the file, in order: PEM blocks of certificates or PKCS#7 bundles (any mix), the DER
 * of one certificate or of one PKCS#7 SignedData, or either DER as base64. Anything else — a private key, a CRL, a
 * bundle with no certificate, more than MAX_BUNDLE_CERTIFICATES — is `certificate_unreadable`, never skipped.
 */
export function decodeCertificateFile(input: Input): Der[] {
  const found: Der[] = [];
  for (const block of blocksOf(input, 'certificate_unreadable')) {
    if (block.label === null) found.push(...certificatesOfDer(block.der));
    else if (CERTIFICATE_LABELS.has(block.label)) found.push(certificate(block.der));
    else if (BUNDLE_LABELS.has(block.label)) found.push(...bundle(block.der));
    else throw unreadable('certificate_unreadable', `a PEM block of ${block.label.slice(0, 40)}`);
    if (found.length > MAX_BUNDLE_CERTIFICATES) throw unreadable('certificate_unreadable', `more than ${MAX_BUNDLE_CERTIFICATES} certificates`);
  }
  if (found.length === 0) throw unreadable('certificate_unreadable', 'no certificate');
  return found;
}

/** DER of the one CRL in the file: a PEM `X509 CRL` block, DER, or DER as base64. */
export function decodeCrlFile(input: Input): Der {
  const blocks = blocksOf(input, 'crl_unreadable');
  if (blocks.length !== 1) throw unreadable('crl_unreadable', `${blocks.length} PEM blocks (one CRL per file)`);
  const [block] = blocks;
  if (block!.label !== null && !CRL_LABELS.has(block!.label)) throw unreadable('crl_unreadable', `a PEM block of ${block!.label.slice(0, 40)}`);
  try {
    return new Uint8Array(new x509.X509Crl(block!.der).rawData);
  } catch (cause) {
    throw unreadable('crl_unreadable', 'not an X.509 CRL', cause);
  }
}

interface Block {
  /** The PEM label, or null for bare DER. */
  readonly label: string | null;
  readonly der: Der;
}

function blocksOf(input: Input, code: 'certificate_unreadable' | 'crl_unreadable'): Block[] {
  // DER starts with a SEQUENCE; anything else is text (PEM, or base64 without armour).
  if (typeof input !== 'string' && input[0] === 0x30) return [{ label: null, der: new Uint8Array(input) }];
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  if (text.includes('-----BEGIN')) {
    let blocks: Array<{ type: string; rawData: ArrayBuffer }>;
    try {
      blocks = x509.PemConverter.decodeWithHeaders(text);
    } catch (cause) {
      throw unreadable(code, 'PEM cannot be read', cause);
    }
    if (blocks.length === 0) throw unreadable(code, 'PEM cannot be read');
    return blocks.map((block) => ({ label: block.type.toUpperCase(), der: new Uint8Array(block.rawData) }));
  }
  const compact = text.replace(/[ \t\r\n]/g, '');
  if (compact.length === 0 || !BASE64.test(compact)) throw unreadable(code, 'neither PEM, DER nor base64 DER');
  return [{ label: null, der: new Uint8Array(Buffer.from(compact, 'base64')) }];
}

// Bare DER: a Certificate is SEQUENCE { SEQUENCE tbs, … }, a PKCS#7 ContentInfo SEQUENCE { OID, [0] … }.
function certificatesOfDer(der: Der): Der[] {
  return firstChildTag(der) === 0x06 ? bundle(der) : [certificate(der)];
}

function firstChildTag(der: Uint8Array): number | undefined {
  if (der[0] !== 0x30 || der.length < 2) return undefined;
  const length = der[1]!;
  const header = length & 0x80 ? 2 + (length & 0x7f) : 2;
  return der[header];
}

function certificate(der: Der): Der {
  try {
    return new Uint8Array(new x509.X509Certificate(der).rawData);
  } catch (cause) {
    throw unreadable('certificate_unreadable', 'not an X.509 certificate', cause);
  }
}

function bundle(der: Der): Der[] {
  let certificates: x509.X509Certificates;
  try {
    certificates = new x509.X509Certificates(der);
  } catch (cause) {
    throw unreadable('certificate_unreadable', 'not a PKCS#7 certificate bundle', cause);
  }
  if (certificates.length === 0) throw unreadable('certificate_unreadable', 'a PKCS#7 bundle with no certificate');
  return certificates.map((found) => new Uint8Array(found.rawData));
}

function unreadable(code: 'certificate_unreadable' | 'crl_unreadable', detail: string, cause?: unknown): HocbaError {
  return new HocbaError(code, { params: { detail }, cause });
}
