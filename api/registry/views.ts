// Read side: the public view of a record (masked), the school's own view, exact XML, lookups by digest.
// A lookup only reads (issue 13): it is noted in the access log, written later in batches, never in a transaction here.
import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { lockDates, pdfCopies, records, schools, transfers, type RecordRow } from '../../db/schema/index.ts';
import type { Db } from '../../db/client.ts';
import { HocbaError } from '../errors.ts';
import { effectiveFrom, isLocked, lockDateOfRecord, managesStudent, type LockSettings, type RecordStatus } from '../lifecycle/index.ts';
import type { Report } from '../verify/report.ts';
import { maskFromLastFour, maskRecordPersonalIds } from '../record/personal-ids.ts';
import { toLifecycle, toReceipt, type RegistryContext } from './context.ts';
import type { Level } from './record-facts.ts';
import type { OwnRecordView, RecordView } from './types.ts';
import { normalizeLookupCode } from '../record/lookup-code.ts';
import { xmlOfStored } from './stored-xml.ts';

export async function getRecord(ctx: RegistryContext, code: string, options: { now?: Date; actor?: string } = {}): Promise<RecordView | null> {
  const lookupCode = normalizeLookupCode(code);
  if (!lookupCode) return null;
  // Public: a replica may answer (read-path.ts); a code it has not replayed yet is asked of the primary.
  const found = await ctx.reads.read((db) => loadViewRow(ctx, lookupCode, db), (view) => view !== null);
  if (!found) return null;
  const now = options.now ?? ctx.clock();
  if (options.actor !== undefined) await ctx.accessLog.note([{ at: now, lookupCode, requester: options.actor, kind: 'single' }]);
  return { ...toRecordView(found.row, found.schoolName, found.settings, now, found.managedBy), copies: found.copies };
}

/**
 * Many records in one statement (bulk and claims checks read hundreds per chunk): found ones by canonical code.
 * Reads only; the caller journals what it found (journalLookups).
 */
export async function getRecords(ctx: RegistryContext, codes: readonly string[], options: { now?: Date } = {}): Promise<Map<string, RecordView>> {
  const wanted = [...new Set(codes.map((code) => normalizeLookupCode(code)).filter((code): code is string => code !== null))];
  const views = new Map<string, RecordView>();
  if (wanted.length === 0) return views;
  const now = options.now ?? ctx.clock();
  const select = (db: Db, codes: readonly string[]) => viewRowSelect(db).where(inArray(records.lookupCode, [...codes]));
  const add = (rows: ViewRowSelected[]) => {
    for (const found of rows) {
      const view = toViewRowFound(ctx, found);
      views.set(view.row.lookupCode, { ...toRecordView(view.row, view.schoolName, view.settings, now, view.managedBy), copies: view.copies });
    }
  };
  // Public, like getRecord: a replica answers what it has; only the codes it lacks (not replayed yet, or unknown)
  // are asked again, so a list with one typo does not send the whole chunk to the primary. Without a replica the
  // first answer is the primary's already: asking again would only repeat the query.
  add(await ctx.reads.read((db) => select(db, wanted), () => true));
  const missing = wanted.filter((code) => !views.has(code));
  if (missing.length > 0 && ctx.reads.hasReplicas) add(await ctx.reads.read((db) => select(db, missing), (rows) => rows.length === missing.length));
  return views;
}

/**
 * Notes the lookups of a bulk verification (SPEC §5 /verify/batch) in the access log: one entry per code found,
 * `batch` kind, all in one note. Written with the next flush; nothing here writes or locks.
 */
export async function journalLookups(ctx: RegistryContext, codes: readonly string[], options: { now?: Date; actor: string }): Promise<void> {
  if (codes.length === 0) return;
  const at = options.now ?? ctx.clock();
  await ctx.accessLog.note(codes.map((lookupCode) => ({ at, lookupCode, requester: options.actor, kind: 'batch' as const })));
}

/** One issued copy, for checking a printed or downloaded PDF against the copy log. */
export async function findCopy(ctx: RegistryContext, code: string, copyNumber: number): Promise<{ copyNumber: number; issuedAt: string } | null> {
  const lookupCode = normalizeLookupCode(code);
  if (!lookupCode || !Number.isSafeInteger(copyNumber)) return null;
  const [row] = await ctx.reads.read((db) => db.select({ issuedAt: pdfCopies.issuedAt }).from(pdfCopies)
    .where(and(eq(pdfCopies.lookupCode, lookupCode), eq(pdfCopies.copyNumber, copyNumber))), (rows) => rows.length > 0);
  return row ? { copyNumber, issuedAt: new Date(row.issuedAt).toISOString() } : null;
}

/**
 * Null for an unknown code; another school's record is refused (`not_your_record`), not hidden: lookups are public.
 * Read on the primary: a school reads back what it has just written.
 */
export async function getOwnRecord(ctx: RegistryContext, schoolCode: string, code: string, now?: Date): Promise<OwnRecordView | null> {
  const lookupCode = normalizeLookupCode(code);
  if (!lookupCode) return null;
  const found = await loadViewRow(ctx, lookupCode);
  if (!found) return null;
  if (found.row.schoolCode !== schoolCode) {
    throw new HocbaError('not_your_record', { params: { lookupCode: found.row.lookupCode } });
  }
  const view = toRecordView(found.row, found.schoolName, found.settings, now ?? ctx.clock(), found.managedBy);
  return { ...view, copies: found.copies, receipt: toReceipt(found.row) };
}

/** The exact signed XML the school sent (SPEC §5 GET /records/{code}/xml): its stored package, inflated. */
export async function loadRecordXml(ctx: RegistryContext, code: string): Promise<Uint8Array | null> {
  const lookupCode = normalizeLookupCode(code);
  if (!lookupCode) return null;
  const [row] = await ctx.reads.read((db) => db.select({ package: records.package }).from(records).where(eq(records.lookupCode, lookupCode)),
    (rows) => rows.length > 0);
  return row ? xmlOfStored(row.package) : null;
}

/** Lookup codes of records whose XML has this SHA-256 (checking an uploaded file against the registry). */
export async function findByDigest(ctx: RegistryContext, digest: string): Promise<string[]> {
  const rows = await ctx.reads.read((db) => db.select({ lookupCode: records.lookupCode }).from(records)
    .where(eq(records.digest, digest.toLowerCase())), (found) => found.length > 0);
  return rows.map((row) => row.lookupCode);
}

/** The stored report already has the personal id masked (see writer.ts), so every view can show it. */
function toRecordView(row: ViewRow, schoolName: string, settings: LockSettings, now: Date, managedBy: string | null): Omit<RecordView, 'copies'> {
  // Reports stored before signers' ids were masked at rest carry them whole: masked again on the way out (SPEC §9).
  const report = maskRecordPersonalIds(row.report as Report, null);
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
    studentMoved: !managesStudent(row.schoolCode, managedBy === null ? null : { toSchool: managedBy }),
    locked: isLocked(lifecycle, now, settings),
    lockDate: lockDateOfRecord(lifecycle, settings),
    effectiveFrom: effectiveFrom(lifecycle, row.receivedAt, settings),
    digest: row.digest,
    report,
    content: report.record,
  };
}

/**
 * What a view is made of: every column of the record but the package, which no answer shows (the exact XML, inflated
 * from it, has its own route). A lookup then reads a few kilobytes of report, not the package the school sent.
 */
const { package: _package, ...VIEW_COLUMNS } = getTableColumns(records);
export type ViewRow = Omit<RecordRow, 'package'>;

interface ViewRowFound {
  readonly row: ViewRow;
  readonly schoolName: string;
  readonly copies: RecordView['copies'];
  /** The injected lock days with the dates the Sở saved for this record's year (the only year its view reads). */
  readonly settings: LockSettings;
  /** The receiving school of the student's latest transfer, or null before any. */
  readonly managedBy: string | null;
}

/**
 * The record, its school's name, the lock dates of its year and its copies' count in ONE statement: a lookup is
 * one round trip and one pooled connection, however many lookups run at once.
 */
async function loadViewRow(ctx: RegistryContext, lookupCode: string, db: Db = ctx.db): Promise<ViewRowFound | null> {
  const [found] = await viewRowQuery(db).execute({ lookupCode });
  return found ? toViewRowFound(ctx, found) : null;
}

type ViewRowSelected = Awaited<ReturnType<ReturnType<typeof buildViewRowQuery>['execute']>>[number];

function toViewRowFound(ctx: RegistryContext, found: ViewRowSelected): ViewRowFound {
  const lastIssuedAt = found.lastCopyAt === null ? null : new Date(found.lastCopyAt).toISOString();
  const saved = found.mainLockDate === null || found.supplementaryLockDate === null ? null
    : { main: found.mainLockDate, supplementary: found.supplementaryLockDate };
  const settings = saved ? { ...ctx.lockPolicy, years: { ...ctx.lockPolicy.years, [found.row.schoolYear]: saved } } : ctx.lockPolicy;
  return { row: found.row, schoolName: found.schoolName, copies: { count: Number(found.copyCount), lastIssuedAt }, settings, managedBy: found.managedBy };
}

function viewRowSelect(db: Db) {
  return db.select({
    row: VIEW_COLUMNS,
    schoolName: schools.name,
    mainLockDate: lockDates.mainLockDate,
    supplementaryLockDate: lockDates.supplementaryLockDate,
    copyCount: sql<string | number>`(select count(*) from ${pdfCopies} where ${pdfCopies.lookupCode} = ${records.lookupCode})`,
    lastCopyAt: sql<string | Date | null>`(select max(${pdfCopies.issuedAt}) from ${pdfCopies} where ${pdfCopies.lookupCode} = ${records.lookupCode})`,
    // The school managing the student now (api/lifecycle/transfers.ts): the latest transfer's, by the student index.
    managedBy: sql<string | null>`(select ${transfers.toSchool} from ${transfers} where ${transfers.studentCode} = ${records.studentCode} order by ${transfers.id} desc limit 1)`,
  }).from(records)
    .innerJoin(schools, eq(records.schoolCode, schools.code))
    .leftJoin(lockDates, eq(lockDates.schoolYear, records.schoolYear));
}

function buildViewRowQuery(db: Db) {
  return viewRowSelect(db).where(eq(records.lookupCode, sql.placeholder('lookupCode'))).limit(1).prepare('hocba_view_row');
}

// Built once per database and prepared by name: the hottest statement is neither rebuilt by drizzle nor planned
// again by PostgreSQL on every lookup (node-postgres keeps a named statement per connection).
const viewRowQueries = new WeakMap<Db, ReturnType<typeof buildViewRowQuery>>();
function viewRowQuery(db: Db): ReturnType<typeof buildViewRowQuery> {
  let query = viewRowQueries.get(db);
  if (!query) viewRowQueries.set(db, (query = buildViewRowQuery(db)));
  return query;
}
