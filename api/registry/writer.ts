// The one write path of ingest (SPEC §5, §8): judged packages — a push, a slice of a batch, or a replacement —
// written in ONE journaled transaction with their submissions and events, a handful of set-based statements
// per call rather than several per package. A replacement is a batch of one that also supersedes its
// predecessor; whether a package under a stored code is a repeat or `code_taken` is decided here only.
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { insertRows } from '../../db/bulk-insert.ts';
import { records, submissions, type NewRecordRow } from '../../db/schema/index.ts';
import { issue, type Issue } from '../errors.ts';
import { canReplace } from '../lifecycle/index.ts';
import { admitJudgements } from './admission.ts';
import { appendEvents, journaledTransaction, type EventInput } from './audit.ts';
import { logEntry, type LogEntryInput } from './log-entries.ts';
import { appendLogEntries } from './log-store.ts';
import { RECEIPT_COLUMNS, refusal, toLifecycle, toPackageError, toReceipt, type ReceiptRow, type RegistryContext } from './context.ts';
import type { Judged, Judgement, Push, RefusedFacts, VerifiedDocument } from './judgement.ts';
import type { PackageResult } from './types.ts';
import { lastFourOf, maskRecordPersonalIds } from '../record/personal-ids.ts';

type Accept = Extract<Judgement, { kind: 'accept' }>;

/** What was written for one package. */
type Outcome =
  | { readonly kind: 'accepted'; readonly row: ReceiptRow; readonly doc: VerifiedDocument; readonly replaces: string | null }
  | { readonly kind: 'repeated'; readonly row: ReceiptRow }
  | { readonly kind: 'rejected'; readonly lookupCode: string | null; readonly digest: string; readonly issues: Issue[]; readonly facts: RefusedFacts | null };

/**
 * Writes `items` in one transaction, results in input order. All or nothing: a receipt is answered only once
 * it has committed. A predecessor that may no longer be replaced (recalled, replaced or locked meanwhile)
 * throws its refusal and nothing is written. Lock order (audit.ts): the chain, then predecessors, then new
 * rows, each in lookup-code order, so two writes that share codes never wait on each other in a circle.
 * `lead` is journaled first, in the same transaction: a batch's `push` event with its first slice.
 */
export async function writeJudged(ctx: RegistryContext, items: readonly Judged[], lead: EventInput | null = null): Promise<PackageResult[]> {
  if (items.length === 0) return [];
  return journaledTransaction(ctx.db, async (tx) => {
    // SPEC §8 under the chain lock, so a batch is checked against itself and concurrent pushes cannot both get
    // in: a year locked (no late window) or implausible, or a second record in force for a student and year.
    const admitted = await admitJudgements(ctx, tx, items[0]!.push.now, items);
    items = items.map((item, i) => ({ ...item, judgement: admitted[i]! }));
    await lockPredecessors(tx, items);
    const outcomes = await insertRecords(tx, items);
    for (const outcome of outcomes) {
      if (outcome.kind === 'accepted' && outcome.replaces !== null) {
        await tx.update(records).set({ status: 'replaced', replacedBy: outcome.row.lookupCode }).where(eq(records.lookupCode, outcome.replaces));
      }
    }
    await insertRows(tx, submissions, outcomes.map((outcome, i) => submissionOf(ctx, outcome, items[i]!.push)));
    await appendEvents(tx, [...(lead ? [lead] : []), ...outcomes.map((outcome, i) => eventOf(outcome, items[i]!.push))]);
    // In the same transaction: a receipt is answered only once its log entry is pending (docs/log.md).
    await appendLogEntries(tx, outcomes.flatMap((outcome, i) => logEntriesOf(outcome, items[i]!.push)));
    return outcomes.map((outcome): PackageResult => outcome.kind === 'rejected'
      ? { lookupCode: outcome.lookupCode, status: 'rejected', errors: outcome.issues.map((found) => toPackageError(found, ctx.lang)) }
      : { lookupCode: outcome.row.lookupCode, status: 'accepted', receipt: toReceipt(outcome.row) });
  });
}

// FOR UPDATE, then the lifecycle decision again: the one made before judging may be stale by now.
async function lockPredecessors(tx: Tx, items: readonly Judged[]): Promise<void> {
  const predecessors = items.flatMap(({ push, judgement }) => (judgement.kind === 'accept' && judgement.replacing ? [{ push, replacing: judgement.replacing }] : []))
    .sort((a, b) => a.replacing.row.lookupCode.localeCompare(b.replacing.row.lookupCode));
  for (const { push, replacing } of predecessors) {
    const [old] = await tx.select().from(records).where(eq(records.lookupCode, replacing.row.lookupCode)).for('update');
    const decision = canReplace(toLifecycle(old!), push.now, replacing.settings);
    if (!decision.allowed) throw refusal(decision.reason, old!, replacing.settings);
  }
}

// One INSERT … ON CONFLICT DO NOTHING for every accepted document: a code already stored (or earlier in this
// write) is skipped, then its winner is read back. The same bytes from the same school are a repeat (the
// stored receipt); anything else — and any replacement, which must bring a new record — is `code_taken`.
async function insertRecords(tx: Tx, items: readonly Judged[]): Promise<Outcome[]> {
  const accepted = items.flatMap(({ push, judgement }, i) => (judgement.kind === 'accept' ? [{ i, push, judgement, value: toRow(push, judgement) }] : []))
    .sort((a, b) => a.value.lookupCode.localeCompare(b.value.lookupCode));
  // Only the receipt comes back: returning whole rows sent every package and XML back over the wire.
  const inserted = await insertRows(tx, records, accepted.map((item) => item.value), { onConflictDoNothing: records.lookupCode, returning: RECEIPT_COLUMNS });
  const byReceipt = new Map(inserted.map((row) => [row.receiptId, row]));
  const losers = accepted.filter((item) => !byReceipt.has(item.value.receiptId));
  const winners = losers.length === 0 ? [] : await tx.select(RECEIPT_COLUMNS).from(records)
    .where(inArray(records.lookupCode, [...new Set(losers.map((item) => item.value.lookupCode))]));
  const winnerOf = new Map(winners.map((row) => [row.lookupCode, row]));
  const outcomes = items.map(({ judgement }): Outcome | null => {
    if (judgement.kind === 'repeated') return { kind: 'repeated', row: judgement.row };
    if (judgement.kind === 'rejected') return { kind: 'rejected', lookupCode: judgement.lookupCode, digest: judgement.digest, issues: judgement.issues, facts: judgement.facts ?? null };
    return null;
  });
  for (const { i, push, judgement: { doc, replacing }, value } of accepted) {
    const row = byReceipt.get(value.receiptId);
    const winner = winnerOf.get(doc.lookupCode);
    outcomes[i] = row ? { kind: 'accepted', row, doc, replaces: replacing?.row.lookupCode ?? null }
      : winner && !replacing && winner.digest === doc.digest && winner.schoolCode === push.schoolCode ? { kind: 'repeated', row: winner }
      : {
        kind: 'rejected', lookupCode: doc.lookupCode, digest: doc.digest, issues: [issue('code_taken', { params: { lookupCode: doc.lookupCode } })],
        facts: { grade: doc.facts.grade, schoolYear: doc.facts.schoolYear },
      };
  }
  return outcomes as Outcome[];
}

/** The stored row of a verified document: exact bytes, indexed facts, masked report, a fresh receipt id. */
export function toRow(push: Push, { doc, replacing }: Accept): NewRecordRow & { receiptId: string; lookupCode: string } {
  return {
    lookupCode: doc.lookupCode,
    schoolCode: push.schoolCode,
    schoolYear: doc.facts.schoolYear,
    grade: doc.facts.grade,
    level: doc.facts.level,
    studentCode: doc.facts.studentCode,
    personalIdLast4: lastFourOf(doc.facts.personalId),
    studentName: doc.facts.studentName,
    package: Buffer.from(push.text, 'latin1'),
    digest: doc.digest,
    // Decree 13/2023: the personal id stays whole only inside the signed XML; the stored report is masked.
    report: maskRecordPersonalIds(doc.report, doc.facts.personalId),
    receiptId: randomUUID(),
    receivedAt: push.now,
    replaces: replacing?.row.lookupCode ?? null,
    supplementary: doc.facts.supplementary,
  };
}

function submissionOf(ctx: RegistryContext, outcome: Outcome, push: Push): typeof submissions.$inferInsert {
  const base = { schoolCode: push.schoolCode, receivedAt: push.now };
  return outcome.kind === 'rejected'
    ? {
      ...base, lookupCode: outcome.lookupCode, digest: outcome.digest, status: 'rejected', errors: outcome.issues.map((found) => toPackageError(found, ctx.lang)),
      grade: outcome.facts?.grade ?? null, schoolYear: outcome.facts?.schoolYear ?? null,
    }
    : { ...base, lookupCode: outcome.row.lookupCode, digest: outcome.row.digest, status: outcome.kind, receiptId: outcome.row.receiptId };
}

/** A new record is `accepted`; a replacement is also its predecessor's `replaced`. Repeats and refusals change nothing. */
function logEntriesOf(outcome: Outcome, push: Push): LogEntryInput[] {
  if (outcome.kind !== 'accepted') return [];
  const code = outcome.row.lookupCode;
  const accepted = logEntry('accepted', { code, school: push.schoolCode, year: outcome.doc.facts.schoolYear, 'xml-sha256': outcome.row.digest }, push.now, code);
  if (outcome.replaces === null) return [accepted];
  return [accepted, logEntry('replaced', { code: outcome.replaces, by: code }, push.now, outcome.replaces)];
}

function eventOf(outcome: Outcome, push: Push): EventInput {
  const at = { at: push.now, actor: push.operator ?? push.schoolCode };
  if (outcome.kind === 'rejected') {
    return { ...at, kind: 'reject', subject: outcome.lookupCode, detail: { digest: outcome.digest, codes: outcome.issues.map((found) => found.code) } };
  }
  const receipt = { receiptId: outcome.row.receiptId, digest: outcome.row.digest };
  if (outcome.kind === 'repeated') return { ...at, kind: 'accept', subject: outcome.row.lookupCode, detail: { ...receipt, repeated: true } };
  return {
    ...at, kind: outcome.replaces ? 'replace' : 'accept', subject: outcome.row.lookupCode,
    detail: { ...receipt, verdict: outcome.doc.report.verdict, replaces: outcome.replaces },
  };
}
