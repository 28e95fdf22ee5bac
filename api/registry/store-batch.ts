// Set-based writing of a push batch (SPEC §5): a handful of statements per batch instead of several per
// package, inside the one transaction of saveJudgements. Sequential round trips bounded ingest (PERFORMANCE.md).
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { records, submissions, type NewRecordRow } from '../../db/schema/index.ts';
import { issue } from '../errors.ts';
import { appendEvents, type EventInput } from './audit.ts';
import { RECEIPT_COLUMNS, toPackageError, toReceipt, type ReceiptRow, type RegistryContext } from './context.ts';
import type { Judgement } from './ingest.ts';
import { lastFour, maskPersonalIdIn } from './record-facts.ts';
import type { Push, VerifiedDocument } from './store.ts';
import type { PackageResult } from './types.ts';

type Outcome =
  | { kind: 'accepted'; row: ReceiptRow }
  | { kind: 'repeated'; row: ReceiptRow }
  | { kind: 'rejected'; lookupCode: string | null; digest: string; issues: ReturnType<typeof issue>[] };

/** New records (no replacement among them), in the order given; results in the same order. */
export async function writeBatch(
  ctx: RegistryContext, tx: Tx, pushes: readonly Push[], judgements: readonly Judgement[],
): Promise<PackageResult[]> {
  const outcomes = await insertRecords(tx, pushes, judgements);
  const at = (i: number) => pushes[i]!;
  if (outcomes.length > 0) {
    await tx.insert(submissions).values(outcomes.map((outcome, i) => outcome.kind === 'rejected'
      ? { lookupCode: outcome.lookupCode, schoolCode: at(i).schoolCode, digest: outcome.digest, status: 'rejected', errors: outcome.issues.map((found) => toPackageError(found, ctx.lang)), receivedAt: at(i).now }
      : { lookupCode: outcome.row.lookupCode, schoolCode: at(i).schoolCode, digest: outcome.row.digest, status: outcome.kind, receiptId: outcome.row.receiptId, receivedAt: at(i).now }));
    await appendEvents(tx, outcomes.map((outcome, i) => eventOf(outcome, at(i), judgements[i]!)));
  }
  return outcomes.map((outcome) => outcome.kind === 'rejected'
    ? { lookupCode: outcome.lookupCode, status: 'rejected' as const, errors: outcome.issues.map((found) => toPackageError(found, ctx.lang)) }
    : { lookupCode: outcome.row.lookupCode, status: 'accepted' as const, receipt: toReceipt(outcome.row) });
}

// One INSERT … ON CONFLICT DO NOTHING for every accepted document: a code already stored (or earlier in
// this batch) is skipped, then its winner is read back to tell a repeat (same bytes, same school: the
// stored receipt) from `code_taken`. Rows are inserted in lookup-code order so that two batches that
// share codes take their row locks in the same order.
async function insertRecords(tx: Tx, pushes: readonly Push[], judgements: readonly Judgement[]): Promise<Outcome[]> {
  const accepted = judgements.map((judgement, i) => ({ judgement, i }))
    .filter((item): item is { judgement: Extract<Judgement, { kind: 'accept' }>; i: number } => item.judgement.kind === 'accept')
    .map(({ judgement, i }) => ({ i, doc: judgement.doc, value: toRow(pushes[i]!, judgement.doc) }))
    .sort((a, b) => a.doc.lookupCode.localeCompare(b.doc.lookupCode));
  const inserted = accepted.length === 0 ? [] : await tx.insert(records).values(accepted.map((item) => item.value))
    // Only the receipt comes back: returning whole rows sent every package and XML back over the wire.
    .onConflictDoNothing({ target: records.lookupCode }).returning(RECEIPT_COLUMNS);
  const byReceipt = new Map(inserted.map((row) => [row.receiptId, row]));
  const losers = accepted.filter((item) => !byReceipt.has(item.value.receiptId));
  const winners = losers.length === 0 ? [] : await tx.select(RECEIPT_COLUMNS).from(records)
    .where(inArray(records.lookupCode, [...new Set(losers.map((item) => item.doc.lookupCode))]));
  const winnerOf = new Map(winners.map((row) => [row.lookupCode, row]));
  const outcomes = new Array<Outcome>(judgements.length);
  for (const item of accepted) {
    const row = byReceipt.get(item.value.receiptId);
    if (row) {
      outcomes[item.i] = { kind: 'accepted', row };
      continue;
    }
    const winner = winnerOf.get(item.doc.lookupCode);
    outcomes[item.i] = winner && winner.digest === item.doc.digest && winner.schoolCode === pushes[item.i]!.schoolCode
      ? { kind: 'repeated', row: winner }
      : { kind: 'rejected', lookupCode: item.doc.lookupCode, digest: item.doc.digest, issues: [issue('code_taken', { params: { lookupCode: item.doc.lookupCode } })] };
  }
  judgements.forEach((judgement, i) => {
    if (judgement.kind === 'repeated') outcomes[i] = { kind: 'repeated', row: judgement.row };
    if (judgement.kind === 'rejected') outcomes[i] = { kind: 'rejected', lookupCode: judgement.lookupCode, digest: judgement.digest, issues: judgement.issues };
  });
  return outcomes;
}

/** The stored row of a verified document: exact bytes, indexed facts, masked report, a fresh receipt id. */
export function toRow(push: Push, doc: VerifiedDocument): NewRecordRow & { receiptId: string } {
  return {
    lookupCode: doc.lookupCode,
    schoolCode: push.schoolCode,
    schoolYear: doc.facts.schoolYear,
    grade: doc.facts.grade,
    level: doc.facts.level,
    studentCode: doc.facts.studentCode,
    personalIdLast4: lastFour(doc.facts.personalId),
    studentName: doc.facts.studentName,
    package: Buffer.from(push.text, 'latin1'),
    xml: doc.xml,
    digest: doc.digest,
    // Decree 13/2023: personal ids stay whole only inside the signed XML; the stored report is masked (student and signers).
    report: maskPersonalIdIn(doc.report, doc.facts.personalId),
    receiptId: randomUUID(),
    receivedAt: push.now,
    replaces: null,
    supplementary: doc.facts.supplementary,
  };
}

function eventOf(outcome: Outcome, push: Push, judgement: Judgement): EventInput {
  if (outcome.kind === 'rejected') {
    return { at: push.now, actor: push.schoolCode, kind: 'reject', subject: outcome.lookupCode, detail: { digest: outcome.digest, codes: outcome.issues.map((found) => found.code) } };
  }
  const detail = outcome.kind === 'repeated'
    ? { receiptId: outcome.row.receiptId, digest: outcome.row.digest, repeated: true }
    : { receiptId: outcome.row.receiptId, digest: outcome.row.digest, verdict: judgement.kind === 'accept' ? judgement.doc.report.verdict : 'valid', replaces: null };
  return { at: push.now, actor: push.schoolCode, kind: 'accept', subject: outcome.row.lookupCode, detail };
}
