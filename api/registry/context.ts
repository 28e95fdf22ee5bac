// What every registry operation shares: the database, the injected engine and clock, and small row helpers.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { records, lockDates, type RecordRow } from '../../db/schema/index.ts';
import { HocbaError, messageOf, type Issue, type Lang } from '../errors.ts';
import { lockDateOfRecord, type LifecycleRecord, type LifecycleRefusal, type LockSettings, type RecordStatus } from '../lifecycle/index.ts';
import { parseLookupInput } from '../record/lookup-code.ts';
import type { AccessLog } from './access-log.ts';
import type { ReadPath } from './read-path.ts';
import type { CheckFn, IngestCounters, IngestLimits, PackageError, Receipt, TrustMaterial } from './types.ts';

export interface RegistryContext {
  readonly db: Db;
  readonly check: CheckFn;
  readonly clock: () => Date;
  readonly lockPolicy: LockSettings;
  readonly lang: Lang;
  readonly ingest: IngestLimits;
  readonly counters: IngestCounters;
  /** Where lookups are noted (batched writes, no lock): the read side's only write. */
  readonly accessLog: AccessLog;
  /** Public reads: a replica when there is one, the primary on its miss or failure (read-path.ts). */
  readonly reads: ReadPath;
  /** Trust material, read again only when it changed (trust-cache.ts). */
  readonly trust: TrustCache;
}

/** Trust material, read again only when it changed (made by trust-cache.ts). */
export interface TrustCache {
  /** The current trust material; the same object as long as nothing changed (the verifier keys its work on it). */
  load(): Promise<TrustMaterial>;
  /** Work done, for tests and metrics: version checks made, and full loads among them. */
  readonly counters: { readonly checks: number; readonly loads: number };
}

export function requireLookupCode(input: string): string {
  const read = parseLookupInput(input);
  // The precise reason rides along (too short or long with the count, which character where) for the door to show.
  if (!read.ok) throw new HocbaError('lookup_code_invalid', { params: { reason: read.issue.code, ...read.issue.params } });
  return read.code;
}

export async function loadRecordRow(db: Db, lookupCode: string): Promise<RecordRow | null> {
  const [row] = await db.select().from(records).where(eq(records.lookupCode, lookupCode)).limit(1);
  return row ?? null;
}

/** The school's own record, or the reason it may not act on it. */
export async function loadOwnRecordRow(db: Db, schoolCode: string, input: string): Promise<RecordRow> {
  const lookupCode = requireLookupCode(input);
  const row = await loadRecordRow(db, lookupCode);
  if (!row) throw new HocbaError('not_found', { params: { lookupCode } });
  if (row.schoolCode !== schoolCode) throw new HocbaError('not_your_record', { params: { lookupCode } });
  return row;
}

/** The lifecycle rules' view of a stored record (api/lifecycle): for the read side and the write side alike. */
export function toLifecycle(row: Pick<RecordRow, 'status' | 'schoolYear' | 'supplementary'>): LifecycleRecord {
  return { status: row.status as RecordStatus, schoolYear: row.schoolYear, supplementary: row.supplementary };
}

/** Why a record may not be recalled or replaced, with the dates and successor the message names. */
export function refusal(reason: LifecycleRefusal, row: RecordRow, settings: LockSettings): HocbaError {
  const params = { lookupCode: row.lookupCode, lockDate: lockDateOfRecord(toLifecycle(row), settings), replacedBy: row.replacedBy ?? '' };
  return new HocbaError(reason, { params });
}

/** What a receipt is made of: the stored columns ingest reads back (never the package, XML or report bytes). */
export type ReceiptRow = Pick<RecordRow, 'receiptId' | 'lookupCode' | 'digest' | 'receivedAt' | 'schoolCode'>;
export const RECEIPT_COLUMNS = {
  receiptId: records.receiptId, lookupCode: records.lookupCode, digest: records.digest, receivedAt: records.receivedAt, schoolCode: records.schoolCode,
};

export function toReceipt(row: ReceiptRow): Receipt {
  return {
    receiptId: row.receiptId,
    lookupCode: row.lookupCode,
    digest: row.digest,
    receivedAt: row.receivedAt.toISOString(),
    schoolCode: row.schoolCode,
  };
}

export function toPackageError(found: Issue, lang: Lang): PackageError {
  return {
    code: found.code,
    message: messageOf(found, lang),
    ...(found.path === undefined ? {} : { path: found.path }),
    ...(found.signature === undefined ? {} : { signature: found.signature }),
  };
}

/** Injected defaults overlaid with the per-year dates the Sở saved (read in `db`, e.g. a write transaction). */
export async function loadLockSettings(ctx: RegistryContext, db: Pick<Db, 'select'> = ctx.db): Promise<LockSettings> {
  const rows = await db.select().from(lockDates);
  const years = { ...ctx.lockPolicy.years };
  for (const row of rows) years[row.schoolYear] = { main: row.mainLockDate, supplementary: row.supplementaryLockDate };
  return { ...ctx.lockPolicy, years };
}

const MAX_REASON_CHARS = 2000;

/**
 * A free-text reason as journaled: PostgreSQL text and jsonb cannot hold NUL, and other control characters have no
 * place in a reason either; trimmed and bounded. Empty when nothing is left (the caller names its own refusal).
 */
export function cleanReasonText(reason: string): string {
  return reason.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim().slice(0, MAX_REASON_CHARS).normalize('NFC');
}
