// The write side of ingest: each outcome (accepted, repeated, rejected) saved in ONE transaction with its event.
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { records, submissions, type RecordRow } from '../../db/schema/index.ts';
import { HocbaError, issue, type Issue } from '../errors.ts';
import { canReplace, lockDateOfRecord, type LifecycleRecord, type LifecycleRefusal, type LockSettings, type RecordStatus } from '../lifecycle/index.ts';
import type { Report } from '../verify/report.ts';
import { appendEvent, journaledTransaction } from './audit.ts';
import type { Judgement } from './ingest.ts';
import { toRow, writeBatch } from './store-batch.ts';
import { toPackageError, toReceipt, type ReceiptRow, type RegistryContext } from './context.ts';
import type { RecordFacts } from './record-facts.ts';
import type { PackageResult } from './types.ts';

export interface Push {
  readonly schoolCode: string;
  /** The base64 text exactly as received. */
  readonly text: string;
  readonly now: Date;
}

export interface VerifiedDocument {
  readonly lookupCode: string;
  readonly xml: Uint8Array;
  readonly digest: string;
  readonly report: Report;
  readonly facts: RecordFacts;
}

export function toLifecycle(row: RecordRow): LifecycleRecord {
  return { status: row.status as RecordStatus, schoolYear: row.schoolYear, supplementary: row.supplementary };
}

export function refusal(reason: LifecycleRefusal, row: RecordRow, settings: LockSettings): HocbaError {
  const params = { lookupCode: row.lookupCode, lockDate: lockDateOfRecord(toLifecycle(row), settings), replacedBy: row.replacedBy ?? '' };
  return new HocbaError(reason, { params });
}

/**
 * Inserts the record; a concurrent push of the same code waits on the primary key and then finds the
 * winner (ON CONFLICT DO NOTHING + re-read): the same document gets the same receipt, another one
 * `code_taken`. A replacement locks its predecessor first and links both ways in the same transaction.
 */
async function writeAccepted(
  ctx: RegistryContext, tx: Tx, push: Push, doc: VerifiedDocument, replacing: { code: string; settings: LockSettings } | null,
): Promise<PackageResult> {
  {
    if (replacing) {
      const [old] = await tx.select().from(records).where(eq(records.lookupCode, replacing.code)).for('update');
      const decision = canReplace(toLifecycle(old!), push.now, replacing.settings);
      if (!decision.allowed) throw refusal(decision.reason, old!, replacing.settings);
    }
    const [row] = await tx.insert(records).values({ ...toRow(push, doc), replaces: replacing?.code ?? null })
      .onConflictDoNothing({ target: records.lookupCode }).returning();
    if (!row) {
      const [winner] = await tx.select().from(records).where(eq(records.lookupCode, doc.lookupCode));
      if (winner && !replacing && winner.digest === doc.digest && winner.schoolCode === push.schoolCode) {
        return writeRepeated(tx, push, winner);
      }
      return writeRejected(ctx, tx, push, doc.lookupCode, doc.digest, [issue('code_taken', { params: { lookupCode: doc.lookupCode } })]);
    }
    if (replacing) {
      await tx.update(records).set({ status: 'replaced', replacedBy: row.lookupCode }).where(eq(records.lookupCode, replacing.code));
    }
    await tx.insert(submissions).values({
      lookupCode: row.lookupCode, schoolCode: push.schoolCode, digest: row.digest, status: 'accepted', receiptId: row.receiptId, receivedAt: push.now,
    });
    await appendEvent(tx, {
      at: push.now, actor: push.schoolCode, kind: replacing ? 'replace' : 'accept', subject: row.lookupCode,
      detail: { receiptId: row.receiptId, digest: row.digest, verdict: doc.report.verdict, replaces: replacing?.code ?? null },
    });
    return { lookupCode: row.lookupCode, status: 'accepted', receipt: toReceipt(row) } as const;
  }
}

/** The same document again: the stored receipt, unchanged (SPEC §5 idempotent push). */
export async function saveRepeated(ctx: RegistryContext, push: Push, row: ReceiptRow): Promise<PackageResult> {
  return ctx.db.transaction((tx) => writeRepeated(tx, push, row));
}

/**
 * Writes the judgements of one push or batch in ONE transaction, results in input order. The chain lock
 * is taken first, so batch transactions never wait on each other's rows while holding it (no deadlock),
 * and records are inserted in lookup-code order for the same reason. All or nothing: a receipt is only
 * answered once its batch has committed.
 */
export async function saveJudgements(
  ctx: RegistryContext, push: Push, judgements: readonly Judgement[], texts?: readonly string[],
): Promise<PackageResult[]> {
  const order = judgements.map((_, i) => i).sort((a, b) => codeOf(judgements[a]!).localeCompare(codeOf(judgements[b]!)));
  const replacement = judgements.some((judgement) => judgement.kind === 'accept' && judgement.replacing !== null);
  return journaledTransaction(ctx.db, async (tx) => {
    if (!replacement) return writeBatch(ctx, tx, judgements.map((_, i) => (texts ? { ...push, text: texts[i]! } : push)), judgements);
    const results = new Array<PackageResult>(judgements.length);
    for (const i of order) {
      const judgement = judgements[i]!;
      const own = texts ? { ...push, text: texts[i]! } : push;
      if (judgement.kind === 'accept') results[i] = await writeAccepted(ctx, tx, own, judgement.doc, judgement.replacing);
      else if (judgement.kind === 'repeated') results[i] = await writeRepeated(tx, own, judgement.row);
      else results[i] = await writeRejected(ctx, tx, own, judgement.lookupCode, judgement.digest, judgement.issues);
    }
    return results;
  });
}

function codeOf(judgement: Judgement): string {
  if (judgement.kind === 'accept') return judgement.doc.lookupCode;
  if (judgement.kind === 'repeated') return judgement.row.lookupCode;
  return judgement.lookupCode ?? '';
}

async function writeRepeated(tx: Tx, push: Push, row: ReceiptRow): Promise<PackageResult> {
  await tx.insert(submissions).values({
    lookupCode: row.lookupCode, schoolCode: push.schoolCode, digest: row.digest, status: 'repeated', receiptId: row.receiptId, receivedAt: push.now,
  });
  await appendEvent(tx, {
    at: push.now, actor: push.schoolCode, kind: 'accept', subject: row.lookupCode,
    detail: { receiptId: row.receiptId, digest: row.digest, repeated: true },
  });
  return { lookupCode: row.lookupCode, status: 'accepted', receipt: toReceipt(row) };
}

async function writeRejected(
  ctx: RegistryContext, tx: Tx, push: Push, lookupCode: string | null, digest: string, issues: Issue[],
): Promise<PackageResult> {
  const errors = issues.map((found) => toPackageError(found, ctx.lang));
  await tx.insert(submissions).values({ lookupCode, schoolCode: push.schoolCode, digest, status: 'rejected', errors, receivedAt: push.now });
  await appendEvent(tx, {
    at: push.now, actor: push.schoolCode, kind: 'reject', subject: lookupCode,
    detail: { digest, codes: issues.map((found) => found.code) },
  });
  return { lookupCode, status: 'rejected', errors };
}
