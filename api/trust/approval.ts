// Is a certificate approved for a school's organisation seal at a given time? (SPEC §7: approved for the school named in the record.)
import type { PreparedTrust, SchoolApproval } from './trust-material.ts';

/** In force from approvedAt (inclusive) until withdrawnAt (exclusive). */
export function isApprovalInForce(approval: SchoolApproval, at: Date): boolean {
  const time = at.getTime();
  if (Date.parse(approval.approvedAt) > time) return false;
  return approval.withdrawnAt === null || time < Date.parse(approval.withdrawnAt);
}

export function isApprovedFor(fingerprint: string, schoolCode: string, trust: PreparedTrust, at: Date): boolean {
  const approvals = trust.approvalsByFingerprint.get(fingerprint.toLowerCase()) ?? [];
  return approvals.some((approval) => approval.schoolCode === schoolCode && isApprovalInForce(approval, at));
}
