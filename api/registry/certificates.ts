// Reads operator-supplied certificates and CRLs (PEM or DER) into the facts the registry stores.
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { PemConverter, X509Certificate, X509Crl } from '@peculiar/x509';
import { HocbaError } from '../errors.ts';

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

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A PEM bundle may hold several certificates; DER holds one. */
export function parseCertificates(input: string | Uint8Array): CertificateFacts[] {
  const blocks = toDerBlocks(input, 'certificate_unreadable');
  return blocks.map((der) => {
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
  const [der] = toDerBlocks(input, 'crl_unreadable');
  try {
    const crl = new X509Crl(der!);
    return { der: der!, fingerprint: sha256Hex(der!), issuer: crl.issuer, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate ?? null };
  } catch (cause) {
    throw new HocbaError('crl_unreadable', { cause });
  }
}

function toDerBlocks(input: string | Uint8Array, code: 'certificate_unreadable' | 'crl_unreadable'): Uint8Array<ArrayBuffer>[] {
  const text = typeof input === 'string' ? input : looksLikePem(input) ? Buffer.from(input).toString('latin1') : null;
  if (text === null) return [new Uint8Array(input as Uint8Array)];
  try {
    const blocks = PemConverter.decode(text).map((buffer) => new Uint8Array(buffer));
    if (blocks.length === 0) throw new Error('no PEM block');
    return blocks;
  } catch (cause) {
    throw new HocbaError(code, { cause });
  }
}

function looksLikePem(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 64)).toString('latin1').includes('-----BEGIN');
}
