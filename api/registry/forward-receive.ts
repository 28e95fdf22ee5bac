// The national side of forwarding (issue 19): a province's batch is checked for order, every package is verified
// again with THIS instance's trust list, and the items are applied in one journaled transaction that also moves
// the province's cursor — so a batch is applied whole or not at all, and a batch sent again changes nothing.
// Runs of plain accepts are written set-based (forward-accepts.ts); the other kinds one at a time, in order.
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { forwardCursors, records, schools, type RecordRow } from '../../db/schema/index.ts';
import { HocbaError, issue, type Issue } from '../errors.ts';
import { appendEvent, appendEvents, journaledTransaction, type EventInput } from './audit.ts';
import { RECEIPT_COLUMNS, toPackageError, type RegistryContext } from './context.ts';
import { applyAccepts, type CheckedAccept } from './forward-accepts.ts';
import { isSchoolOfProvince } from './forward-accounts.ts';
import { applyForwardedTransfer } from './forward-transfer.ts';
import type { ForwardAck, ForwardBatch, ForwardItem } from './forward-types.ts';
import { checkContextOf, checkText, judgeReport } from './ingest.ts';
import { mapInOrder } from '../map-in-order.ts';
import type { VerifiedDocument } from './judgement.ts';
import { logEntry, textDigest, type LogEntryInput } from './log-entries.ts';
import { appendLogEntries } from './log-store.ts';
import { loadTrustMaterial } from './trust-store.ts';
import type { TrustMaterial } from './types.ts';
import { toRow } from './writer.ts';

// As ingest's BATCH_CONCURRENCY: verification is CPU-bound and runs on the worker pool.
const CHECK_CONCURRENCY = 4;

type RecordItem = Extract<ForwardItem, { kind: 'accept' | 'replace' }>;
/** What the checks outside the transaction found for one item. */
type Checked = { readonly item: ForwardItem; readonly doc: VerifiedDocument | null } | { readonly item: ForwardItem; readonly issues: Issue[] };

/** How far `province`'s stream is applied here (0: nothing yet). */
export async function forwardCursor(ctx: RegistryContext, province: string, db: Pick<Tx, 'select'> = ctx.db): Promise<number> {
  const [row] = await db.select({ last: forwardCursors.lastSequence }).from(forwardCursors).where(eq(forwardCursors.provinceCode, province));
  return row?.last ?? 0;
}

export async function receiveBatch(ctx: RegistryContext, province: string, batch: ForwardBatch, now: Date): Promise<ForwardAck> {
  assertOrdered(batch);
  const cursor = await forwardCursor(ctx, province);
  if (batch.after > cursor) throw new HocbaError('forward_gap', { params: { province, expected: cursor, after: batch.after } });
  const pending = batch.items.filter((item) => item.sequence > cursor);
  const checked = await checkItems(ctx, province, pending, now);
  return journaledTransaction(ctx.db, async (tx) => {
    // Another run of the same province may have moved the cursor meanwhile (the chain lock orders them): skip what it applied.
    const applied = await forwardCursor(ctx, province, tx);
    if (batch.after > applied) throw new HocbaError('forward_gap', { params: { province, expected: applied, after: batch.after } });
    let last = applied;
    let count = 0;
    let refused: ForwardAck['refused'] = null as ForwardAck['refused'];
    const refusal = (item: ForwardItem, issues: Issue[]): ForwardAck['refused'] => (
      { sequence: item.sequence, lookupCode: lookupCodeOf(item), errors: issues.map((found) => toPackageError(found, ctx.lang)) });
    const live = checked.filter((entry) => entry.item.sequence > applied);
    for (let at = 0; at < live.length && refused === null;) {
      const entry = live[at]!;
      if ('issues' in entry) {
        refused = refusal(entry.item, entry.issues);
        break;
      }
      if (entry.item.kind === 'accept') {
        // Consecutive plain accepts are written together (forward-accepts.ts); anything else one at a time, in order.
        const run: CheckedAccept[] = [];
        while (at < live.length && live[at]!.item.kind === 'accept' && !('issues' in live[at]!)) run.push(live[at++] as CheckedAccept);
        const done = await applyAccepts(tx, province, run, now);
        count += done.applied;
        if (done.applied > 0) last = run[done.applied - 1]!.item.sequence;
        if (done.refused.length > 0) refused = refusal(run[done.applied]!.item, done.refused);
        continue;
      }
      const issues = await applyItem(tx, province, entry.item, entry.doc, now);
      if (issues.length > 0) {
        refused = refusal(entry.item, issues);
        break;
      }
      last = entry.item.sequence;
      count += 1;
      at += 1;
    }
    if (last !== applied) {
      await tx.insert(forwardCursors).values({ provinceCode: province, lastSequence: last, updatedAt: now })
        .onConflictDoUpdate({ target: forwardCursors.provinceCode, set: { lastSequence: last, updatedAt: now } });
    }
    const repeated = batch.items.length - pending.length;
    await appendEvent(tx, {
      at: now, actor: `province:${province}`, kind: 'forward_receive', subject: province,
      detail: { after: batch.after, through: last, items: batch.items.length, applied: count, repeated, refused: refused?.sequence ?? null },
    });
    return { province, lastSequence: last, applied: count, repeated, refused };
  });
}

function assertOrdered(batch: ForwardBatch): void {
  let previous = batch.after;
  batch.items.forEach((item, index) => {
    if (item.sequence <= previous) throw new HocbaError('forward_order_invalid', { params: { after: batch.after, index: index + 1, sequence: item.sequence } });
    previous = item.sequence;
  });
}

function lookupCodeOf(item: ForwardItem): string | null {
  return 'lookupCode' in item ? item.lookupCode : null;
}

/**
 * Scope, then the engine with this instance's trust list, outside any transaction (CPU). The school seal approval
 * is the province's (it keeps the school directory): the seal it names is approved for that school, and only for
 * a school of that province; signature, chain and revocation are judged here (docs/SECURITY.md).
 */
async function checkItems(ctx: RegistryContext, province: string, items: readonly ForwardItem[], now: Date): Promise<Checked[]> {
  const own = await loadTrustMaterial(ctx.db);
  const recordItems = items.filter((item): item is RecordItem => item.kind === 'accept' || item.kind === 'replace');
  const trust: TrustMaterial = {
    ...own,
    approvals: recordItems.filter((item) => item.seal !== null && isSchoolOfProvince(item.schoolCode, province)).map((item) => ({
      schoolCode: item.schoolCode, fingerprint: item.seal!.toLowerCase(), approvedAt: new Date(0).toISOString(), withdrawnAt: null,
    })),
  };
  // A few at a time on the verification workers, as a school's batch (ingest.ts); kept in order, cut at the first refusal.
  const all = await mapInOrder(items, CHECK_CONCURRENCY, (item): Promise<Checked> => (item.kind === 'accept' || item.kind === 'replace'
    ? checkRecordItem(ctx, province, item, trust, now)
    : Promise.resolve({ item, doc: null })));
  const refused = all.findIndex((entry) => 'issues' in entry);
  return refused === -1 ? all : all.slice(0, refused + 1);
}

async function checkRecordItem(ctx: RegistryContext, province: string, item: RecordItem, trust: TrustMaterial, now: Date): Promise<Checked> {
  if (!isSchoolOfProvince(item.schoolCode, province)) {
    return { item, issues: [issue('forward_wrong_province', { path: 'MaTruong', params: { school: item.schoolCode, province } })] };
  }
  const receivedAt = new Date(item.receivedAt);
  // The province's receipt time is the proof of existence; it cannot be later than now.
  const push = { schoolCode: item.schoolCode, text: item.package, now, proofOfExistence: receivedAt < now ? receivedAt : now };
  const checked = await checkText(ctx, item.package, checkContextOf(push, trust));
  if (checked.xml === null) return { item, issues: [checked.issue] };
  const judgement = judgeReport(push, checked, null);
  if (judgement.kind !== 'accept') return { item, issues: judgement.kind === 'rejected' ? judgement.issues : [] };
  if (judgement.doc.lookupCode !== item.lookupCode) {
    return { item, issues: [issue('forward_item_mismatch', { path: 'MaTraCuu', params: { sequence: item.sequence, field: 'lookupCode', claimed: item.lookupCode, found: judgement.doc.lookupCode } })] };
  }
  return { item, doc: judgement.doc };
}

/** Applies one checked item inside the batch's transaction; the refusals found only against stored rows come back. */
async function applyItem(tx: Tx, province: string, item: ForwardItem, doc: VerifiedDocument | null, now: Date): Promise<Issue[]> {
  const actor = `province:${province}`;
  if (item.kind === 'lock') {
    // National answers follow the national calendar (lock_dates here); a Sở's own dates are journaled, not applied.
    await appendEvent(tx, { at: now, actor, kind: 'lock', subject: item.schoolYear, detail: { main: item.main, supplementary: item.supplementary, sequence: item.sequence, forwarded: true } });
    return [];
  }
  if (item.kind === 'recall') return applyRecall(tx, province, item, now);
  if (item.kind === 'transfer') return applyForwardedTransfer(tx, province, item, now);
  const replaces = item.kind === 'replace' ? item.replaces : null;
  const found = replaces === null ? null : await loadProvinceRecord(tx, province, replaces, item.sequence);
  if (found && 'issues' in found) return found.issues;
  const predecessor = found?.row ?? null;
  if (predecessor && predecessor.status !== 'valid') return [issue('already_replaced', { params: { lookupCode: replaces!, replacedBy: predecessor.replacedBy ?? '' } })];
  const verified = doc!;
  if (predecessor && (verified.facts.studentCode !== predecessor.studentCode || verified.facts.schoolYear !== predecessor.schoolYear)) {
    return [issue('replace_mismatch', { path: 'MaHocSinh', params: { field: 'MaHocSinh/NamHoc', expected: `${predecessor.studentCode} ${predecessor.schoolYear}`, found: `${verified.facts.studentCode} ${verified.facts.schoolYear}` } })];
  }
  await tx.insert(schools).values({ code: item.schoolCode, name: item.schoolName, provinceCode: province, createdAt: now }).onConflictDoNothing();
  const row = toRow({ schoolCode: item.schoolCode, text: item.package, now }, { kind: 'accept', doc: verified, replacing: null });
  const inserted = await tx.insert(records).values({
    ...row, receiptId: item.receiptId, receivedAt: new Date(item.receivedAt), replaces, sourceProvince: province,
  }).onConflictDoNothing({ target: records.lookupCode }).returning(RECEIPT_COLUMNS);
  if (inserted.length === 0) return [issue('code_taken', { params: { lookupCode: item.lookupCode } })];
  const log: LogEntryInput[] = [logEntry('accepted', { code: item.lookupCode, school: item.schoolCode, year: verified.facts.schoolYear, 'xml-sha256': verified.digest }, now, item.lookupCode)];
  const detail = { receiptId: item.receiptId, digest: verified.digest, sequence: item.sequence, province };
  const journal: EventInput[] = [{ at: now, actor, kind: item.kind, subject: item.lookupCode, detail: replaces ? { ...detail, replaces } : detail }];
  if (replaces) {
    await tx.update(records).set({ status: 'replaced', replacedBy: item.lookupCode }).where(eq(records.lookupCode, replaces));
    log.push(logEntry('replaced', { code: replaces, by: item.lookupCode }, now, replaces));
  }
  await appendEvents(tx, journal);
  await appendLogEntries(tx, log);
  return [];
}

async function applyRecall(tx: Tx, province: string, item: Extract<ForwardItem, { kind: 'recall' }>, now: Date): Promise<Issue[]> {
  const found = await loadProvinceRecord(tx, province, item.lookupCode, item.sequence);
  if ('issues' in found) return found.issues;
  if (found.row.status !== 'valid') return [issue('already_recalled', { params: { lookupCode: item.lookupCode } })];
  await tx.update(records).set({ status: 'recalled', recalledAt: new Date(item.at), recallReason: item.reason }).where(eq(records.lookupCode, item.lookupCode));
  await appendEvent(tx, { at: now, actor: `province:${province}`, kind: 'recall', subject: item.lookupCode, detail: { reason: item.reason, sequence: item.sequence } });
  await appendLogEntries(tx, [logEntry('recalled', { code: item.lookupCode, 'reason-sha256': textDigest(item.reason) }, now, item.lookupCode)]);
  return [];
}

/** A record this province forwarded earlier, locked for the change; another province's record is not found for it. */
type ProvinceRecord = Pick<RecordRow, 'status' | 'replacedBy' | 'studentCode' | 'schoolYear' | 'sourceProvince'>;

async function loadProvinceRecord(tx: Tx, province: string, lookupCode: string, sequence: number): Promise<{ row: ProvinceRecord } | { issues: Issue[] }> {
  const [row] = await tx.select({ status: records.status, replacedBy: records.replacedBy, studentCode: records.studentCode, schoolYear: records.schoolYear, sourceProvince: records.sourceProvince })
    .from(records).where(eq(records.lookupCode, lookupCode)).for('update');
  if (!row || row.sourceProvince !== province) return { issues: [issue('forward_record_unknown', { params: { sequence, lookupCode, province } })] };
  return { row };
}
