// Bulk verification (SPEC §5 POST /verify/batch, §6 /xac-minh-hang-loat): a list of codes in, one row per listed
// code out, in order, with ONE status vocabulary, ONE limit and ONE CSV format for the API and the portal alike.
import { toCsv } from '../csv.ts';
import type { Lang } from '../errors.ts';
import type { HocBaRecord } from '../record/index.ts';
import type { RecordView } from '../registry/types.ts';
import { readLookupInput } from './lookup-input.ts';
import { statusOfRecord, type PublicStatus } from './status.ts';
import { MALFORMED_TEXT, STATUS_TEXT } from './status-text.ts';

/** Codes per request, counted per listed line (duplicates and malformed lines count too), at every door. */
export const BULK_LIMIT = 1000;

export interface BulkRow {
  /** The line as given (cut at 80 characters). */
  readonly input: string;
  /** The code read from the line, or null when none could be read (then status is not_found, malformed true). */
  readonly code: string | null;
  readonly status: PublicStatus;
  readonly malformed: boolean;
  readonly schoolCode: string | null;
  readonly schoolName: string | null;
  readonly schoolYear: string | null;
  readonly grade: number | null;
  readonly className: string | null;
  readonly studentName: string | null;
  readonly locked: boolean | null;
  readonly lockDate: string | null;
  readonly effectiveFrom: string | null;
  readonly recalledAt: string | null;
  readonly recallReason: string | null;
  readonly replacedBy: string | null;
}

export type BulkOutcome =
  | { readonly kind: 'rows'; readonly rows: BulkRow[] }
  | { readonly kind: 'too_many'; readonly count: number; readonly limit: number }
  /** The asker's budget of codes (per code listed, across requests) is spent: try again after `retryAfter` s. */
  | { readonly kind: 'limited'; readonly retryAfter: number };

/**
 * Charges `count` codes to the asker's budget (SPEC §9: codes must not be guessed in bulk): every code listed counts,
 * not every request. Answers the seconds to wait when the budget is spent, else null.
 */
export type ChargeCodes = (askerKey: string, count: number) => Promise<number | null>;

export interface BulkDeps {
  /** The listed codes' records in one read; found ones by canonical code. */
  readonly getRecords: (codes: readonly string[]) => Promise<ReadonlyMap<string, RecordView>>;
  /** Journals every record found as a lookup, in one transaction. */
  readonly journalLookups: (codes: readonly string[]) => Promise<void>;
  /** This asker's code budget (ChargeCodes bound to the asker); none: unlimited (tests of the rows alone). */
  readonly chargeCodes?: (count: number) => Promise<number | null>;
}

export async function verifyCodes(deps: BulkDeps, inputs: readonly string[], limit = BULK_LIMIT): Promise<BulkOutcome> {
  if (inputs.length > limit) return { kind: 'too_many', count: inputs.length, limit };
  const wait = deps.chargeCodes ? await deps.chargeCodes(inputs.length) : null;
  if (wait !== null) return { kind: 'limited', retryAfter: wait };
  // One read for the whole list (at most BULK_LIMIT codes); a code listed twice is read and journaled once.
  const read = inputs.map((line) => ({ line, code: readLookupInput(line) }));
  const views = await deps.getRecords(read.flatMap(({ code }) => (code === null ? [] : [code])));
  const rows = read.map(({ line, code }) => toRow(line.slice(0, 80), code, code === null ? null : views.get(code) ?? null));
  await deps.journalLookups([...views.keys()]);
  return { kind: 'rows', rows };
}

function toRow(input: string, code: string | null, view: RecordView | null): BulkRow {
  const record = (view?.content ?? null) as HocBaRecord | null;
  return {
    input, code, status: view ? statusOfRecord(view) : 'not_found', malformed: code === null,
    schoolCode: view?.schoolCode ?? null, schoolName: view?.schoolName ?? null, schoolYear: view?.schoolYear ?? null,
    grade: view?.grade ?? null, className: record?.className ?? null, studentName: view?.studentName ?? null,
    locked: view?.locked ?? null, lockDate: view?.lockDate ?? null, effectiveFrom: view?.effectiveFrom ?? null,
    recalledAt: view?.recalledAt ?? null, recallReason: view?.recallReason ?? null, replacedBy: view?.replacedBy ?? null,
  };
}

/** The one CSV header of both doors (machine-readable; `status_text` is in the request's language). */
export const BULK_CSV_HEADER = [
  'lookup_code', 'status', 'status_text', 'school_code', 'school_name', 'school_year', 'grade', 'class_name', 'student_name',
  'locked', 'lock_date', 'effective_from', 'recalled_at', 'recall_reason', 'replaced_by', 'input',
] as const;

/** UTF-8 with BOM, CRLF, formulas defused (api/csv.ts): the header, then one line per row in input order. */
export function toBulkCsv(rows: readonly BulkRow[], lang: Lang): string {
  return toCsv([...BULK_CSV_HEADER], rows.map((row) => [
    row.code ?? '', row.status, row.malformed ? MALFORMED_TEXT[lang] : STATUS_TEXT[lang][row.status], row.schoolCode,
    row.schoolName, row.schoolYear, row.grade, row.className, row.studentName, row.locked, row.lockDate, row.effectiveFrom,
    row.recalledAt, row.recallReason, row.replacedBy, row.input,
  ]));
}
