// Trust material as a plain value (CAs, CRLs, school approvals), and its prepared form parsed and indexed once.
import { HocbaError } from '../errors.ts';
import { isSelfSigned, parseCertificate, type ParsedCertificate } from './certificate.ts';
import { parseCrl, type ParsedCrl } from './crl.ts';
import { pemToDer } from './pem.ts';

/** The Sở approved this certificate (by SHA-256 fingerprint) for the school's organisation seal. */
export interface SchoolApproval {
  readonly schoolCode: string;
  /** Lower-case hex SHA-256 of the certificate's DER. */
  readonly fingerprint: string;
  readonly approvedAt: string;
  readonly withdrawnAt: string | null;
}

export interface TrustMaterial {
  /** Trust anchors (self-signed roots), DER. */
  readonly anchors: readonly Uint8Array[];
  /** CA certificates that are not anchors; they help build paths but are trusted only through an anchor. */
  readonly intermediates: readonly Uint8Array[];
  readonly crls: readonly Uint8Array[];
  readonly approvals: readonly SchoolApproval[];
}

export interface PreparedTrust {
  readonly anchors: readonly ParsedCertificate[];
  readonly intermediates: readonly ParsedCertificate[];
  readonly crls: readonly ParsedCrl[];
  readonly anchorFingerprints: ReadonlySet<string>;
  /** Subject name key → CA certificates, anchors first. */
  readonly casBySubject: ReadonlyMap<string, readonly ParsedCertificate[]>;
  /** Issuer name key → CRLs. */
  readonly crlsByIssuer: ReadonlyMap<string, readonly ParsedCrl[]>;
  readonly approvalsByFingerprint: ReadonlyMap<string, readonly SchoolApproval[]>;
  /** Memo of work that depends only on bytes (parsed signers, verified signatures); bounded, per process. */
  readonly memo: Map<string, unknown>;
}

/** From PEM text (each string may hold several blocks): a self-signed CA becomes an anchor, any other an intermediate. */
export function toTrustMaterial(input: {
  cas: readonly string[];
  crls?: readonly string[];
  approvals?: readonly SchoolApproval[];
}): TrustMaterial {
  const anchors: Uint8Array[] = [];
  const intermediates: Uint8Array[] = [];
  for (const pem of input.cas) {
    const ders = pemToDer(pem, 'CERTIFICATE');
    if (ders.length === 0) throw new HocbaError('pem_malformed', { params: { reason: 'no CERTIFICATE block', line: 1 } });
    for (const der of ders) (isSelfSigned(parseCertificate(der)) ? anchors : intermediates).push(der);
  }
  const crls = (input.crls ?? []).flatMap((pem) => {
    const ders = pemToDer(pem, 'X509 CRL');
    if (ders.length === 0) throw new HocbaError('pem_malformed', { params: { reason: 'no X509 CRL block', line: 1 } });
    ders.forEach(parseCrl); // refuse a bad CRL when it is loaded, not when a record is checked
    return ders;
  });
  return { anchors, intermediates, crls, approvals: [...(input.approvals ?? [])] };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/** Parse and index once; verifying a thousand records a second must not re-parse the CA list each time. */
export function prepareTrust(material: TrustMaterial): PreparedTrust {
  const anchors = material.anchors.map(parseCertificate);
  const intermediates = material.intermediates.map(parseCertificate);
  const crls = material.crls.map(parseCrl);
  return {
    anchors, intermediates, crls,
    anchorFingerprints: new Set(anchors.map((cert) => cert.fingerprint)),
    casBySubject: groupBy([...anchors, ...intermediates], (cert) => cert.subjectKey),
    crlsByIssuer: groupBy(crls, (crl) => crl.issuerKey),
    approvalsByFingerprint: groupBy(material.approvals, (approval) => approval.fingerprint.toLowerCase()),
    memo: new Map(),
  };
}

const MEMO_LIMIT = 10_000;

/** The memoised value for `key`, made once; the memo is emptied when full rather than tracking recency. */
export function remember<T>(trust: PreparedTrust, key: string, make: () => T): T {
  if (trust.memo.has(key)) return trust.memo.get(key) as T;
  if (trust.memo.size >= MEMO_LIMIT) trust.memo.clear();
  const value = make();
  trust.memo.set(key, value);
  return value;
}
