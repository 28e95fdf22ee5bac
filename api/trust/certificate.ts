// One X.509 certificate parsed once: its summary for reports (Vietnamese subject intact, MST/CCCD read) and its keys for matching.
import { createHash, createPublicKey } from 'node:crypto';
import { HocbaError } from '../errors.ts';
import { toNameField, toNameKey, toNameString } from './names.ts';
import { x509 } from './x509.ts';

/**
 * A certificate as reports show it. The same shape as api/verify/report.ts's, declared here because trust
 * may not import verify (.dependency-cruiser.cjs "trust-is-plain"); report.ts can re-export this one.
 */
export interface CertificateSummary {
  readonly subject: string;
  readonly commonName: string | null;
  readonly organisation: string | null;
  /** `UID=MST:…` organisation tax code, shown as it is. */
  readonly taxCode: string | null;
  /** `UID=CCCD:…` personal identification number of a person's certificate. */
  readonly personalId: string | null;
  readonly issuer: string;
  /** Upper-case hexadecimal. */
  readonly serial: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** SHA-256 of the DER encoding, lower-case hexadecimal. */
  readonly fingerprint: string;
  readonly publicKey: string;
}

export interface ParsedCertificate {
  readonly der: Uint8Array;
  readonly cert: x509.X509Certificate;
  readonly fingerprint: string;
  /** Name keys (names.ts) for issuer → subject matching. */
  readonly subjectKey: string;
  readonly issuerKey: string;
  readonly subjectKeyId: string | null;
  readonly authorityKeyId: string | null;
  /** SHA-256 of the SubjectPublicKeyInfo, lower-case hexadecimal: certificates sharing a key verify the same signatures. */
  readonly publicKeyId: string;
  readonly publicKey: PublicKeyInfo;
  readonly summary: CertificateSummary;
}

export interface PublicKeyInfo {
  /** `RSA 2048`, `ECDSA P-256`, `Ed25519`. */
  readonly text: string;
  readonly type: 'RSA' | 'ECDSA' | 'other';
  readonly bits: number | null;
  readonly curve: string | null;
}

const CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** SHA-256 of the DER encoding, lower-case hexadecimal. */
export function fingerprintOf(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** Serial numbers compared and shown as the integer's upper-case hex, without sign padding. */
export function toSerialHex(hex: string): string {
  return hex.toUpperCase().replace(/^(?:00)+(?=[0-9A-F]{2})/, '');
}

function describePublicKey(spki: ArrayBuffer): PublicKeyInfo {
  const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') {
    const bits = details.modulusLength ?? null;
    return { text: `RSA ${bits}`, type: 'RSA', bits, curve: null };
  }
  if (key.asymmetricKeyType === 'ec') {
    const curve = CURVES[details.namedCurve ?? ''] ?? details.namedCurve ?? 'unknown curve';
    return { text: `ECDSA ${curve}`, type: 'ECDSA', bits: null, curve };
  }
  const name = key.asymmetricKeyType === 'ed25519' ? 'Ed25519' : (key.asymmetricKeyType ?? 'unknown');
  return { text: name, type: 'other', bits: null, curve: null };
}

/** `UID=MST:…` / `UID=CCCD:…`: the value after the prefix, as it is. */
function uidValue(name: x509.Name, prefix: string): string | null {
  const uid = name.getField('0.9.2342.19200300.100.1.1').find((value) => value.startsWith(prefix));
  return uid === undefined ? null : uid.slice(prefix.length);
}

/** Throws `cert_malformed` when the bytes are not an X.509 certificate (the library parses fields lazily, so read them all here). */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  try {
    return readCertificate(der);
  } catch (cause) {
    throw new HocbaError('cert_malformed', { cause });
  }
}

function readCertificate(der: Uint8Array): ParsedCertificate {
  const cert = new x509.X509Certificate(der as Uint8Array<ArrayBuffer>);
  const publicKey = describePublicKey(cert.publicKey.rawData);
  const fingerprint = fingerprintOf(der);
  const subjectName = cert.subjectName;
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const aki = cert.getExtension(x509.AuthorityKeyIdentifierExtension);
  const summary: CertificateSummary = {
    subject: toNameString(subjectName),
    commonName: toNameField(subjectName, 'CN'),
    organisation: toNameField(subjectName, 'O'),
    taxCode: uidValue(subjectName, 'MST:'),
    personalId: uidValue(subjectName, 'CCCD:'),
    issuer: toNameString(cert.issuerName),
    serial: toSerialHex(cert.serialNumber),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    fingerprint,
    publicKey: publicKey.text,
  };
  return {
    der, cert, fingerprint, publicKey, summary,
    publicKeyId: fingerprintOf(new Uint8Array(cert.publicKey.rawData)),
    subjectKey: toNameKey(summary.subject),
    issuerKey: toNameKey(summary.issuer),
    subjectKeyId: ski?.keyId.toLowerCase() ?? null,
    authorityKeyId: aki?.keyId?.toLowerCase() ?? null,
  };
}

export function describeCertificate(der: Uint8Array): CertificateSummary {
  return parseCertificate(der).summary;
}

/** Self-issued by name, and self-signed by key id where both ids are present (RFC 5280 §3.2). */
export function isSelfSigned(parsed: ParsedCertificate): boolean {
  if (parsed.subjectKey !== parsed.issuerKey) return false;
  return parsed.authorityKeyId === null || parsed.subjectKeyId === null || parsed.authorityKeyId === parsed.subjectKeyId;
}
