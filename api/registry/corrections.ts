// Recall (thu hồi) and replace (thay thế) before the lock date (SPEC §8): the school's only corrections.
import { eq } from 'drizzle-orm';
import { records } from '../../db/schema/index.ts';
import { decodePackage } from '../codec/index.ts';
import { HocbaError } from '../errors.ts';
import { canRecall, canReplace } from '../lifecycle/index.ts';
import { appendEvent, journaledTransaction } from './audit.ts';
import { sha256Hex } from './certificates.ts';
import { loadLockSettings, loadOwnRecordRow, loadRecordRow, refusal, requireLookupCode, toLifecycle, type RegistryContext } from './context.ts';
import { ingestReplacement } from './ingest.ts';
import { logEntry, textDigest } from './log-entries.ts';
import { appendLogEntries } from './log-store.ts';
import type { Push } from './judgement.ts';
import type { PackageResult, RecordView } from './types.ts';
import { getRecord } from './views.ts';
import { writeJudged } from './writer.ts';

const MAX_REASON_CHARS = 2000;

export async function recallRecord(ctx: RegistryContext, schoolCode: string, code: string, reason: string, now: Date): Promise<RecordView> {
  const lookupCode = requireLookupCode(code);
  // PostgreSQL text and jsonb cannot hold NUL; other control characters have no place in a reason either.
  const why = reason.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim().slice(0, MAX_REASON_CHARS);
  if (why === '') throw new HocbaError('recall_reason_missing');
  const settings = await loadLockSettings(ctx);
  await journaledTransaction(ctx.db, async (tx) => {
    // FOR UPDATE (after the chain, audit.ts): a concurrent recall or replace of the same record waits and then sees the new status.
    const [row] = await tx.select().from(records).where(eq(records.lookupCode, lookupCode)).for('update');
    if (!row) throw new HocbaError('not_found', { params: { lookupCode } });
    if (row.schoolCode !== schoolCode) throw new HocbaError('not_your_record', { params: { lookupCode } });
    const decision = canRecall(toLifecycle(row), now, settings);
    if (!decision.allowed) throw refusal(decision.reason, row, settings);
    const [updated] = await tx.update(records).set({ status: 'recalled', recalledAt: now, recallReason: why })
      .where(eq(records.lookupCode, lookupCode)).returning();
    await appendEvent(tx, { at: now, actor: schoolCode, kind: 'recall', subject: lookupCode, detail: { reason: why } });
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
  const settings = await loadLockSettings(ctx);
  const push: Push = { schoolCode, text, now };
  const repeated = await findRepeatedReplacement(ctx, row.replacedBy, text);
  if (repeated) return (await writeJudged(ctx, [{ push, judgement: { kind: 'repeated', row: repeated } }]))[0]!;
  const decision = canReplace(toLifecycle(row), now, settings);
  if (!decision.allowed) throw refusal(decision.reason, row, settings);
  return ingestReplacement(ctx, push, await ctx.trust.load(), { row, settings });
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
