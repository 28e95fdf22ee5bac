// The province's side of forwarding (issue 19): its lifecycle stream read from the audit journal, in order.
// The journal is the stream because every state change already writes its event there, under the chain lock,
// in the transaction that makes the change (audit.ts): event ids are assigned in commit order, so an id read
// once never has a smaller one committed after it, and the stream needs no second write path to keep in step.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { events, records, schools } from '../../db/schema/index.ts';
import { appendEvent } from './audit.ts';
import type { RegistryContext } from './context.ts';
import type { ForwardItem, StreamPage } from './forward-types.ts';

/** The journal kinds that are lifecycle events of a record, a year or a student; a new kind is added here and in the national apply. */
export const STREAM_KINDS = ['accept', 'replace', 'recall', 'lock', 'transfer'] as const;

/** The stream kinds whose subject is a record (a lookup code): what the deadline report counts. */
export const RECORD_KINDS = ['accept', 'replace', 'recall'] as const satisfies ReadonlyArray<(typeof STREAM_KINDS)[number]>;

/** A repeated push journals `accept` with `repeated: true` and changes nothing: it is not part of the stream. */
const NOT_REPEATED = sql`coalesce((${events.detail}->>'repeated')::boolean, false) = false`;

function streamAfter(after: number) {
  return and(gt(events.id, after), inArray(events.kind, [...STREAM_KINDS]), NOT_REPEATED);
}

/**
 * The items after `after`, at most `limit` of them and, past the first, no more than `maxBytes` of package text:
 * one bounded batch (the national side refuses a larger body). Records are read by their codes, bytes and all.
 */
export async function readStream(ctx: RegistryContext, after: number, limit: number, maxBytes: number): Promise<StreamPage> {
  const rows = await ctx.db.select({ id: events.id, at: events.at, kind: events.kind, subject: events.subject, detail: events.detail })
    .from(events).where(streamAfter(after)).orderBy(asc(events.id)).limit(limit);
  const codes = rows.filter((row) => row.kind === 'accept' || row.kind === 'replace').map((row) => row.subject!);
  const stored = codes.length === 0 ? [] : await ctx.db.select({
    lookupCode: records.lookupCode, schoolCode: records.schoolCode, schoolName: schools.name, receiptId: records.receiptId,
    receivedAt: records.receivedAt, package: records.package, replaces: records.replaces, report: records.report,
  }).from(records).innerJoin(schools, eq(schools.code, records.schoolCode)).where(inArray(records.lookupCode, codes));
  const byCode = new Map(stored.map((row) => [row.lookupCode, row]));
  const names = await schoolNamesOf(ctx, rows.filter((row) => row.kind === 'transfer').map((row) => row.detail as TransferDetail));
  const items: ForwardItem[] = [];
  let bytes = 0;
  for (const row of rows) {
    const base = { sequence: row.id, at: row.at.toISOString() };
    const detail = row.detail as Record<string, unknown>;
    if (row.kind === 'recall') {
      items.push({ ...base, kind: 'recall', lookupCode: row.subject!, reason: String(detail.reason ?? '') });
      continue;
    }
    if (row.kind === 'transfer') {
      items.push(transferItem(base, row.detail as TransferDetail, names));
      continue;
    }
    if (row.kind === 'lock') {
      items.push({ ...base, kind: 'lock', schoolYear: row.subject!, main: String(detail.main), supplementary: String(detail.supplementary) });
      continue;
    }
    const record = byCode.get(row.subject!)!;
    const text = Buffer.from(record.package).toString('latin1');
    if (items.length > 0 && bytes + text.length > maxBytes) break;
    bytes += text.length;
    const common = {
      ...base, lookupCode: record.lookupCode, schoolCode: record.schoolCode, schoolName: record.schoolName,
      receiptId: record.receiptId, receivedAt: record.receivedAt.toISOString(), package: text, seal: sealFingerprintOf(record.report),
    };
    items.push(row.kind === 'replace' ? { ...common, kind: 'replace', replaces: record.replaces! } : { ...common, kind: 'accept' });
  }
  return { items, bytes };
}

/** How many items follow `after`: the total a run reports its progress against. */
export async function countStream(ctx: RegistryContext, after: number): Promise<number> {
  const [row] = await ctx.db.select({ count: sql<number>`count(*)::int` }).from(events).where(streamAfter(after));
  return row?.count ?? 0;
}

/** The transfer event's detail as recordTransfer journals it (transfers.ts). */
interface TransferDetail { studentCode: string; fromSchool: string; toSchool: string; effectiveDate: string; reason: string }

function transferItem(base: { sequence: number; at: string }, detail: TransferDetail, names: ReadonlyMap<string, string>): ForwardItem {
  return {
    ...base, kind: 'transfer', studentCode: detail.studentCode, fromSchool: detail.fromSchool, fromSchoolName: names.get(detail.fromSchool)!,
    toSchool: detail.toSchool, toSchoolName: names.get(detail.toSchool)!, effectiveDate: detail.effectiveDate, reason: detail.reason,
  };
}

/** The names of the schools the page's transfers name, in one statement (a transfer's schools are in the directory: a foreign key). */
async function schoolNamesOf(ctx: RegistryContext, details: readonly TransferDetail[]): Promise<Map<string, string>> {
  const wanted = [...new Set(details.flatMap((detail) => [detail.fromSchool, detail.toSchool]))];
  if (wanted.length === 0) return new Map();
  const rows = await ctx.db.select({ code: schools.code, name: schools.name }).from(schools).where(inArray(schools.code, wanted));
  return new Map(rows.map((row) => [row.code, row.name]));
}

/** The school seal the province approved when it accepted the record (its stored report), which the national side trusts. */
function sealFingerprintOf(report: unknown): string | null {
  const signatures = (report as { signatures?: Array<{ role?: string | null; signer?: { fingerprint?: string } | null }> }).signatures ?? [];
  return signatures.find((signature) => signature.role === 'CoSoGiaoDuc')?.signer?.fingerprint ?? null;
}

/** The province journals each batch the national side acknowledged: where, which part of the stream, what became of it. */
export async function journalForwarded(
  ctx: RegistryContext, target: string, batch: { after: number; through: number; items: number; applied: number; repeated: number }, now: Date,
  actor = 'operator:forward',
): Promise<void> {
  await ctx.db.transaction((tx) => appendEvent(tx, { at: now, actor, kind: 'forward', subject: target, detail: batch }));
}

/** The highest sequence this province journaled as acknowledged by `target` (0: nothing yet). */
export async function lastForwarded(ctx: RegistryContext, target: string): Promise<number> {
  const [row] = await ctx.db.select({ through: sql<number | null>`max((${events.detail}->>'through')::bigint)::bigint` })
    .from(events).where(and(eq(events.kind, 'forward'), eq(events.subject, target)));
  return Number(row?.through ?? 0);
}
