// The verification report: the one answer the CLI, the API, ingest and the portal all give (SPEC §5, §7).
import type { Issue } from '../errors.ts';
import type { HocBaRecord } from '../record/index.ts';
import type { SignatureProfile } from '../signature/index.ts';

/** SPEC §7: three outcomes, never two. */
export type Verdict = 'valid' | 'invalid' | 'indeterminate';
/** ETSI EN 319 102-1 main indications, for the expert view. */
export type Indication = 'TOTAL-PASSED' | 'TOTAL-FAILED' | 'INDETERMINATE';
export type SignerRole = 'CoSoGiaoDuc' | 'HieuTruong' | 'GVCN' | 'GVBM';

export type { CertificateSummary } from '../trust/certificate.ts';
import type { CertificateSummary } from '../trust/certificate.ts';

export interface SignatureReport {
  /** 1-based position of the CKS slot. */
  readonly index: number;
  readonly role: SignerRole | string | null;
  /** XAdES-BES or the Vietnamese XML-DSig profile (docs/record-format.md §1.1); absent in reports made before issue 16. */
  readonly profile?: SignatureProfile | null;
  readonly signer: CertificateSummary | null;
  /** ISO 8601, as claimed in the signed properties. */
  readonly signingTime: string | null;
  readonly signatureAlgorithm: string | null;
  readonly digestAlgorithm: string | null;
  readonly integrity: 'intact' | 'broken' | 'not_checked';
  readonly chain: 'trusted' | 'untrusted' | 'invalid' | 'not_checked';
  /** Issuer chain from the signer's issuer up to the trust anchor. */
  readonly chainCertificates: CertificateSummary[];
  readonly revocation: 'good' | 'revoked' | 'unknown' | 'not_checked';
  readonly indication: Indication;
  readonly subIndication: string | null;
  readonly verdict: Verdict;
  readonly issues: Issue[];
}

export interface Report {
  readonly verdict: Verdict;
  readonly indication: Indication;
  /** Lookup code read from the signed content, upper-case hex, when it could be read. */
  readonly lookupCode: string | null;
  /** SHA-256 of the exact XML bytes, lower-case hex. */
  readonly digest: string;
  /** The record content read from the signed DuLieu (null when it could not be read). */
  readonly record: HocBaRecord | null;
  readonly signatures: SignatureReport[];
  /** Reasons for `invalid` and `indeterminate` (severity error / indeterminate). */
  readonly issues: Issue[];
  /** Inconsistencies only the school may judge (SPEC §7): never a reason to refuse. */
  readonly warnings: Issue[];
  /** The time the check was made for (ISO 8601). */
  readonly checkedAt: string;
  /** Version of the engine that made the report (stored reports say which rules judged them). */
  readonly engine: string;
}

/** A report told beside its content, not inside it (public answers, the check bundle): the one place the content is cut off. */
export function withoutRecord(report: Report): Omit<Report, 'record'> {
  const { record: _content, ...rest } = report;
  return rest;
}
