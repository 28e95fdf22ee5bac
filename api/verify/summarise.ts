// Turns per-signature findings into the report's verdicts and ETSI indications (SPEC §7 "three outcomes").
import { subIndicationOf, type Issue } from '../errors.ts';
import type { SignatureCheck } from '../signature/index.ts';
import type { CertificateCheck } from '../trust/index.ts';
import type { Indication, SignatureReport, Verdict } from './report.ts';

export function verdictOf(issues: readonly Issue[]): Verdict {
  if (issues.some((found) => found.severity === 'error')) return 'invalid';
  if (issues.some((found) => found.severity === 'indeterminate')) return 'indeterminate';
  return 'valid';
}

export function indicationOf(verdict: Verdict): Indication {
  return verdict === 'valid' ? 'TOTAL-PASSED' : verdict === 'invalid' ? 'TOTAL-FAILED' : 'INDETERMINATE';
}

export function toSignatureReport(
  check: SignatureCheck,
  certificate: CertificateCheck | null,
  policyIssues: readonly Issue[],
): SignatureReport {
  const issues = [...check.issues, ...(certificate?.issues ?? []), ...policyIssues]
    .map((found) => (found.signature === undefined ? { ...found, signature: check.index } : found));
  const verdict = verdictOf(issues);
  const decisive = issues.find((found) => found.severity === 'error') ?? issues.find((found) => found.severity === 'indeterminate');
  return {
    index: check.index,
    role: check.role,
    profile: check.profile,
    signer: certificate?.signer ?? null,
    signingTime: check.signingTime?.toISOString() ?? null,
    signatureAlgorithm: check.signatureAlgorithm,
    digestAlgorithm: check.digestAlgorithm,
    integrity: check.integrity,
    chain: certificate?.chainStatus ?? 'not_checked',
    chainCertificates: certificate?.chain ?? [],
    revocation: certificate?.revocation ?? 'not_checked',
    indication: indicationOf(verdict),
    subIndication: decisive ? (subIndicationOf(decisive.code) ?? null) : null,
    verdict,
    issues,
  };
}
