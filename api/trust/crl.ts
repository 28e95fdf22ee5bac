// One CRL parsed once (RFC 5280 §5): issuer key, update times, and its revoked serials indexed for lookups.
import { HocbaError } from '../errors.ts';
import { fingerprintOf, toSerialHex } from './certificate.ts';
import { toNameKey, toNameString } from './names.ts';
import { x509 } from './x509.ts';

export interface Revocation {
  readonly date: Date;
  /** RFC 5280 §5.3.1 reason code; 6 = certificateHold (not permanent). */
  readonly reason: number | null;
}

export interface ParsedCrl {
  readonly der: Uint8Array;
  readonly crl: x509.X509Crl;
  readonly fingerprint: string;
  readonly issuer: string;
  readonly issuerKey: string;
  readonly authorityKeyId: string | null;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | null;
  /** Upper-case serial → revocation. */
  readonly revoked: ReadonlyMap<string, Revocation>;
  /**
   * A critical extension this code does not process (issuing distribution point, delta CRL indicator):
   * the CRL may cover only part of the issuer's certificates, so it cannot prove a certificate good.
   */
  readonly hasUnsupportedCritical: boolean;
}

const UNDERSTOOD_CRL_EXTENSIONS = new Set(['2.5.29.35', '2.5.29.20']); // authority key id, CRL number
export const CERTIFICATE_HOLD = 6;

/** Throws `crl_malformed` when the bytes are not a CRL. */
export function parseCrl(der: Uint8Array): ParsedCrl {
  try {
    return readCrl(der);
  } catch (cause) {
    throw new HocbaError('crl_malformed', { cause });
  }
}

function readCrl(der: Uint8Array): ParsedCrl {
  const crl = new x509.X509Crl(der as Uint8Array<ArrayBuffer>);
  const revoked = new Map<string, Revocation>();
  for (const entry of crl.entries) {
    revoked.set(toSerialHex(entry.serialNumber), { date: entry.revocationDate, reason: entry.reason ?? null });
  }
  const aki = crl.getExtension(x509.AuthorityKeyIdentifierExtension);
  const issuer = toNameString(crl.issuerName);
  return {
    der, crl, revoked,
    fingerprint: fingerprintOf(der),
    issuer,
    issuerKey: toNameKey(issuer),
    authorityKeyId: aki?.keyId?.toLowerCase() ?? null,
    thisUpdate: crl.thisUpdate,
    nextUpdate: crl.nextUpdate ?? null,
    hasUnsupportedCritical: crl.extensions.some((ext) => ext.critical && !UNDERSTOOD_CRL_EXTENSIONS.has(ext.type)),
  };
}

/** Current at `now`: issued and not past its next update. A CRL without nextUpdate is never current. */
export function isCurrentAt(crl: ParsedCrl, now: Date): boolean {
  return crl.thisUpdate.getTime() <= now.getTime() && crl.nextUpdate !== null && now.getTime() <= crl.nextUpdate.getTime();
}
