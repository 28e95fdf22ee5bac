// Recall (thu hồi) and replace (thay thế) before the lock date (SPEC §8): the school's only corrections — and, once
// the student has moved to another school (transfers.ts), the operator's, in the school's place.
import { eq } from 'drizzle-orm';
import { records } from '../../db/schema/index.ts';
import { decodePackage } from '../codec/index.ts';
import { HocbaError } from '../errors.ts';
import { canRecall, canReplace, managesStudent } from '../lifecycle/index.ts';
import type { RecordRow } from '../../db/schema/index.ts';
import type { Db, Tx } from '../../db/client.ts';
import { appendEvent, journaledTransaction } from './audit.ts';
import { sha256Hex } from '../byte-digests.ts';
import { cleanReasonText, loadLockSettings, loadOwnRecordRow, loadRecordRow, refusal, requireLookupCode, toLifecycle, type RegistryContext } from './context.ts';
import { ingestReplacement } from './ingest.ts';
import { logEntry, textDigest } from './log-entries.ts';
import { appendLogEntries } from './log-store.ts';
import type { Push } from './judgement.ts';
import { latestTransfer } from './transfers.ts';
import type { OperatorOptions, PackageResult, RecordView } from './types.ts';
import { getRecord } from './views.ts';
import { writeJudged } from './writer.ts';

/** Who corrects: the record's school, or an operator acting for it once the student moved away. */
type Corrector = { readonly school: string } | { readonly operator: string };

export function recallRecord(ctx: RegistryContext, schoolCode: string, code: string, reason: string, now: Date): Promise<RecordView> {
  return recall(ctx, { school: schoolCode }, code, reason, now);
}

export function recallTransferredRecord(ctx: RegistryContext, code: string, reason: string, options: OperatorOptions = {}): Promise<RecordView> {
  return recall(ctx, { operator: options.actor ?? 'operator' }, code, reason, options.now ?? ctx.clock());
}

async function recall(ctx: RegistryContext, by: Corrector, code: string, reason: string, now: Date): Promise<RecordView> {
  const lookupCode = requireLookupCode(code);
  const why = cleanReasonText(reason);
  if (why === '') throw new HocbaError('recall_reason_missing');
  const settings = await loadLockSettings(ctx);
  await journaledTransaction(ctx.db, async (tx) => {
    // FOR UPDATE (after the chain, audit.ts): a concurrent recall or replace of the same record waits and then sees the new status.
    const [row] = await tx.select().from(records).where(eq(records.lookupCode, lookupCode)).for('update');
    if (!row) throw new HocbaError('not_found', { params: { lookupCode } });
    await assertCorrector(tx, by, row);
    const decision = canRecall(toLifecycle(row), now, settings);
    if (!decision.allowed) throw refusal(decision.reason, row, settings);
    const [updated] = await tx.update(records).set({ status: 'recalled', recalledAt: now, recallReason: why })
      .where(eq(records.lookupCode, lookupCode)).returning();
    const actor = 'school' in by ? by.school : by.operator;
    await appendEvent(tx, { at: now, actor, kind: 'recall', subject: lookupCode, detail: 'school' in by ? { reason: why } : { reason: why, schoolCode: row.schoolCode } });
    await appendLogEntries(tx, [logEntry('recalled', { code: lookupCode, 'reason-sha256': textDigest(why) }, now, lookupCode)]);
    if (!updated) throw new HocbaError('not_found', { params: { lookupCode } });
  });
  return (await getRecord(ctx, lookupCode, { now }))!;
}

/**
 * The successor goes through the whole ingest (engine, policy, code_taken) and must be for the same
 * student and year. Refusals about the predecessor throw; the successor's own problems come back as a
 * rejected PackageResult, like a push.
 */
export async function replaceRecord(ctx: RegistryContext, schoolCode: string, code: string, text: string, now: Date): Promise<PackageResult> {
  const row = await loadOwnRecordRow(ctx.db, schoolCode, code);
  await assertCorrector(ctx.db, { school: schoolCode }, row);
  return replace(ctx, { schoolCode, text, now }, row);
}

/** The successor must still be the record's school's own, signed with its seal: the operator only submits it. */
export async function replaceTransferredRecord(ctx: RegistryContext, code: string, text: string, options: OperatorOptions = {}): Promise<PackageResult> {
  const lookupCode = requireLookupCode(code);
  const row = await loadRecordRow(ctx.db, lookupCode);
  if (!row) throw new HocbaError('not_found', { params: { lookupCode } });
  const operator = options.actor ?? 'operator';
  await assertCorrector(ctx.db, { operator }, row);
  return replace(ctx, { schoolCode: row.schoolCode, text, now: options.now ?? ctx.clock(), operator }, row);
}

async function replace(ctx: RegistryContext, push: Push, row: RecordRow): Promise<PackageResult> {
  const settings = await loadLockSettings(ctx);
  const repeated = await findRepeatedReplacement(ctx, row.replacedBy, push.text);
  if (repeated) return (await writeJudged(ctx, [{ push, judgement: { kind: 'repeated', row: repeated } }]))[0]!;
  const decision = canReplace(toLifecycle(row), push.now, settings);
  if (!decision.allowed) throw refusal(decision.reason, row, settings);
  return ingestReplacement(ctx, push, await ctx.trust.load(), { row, settings });
}

/**
 * A school corrects only its own record of a student it still manages; an operator only a record whose student has
 * moved away from its school (otherwise the school acts itself). Read again under the chain lock for a recall; a
 * replacement's successor meets the transfer rule again in admission.
 */
async function assertCorrector(db: Db | Tx, by: Corrector, row: RecordRow): Promise<void> {
  const lookupCode = row.lookupCode;
  if ('school' in by && row.schoolCode !== by.school) throw new HocbaError('not_your_record', { params: { lookupCode } });
  const latest = await latestTransfer(db, row.studentCode);
  const moved = !managesStudent(row.schoolCode, latest);
  if ('school' in by && moved) throw new HocbaError('record_transferred', { params: { lookupCode, date: latest!.effectiveDate } });
  if ('operator' in by && !moved) throw new HocbaError('record_not_transferred', { params: { lookupCode, school: row.schoolCode } });
}

// A school retrying a replacement whose answer it lost gets the successor's receipt, not `already_replaced`.
async function findRepeatedReplacement(ctx: RegistryContext, replacedBy: string | null, text: string) {
  if (replacedBy === null) return null;
  const successor = await loadRecordRow(ctx.db, replacedBy);
  let digest: string;
  try {
    digest = sha256Hex(decodePackage(text));
  } catch {
    return null;
  }
  return successor && successor.digest === digest ? successor : null;
}
