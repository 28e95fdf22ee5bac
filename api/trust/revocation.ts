// Revocation of every non-anchor certificate on a path from the trust list's CRLs (RFC 5280 §6.3, ETSI EN 319 102-1 §5.2.6).
import { issue, type Issue, type IssueCode } from '../errors.ts';
import type { ParsedCertificate } from './certificate.ts';
import { CERTIFICATE_HOLD, isCurrentAt, type ParsedCrl, type Revocation } from './crl.ts';
import { isCrlSignedBy, isKeyIdCompatible } from './signed-by.ts';
import type { PreparedTrust } from './trust-material.ts';
import { x509 } from './x509.ts';

export type RevocationStatus = 'good' | 'revoked' | 'unknown';

export interface RevocationInput {
  /** Signer first, anchor last. */
  readonly path: readonly ParsedCertificate[];
  readonly trust: PreparedTrust;
  readonly signingTime: Date;
  readonly now: Date;
  /** A time the signature is proven to have existed at (a timestamp, the registry's receipt). */
  readonly proofOfExistence?: Date;
  readonly signature?: number;
}

type Finding = { status: RevocationStatus; code?: IssueCode; params?: Record<string, string> };

/** CRLs the issuer signed with a key allowed to sign CRLs, and that cover all of its certificates. */
async function usableCrls(cert: ParsedCertificate, issuer: ParsedCertificate, trust: PreparedTrust): Promise<ParsedCrl[]> {
  const usage = issuer.cert.getExtension(x509.KeyUsagesExtension);
  if (usage && (usage.usages & x509.KeyUsageFlags.cRLSign) === 0) return [];
  const named = (trust.crlsByIssuer.get(cert.issuerKey) ?? [])
    .filter((crl) => !crl.hasUnsupportedCritical && isKeyIdCompatible(crl.authorityKeyId, issuer));
  const signed = await Promise.all(named.map((crl) => isCrlSignedBy(crl, issuer, trust)));
  return named.filter((_, index) => signed[index]);
}

/** A revocation entry from a current CRL, or from a stale one unless it is only on hold (revocation is permanent). */
function findRevocation(serial: string, current: ParsedCrl[], stale: ParsedCrl[]): Revocation | null {
  for (const crl of current) {
    const found = crl.revoked.get(serial);
    if (found) return found;
  }
  for (const crl of stale) {
    const found = crl.revoked.get(serial);
    if (found && found.reason !== CERTIFICATE_HOLD) return found;
  }
  return null;
}

async function checkOne(cert: ParsedCertificate, issuer: ParsedCertificate, input: RevocationInput): Promise<Finding> {
  const crls = await usableCrls(cert, issuer, input.trust);
  const ca = issuer.summary.commonName ?? issuer.summary.subject;
  if (crls.length === 0) return { status: 'unknown', code: 'revocation_unknown', params: { issuer: ca } };
  const current = crls.filter((crl) => isCurrentAt(crl, input.now));
  const stale = crls.filter((crl) => !isCurrentAt(crl, input.now));
  const revocation = findRevocation(cert.summary.serial, current, stale);
  if (revocation) {
    const params = { revokedAt: revocation.date.toISOString(), signingTime: input.signingTime.toISOString() };
    if (revocation.date.getTime() <= input.signingTime.getTime()) return { status: 'revoked', code: 'cert_revoked', params };
    const poe = input.proofOfExistence;
    if (poe && poe.getTime() < revocation.date.getTime()) return { status: 'good' };
    return { status: 'revoked', code: 'cert_revoked_no_poe', params };
  }
  if (current.length > 0) return { status: 'good' };
  const latest = stale.reduce((a, b) => (a.thisUpdate.getTime() >= b.thisUpdate.getTime() ? a : b));
  return { status: 'unknown', code: 'revocation_stale', params: { issuer: ca, nextUpdate: latest.nextUpdate?.toISOString() ?? '' } };
}

/** The path's status is its worst certificate's: revoked, then unknown, then good. */
export async function checkRevocation(input: RevocationInput): Promise<{ status: RevocationStatus; issues: Issue[] }> {
  const nonAnchors = input.path.slice(0, -1);
  const findings = await Promise.all(nonAnchors.map((cert, depth) => checkOne(cert, input.path[depth + 1]!, input)));
  const issues = findings.flatMap((finding, depth) => {
    if (finding.code === undefined) return [];
    const cert = nonAnchors[depth]!;
    const params = { certificate: cert.summary.commonName ?? cert.summary.subject, depth, ...finding.params };
    return [issue(finding.code, { signature: input.signature, params })];
  });
  const statuses = new Set(findings.map((finding) => finding.status));
  const status: RevocationStatus = statuses.has('revoked') ? 'revoked' : statuses.has('unknown') ? 'unknown' : 'good';
  return { status, issues };
}
