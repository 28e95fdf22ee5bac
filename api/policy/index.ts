// Policy: may these signers publish this record? Separate from "is it intact?" (SPEC §7 "The checks").
import { issue, type Issue } from '../errors.ts';

const SCHOOL_SEAL_ROLE = 'CoSoGiaoDuc';

/** What policy needs to know of one signature, once integrity and chain have been checked. */
export interface SignerFacts {
  readonly index: number;
  readonly role: string | null;
  readonly signingTime: Date | null;
  /** SHA-256 fingerprint (lower hex) of the signer certificate, when one was identified. */
  readonly fingerprint: string | null;
  readonly serial: string | null;
}

export interface PolicyInput {
  /** MaTruong read from the signed content; null when the content could not be read. */
  readonly schoolCode: string | null;
  readonly signers: readonly SignerFacts[];
  readonly now: Date;
  /**
   * When the approval must have been in force: the registry's receipt time (publishing needs a registered
   * certificate, DOMAIN.md), not the signing time — a school may sign before its certificate is registered.
   */
  readonly approvalTime: Date;
  /**
   * Is this certificate approved for this school at this time? (trust list, SPEC §7).
   * Null when no approval list is at hand (an offline check): reported as a warning, not a refusal. */
  readonly isApproved: ((fingerprint: string, schoolCode: string, at: Date) => boolean) | null;
  /** Clock skew tolerated between a school's signing machine and the registry. */
  readonly clockSkewMs?: number;
}

export function judgeSigners(input: PolicyInput): Issue[] {
  const { signers, schoolCode, now } = input;
  if (signers.length === 0) return [issue('record_unsigned')];
  const issues: Issue[] = [];
  const seals = signers.filter((signer) => signer.role === SCHOOL_SEAL_ROLE);
  if (seals.length === 0) issues.push(issue('school_seal_missing'));
  if (seals.length > 1) {
    for (const seal of seals.slice(1)) issues.push(issue('school_seal_duplicate', { signature: seal.index }));
  }
  const seal = seals[0];
  if (seal && seal.fingerprint && schoolCode) {
    const at = input.approvalTime;
    if (input.isApproved === null) {
      issues.push(issue('approval_not_checked', { signature: seal.index }));
    } else if (!input.isApproved(seal.fingerprint, schoolCode, at)) {
      issues.push(issue('cert_not_approved', {
        signature: seal.index,
        params: { serial: seal.serial ?? '?', school: schoolCode },
      }));
    }
  }
  const latest = now.getTime() + (input.clockSkewMs ?? 5 * 60_000);
  for (const signer of signers) {
    if (signer.signingTime && signer.signingTime.getTime() > latest) {
      issues.push(issue('signing_time_in_future', {
        signature: signer.index,
        params: { signingTime: signer.signingTime.toISOString() },
      }));
    }
  }
  return issues;
}
