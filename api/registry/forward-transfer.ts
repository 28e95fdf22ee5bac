// A province's transfer applied by the national store (issue 19): the student's records now follow the receiving
// school nationally too, so a national lookup says the student has moved, as the province's does. The province is
// the source: the row is recorded by `province:<code>`, and only a transfer from one of its own schools is taken.
import type { Tx } from '../../db/client.ts';
import { schools, transfers } from '../../db/schema/index.ts';
import { issue, type Issue } from '../errors.ts';
import { transferRequestIssue } from '../lifecycle/index.ts';
import { provinceAt } from '../record/provinces.ts';
import { appendEvent } from './audit.ts';
import { isSchoolOfProvince } from './forward-accounts.ts';
import type { ForwardItem } from './forward-types.ts';
import { logEntry, textDigest } from './log-entries.ts';
import { appendLogEntries } from './log-store.ts';

type TransferItem = Extract<ForwardItem, { kind: 'transfer' }>;

/**
 * Applies one forwarded transfer in the batch's transaction, or answers why not.
 *
 * The receiving school may be one the national store has never heard of (no record of it forwarded yet, or a
 * school of another province): it is added to the directory with the name the province sent, as a forwarded
 * record's school is, instead of refusing. A refusal would stop the province's stream at this item for good —
 * nothing the province can fix changes a transfer it already recorded — and the Sở keeps the school directory,
 * as it keeps the seal approvals (docs/national.md "Transfers").
 *
 * The student's facts (known, at the sending school) are the province's to check, and were: the national store
 * does not judge them again, since the provinces' streams reach it in no common order (a transfer into 79 may
 * arrive before the transfer out of 01 that led there). The request's own form is checked again.
 */
export async function applyForwardedTransfer(tx: Tx, province: string, item: TransferItem, now: Date): Promise<Issue[]> {
  if (!isSchoolOfProvince(item.fromSchool, province)) {
    return [issue('forward_wrong_province', { path: 'MaTruong', params: { school: item.fromSchool, province } })];
  }
  const request = { studentCode: item.studentCode, fromSchool: item.fromSchool, toSchool: item.toSchool, effectiveDate: item.effectiveDate };
  // Judged as of the province's own time: a date valid when the Sở recorded it stays valid however late it arrives.
  const malformed = transferRequestIssue(request, new Date(item.at));
  if (malformed) return [malformed];
  const at = new Date(item.at);
  await tx.insert(schools).values([
    { code: item.fromSchool, name: item.fromSchoolName, provinceCode: province, createdAt: now },
    { code: item.toSchool, name: item.toSchoolName, provinceCode: provinceOf(item.toSchool, at), createdAt: now },
  ]).onConflictDoNothing();
  const actor = `province:${province}`;
  const [row] = await tx.insert(transfers).values({ ...request, reason: item.reason, recordedAt: at, recordedBy: actor }).returning({ id: transfers.id });
  await appendEvent(tx, {
    at: now, actor, kind: 'transfer', subject: item.studentCode,
    detail: { id: row!.id, ...request, reason: item.reason, sequence: item.sequence, province },
  });
  // The same public entry as the province's (transfers.ts): no student code and no receiving school.
  await appendLogEntries(tx, [logEntry('transferred', {
    transfer: row!.id, from: item.fromSchool, date: item.effectiveDate, 'reason-sha256': textDigest(item.reason),
  }, now, item.fromSchool)]);
  return [];
}

/** The province a school code belongs to today (its prefix, read across the 1/7/2025 merger); the prefix itself if unknown. */
function provinceOf(schoolCode: string, day: Date): string {
  return provinceAt(schoolCode.slice(0, 2), day)?.now.code ?? schoolCode.slice(0, 2);
}
