// Read side: the public view of a record (masked), the school's own view, exact XML, lookups by digest.
import { and, count, eq, max } from 'drizzle-orm';
import { pdfCopies, records, schools, type RecordRow } from '../../db/schema/index.ts';
import { HocbaError } from '../errors.ts';
import { effectiveFrom, isLocked, lockDateOfRecord, type LockSettings, type RecordStatus } from '../lifecycle/index.ts';
import type { Report } from '../verify/report.ts';
import { maskFromLastFour } from '../record/personal-ids.ts';
import { appendEvent, appendEvents } from './audit.ts';
import { loadLockSettings, toLifecycle, toLookupCode, toReceipt, type RegistryContext } from './context.ts';
import { maskPersonalIdIn, type Level } from './record-facts.ts';
import type { OwnRecordView, RecordView } from './types.ts';

export async function getRecord(ctx: RegistryContext, code: string, options: { now?: Date; actor?: string } = {}): Promise<RecordView | null> {
  const found = await loadWithSchool(ctx, code);
  if (!found) return null;
  const now = options.now ?? ctx.clock();
  if (options.actor !== undefined) {
    const actor = options.actor;
    await ctx.db.transaction((tx) => appendEvent(tx, { at: now, actor, kind: 'lookup', subject: found.row.lookupCode, detail: {} }));
  }
  const view = toRecordView(found.row, found.schoolName, await loadLockSettings(ctx), now);
  return { ...view, copies: await loadCopies(ctx, found.row.lookupCode) };
}

/**
 * Journals the lookups of a bulk verification (SPEC §5 /verify/batch): one `lookup` event per code, all in one
 * transaction — one turn at the audit chain for the batch, not one per code.
 */
export async function journalLookups(ctx: RegistryContext, codes: readonly string[], options: { now?: Date; actor: string }): Promise<void> {
  if (codes.length === 0) return;
  const at = options.now ?? ctx.clock();
  const detail = { batch: codes.length };
  await ctx.db.transaction((tx) => appendEvents(tx, codes.map((subject) => ({ at, actor: options.actor, kind: 'lookup' as const, subject, detail }))));
}

/** How many numbered PDF copies were issued, and when the last one was (SPEC §9). */
async function loadCopies(ctx: RegistryContext, lookupCode: string): Promise<RecordView['copies']> {
  const [row] = await ctx.db.select({ n: count(), last: max(pdfCopies.issuedAt) }).from(pdfCopies).where(eq(pdfCopies.lookupCode, lookupCode));
  return { count: Number(row?.n ?? 0), lastIssuedAt: row?.last ? new Date(row.last).toISOString() : null };
}

/** One issued copy, for checking a printed or downloaded PDF against the copy log. */
export async function findCopy(ctx: RegistryContext, code: string, copyNumber: number): Promise<{ copyNumber: number; issuedAt: string } | null> {
  const lookupCode = toLookupCode(code);
  if (!lookupCode || !Number.isSafeInteger(copyNumber)) return null;
  const [row] = await ctx.db.select({ issuedAt: pdfCopies.issuedAt }).from(pdfCopies)
    .where(and(eq(pdfCopies.lookupCode, lookupCode), eq(pdfCopies.copyNumber, copyNumber)));
  return row ? { copyNumber, issuedAt: new Date(row.issuedAt).toISOString() } : null;
}

/** Null for an unknown code; another school's record is refused (`not_your_record`), not hidden: lookups are public. */
export async function getOwnRecord(ctx: RegistryContext, schoolCode: string, code: string, now?: Date): Promise<OwnRecordView | null> {
  const found = await loadWithSchool(ctx, code);
  if (!found) return null;
  if (found.row.schoolCode !== schoolCode) {
    throw new HocbaError('not_your_record', { params: { lookupCode: found.row.lookupCode } });
  }
  const view = toRecordView(found.row, found.schoolName, await loadLockSettings(ctx), now ?? ctx.clock());
  return { ...view, copies: await loadCopies(ctx, found.row.lookupCode), receipt: toReceipt(found.row) };
}

/** The exact signed XML the school sent (SPEC §5 GET /records/{code}/xml). */
export async function loadRecordXml(ctx: RegistryContext, code: string): Promise<Uint8Array | null> {
  const lookupCode = toLookupCode(code);
  if (!lookupCode) return null;
  const [row] = await ctx.db.select({ xml: records.xml }).from(records).where(eq(records.lookupCode, lookupCode));
  return row?.xml ?? null;
}

/** Lookup codes of records whose XML has this SHA-256 (checking an uploaded file against the registry). */
export async function findByDigest(ctx: RegistryContext, digest: string): Promise<string[]> {
  const rows = await ctx.db.select({ lookupCode: records.lookupCode }).from(records).where(eq(records.digest, digest.toLowerCase()));
  return rows.map((row) => row.lookupCode);
}

/** The stored report already has the personal id masked (see writer.ts), so every view can show it. */
export function toRecordView(row: RecordRow, schoolName: string, settings: LockSettings, now: Date): Omit<RecordView, 'copies'> {
  // Reports stored before signers' ids were masked at rest carry them whole: masked again on the way out (SPEC §9).
  const report = maskPersonalIdIn(row.report as Report, null);
  const lifecycle = toLifecycle(row);
  return {
    lookupCode: row.lookupCode,
    status: row.status as RecordStatus,
    schoolCode: row.schoolCode,
    schoolName,
    schoolYear: row.schoolYear,
    grade: row.grade,
    level: row.level as Level,
    studentName: row.studentName,
    studentCode: row.studentCode,
    personalId: row.personalIdLast4 === null ? null : maskFromLastFour(row.personalIdLast4),
    receivedAt: row.receivedAt.toISOString(),
    recalledAt: row.recalledAt?.toISOString() ?? null,
    recallReason: row.recallReason,
    replacedBy: row.replacedBy,
    replaces: row.replaces,
    supplementary: row.supplementary,
    locked: isLocked(lifecycle, now, settings),
    lockDate: lockDateOfRecord(lifecycle, settings),
    effectiveFrom: effectiveFrom(lifecycle, row.receivedAt, settings),
    digest: row.digest,
    report,
    content: report.record,
  };
}

async function loadWithSchool(ctx: RegistryContext, code: string): Promise<{ row: RecordRow; schoolName: string } | null> {
  const lookupCode = toLookupCode(code);
  if (!lookupCode) return null;
  const [found] = await ctx.db.select({ row: records, schoolName: schools.name }).from(records)
    .innerJoin(schools, eq(records.schoolCode, schools.code)).where(eq(records.lookupCode, lookupCode)).limit(1);
  return found ?? null;
}
