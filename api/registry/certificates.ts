// Reads operator-supplied certificates and CRLs (PEM, DER, PKCS#7 bundles) into the facts the registry stores.
import 'reflect-metadata';
import { sha256Hex } from '../byte-digests.ts';
import { X509Certificate, X509Crl } from '@peculiar/x509';
import { HocbaError } from '../errors.ts';
import { decodeCertificateFile, decodeCrlFile } from '../trust/index.ts';

export interface CertificateFacts {
  readonly der: Uint8Array;
  /** SHA-256 of the DER, lower-case hex (the same as CertificateSummary.fingerprint). */
  readonly fingerprint: string;
  readonly subject: string;
  readonly issuer: string;
  /** Upper-case hex. */
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly selfIssued: boolean;
}

export interface CrlFacts {
  readonly der: Uint8Array;
  readonly fingerprint: string;
  readonly issuer: string;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | null;
}


/** Every certificate of the file: PEM (several), DER, a PKCS#7 bundle (.p7b), or base64 DER (api/trust/trust-files.ts). */
export function parseCertificates(input: string | Uint8Array): CertificateFacts[] {
  return decodeCertificateFile(input).map((der) => {
    try {
      const cert = new X509Certificate(der);
      return {
        der,
        fingerprint: sha256Hex(der),
        subject: cert.subject,
        issuer: cert.issuer,
        serial: cert.serialNumber.toUpperCase(),
        notBefore: cert.notBefore,
        notAfter: cert.notAfter,
        selfIssued: cert.subject === cert.issuer,
      };
    } catch (cause) {
      throw new HocbaError('certificate_unreadable', { cause });
    }
  });
}

export function parseCrl(input: string | Uint8Array): CrlFacts {
  const der = decodeCrlFile(input);
  try {
    const crl = new X509Crl(der);
    return { der, fingerprint: sha256Hex(der), issuer: crl.issuer, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate ?? null };
  } catch (cause) {
    throw new HocbaError('crl_unreadable', { cause });
  }
}
