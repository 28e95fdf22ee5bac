// What an admissions office sends to a claims check (issue 18): per applicant, up to three lookup codes, the date of
// birth and/or the last four digits of the personal id, and the values the applicant declared (subject × grade ×
// term). One reader for the JSON body and for the CSV an office exports from Excel (Vietnamese or English headers,
// comma or semicolon, BOM or not); docs/api.md documents both.
import { CsvSyntaxError, parseCsv } from '../csv.ts';
import { issue, type Issue } from '../errors.ts';

export const TERMS = ['HK1', 'HK2', 'CN'] as const;
/** Học kì I, học kì II, cả năm. */
export type Term = typeof TERMS[number];

export interface DeclaredValue {
  readonly grade: number;
  /** As the office wrote it: a subject code (`TOAN`), a subject name (`Toán`), or `hoc_tap` / `ren_luyen`. */
  readonly subject: string;
  readonly term: Term;
  readonly value: string;
}

export interface ClaimRow {
  /** The office's own reference for the applicant (echoed, never interpreted), at most 80 characters. */
  readonly ref: string;
  readonly codes: readonly string[];
  readonly dateOfBirth: string | null;
  readonly personalIdLast4: string | null;
  readonly declared: readonly DeclaredValue[];
}

/** Applicants per request; every row is charged to the asker's budget (a row is one applicant). */
export const CLAIMS_LIMIT = 10_000;
export const CODES_PER_ROW = 3;
export const DECLARED_PER_ROW = 150;
/** A cell longer than this is cut: no declared value or code is anywhere near it. */
const CELL_CHARS = 200;

export type ClaimsInput = { readonly ok: true; readonly rows: ClaimRow[] } | { readonly ok: false; readonly issue: Issue };

/** A header or name as compared: no diacritics, đ → d, lower case, runs of anything else → `_`. */
export function foldName(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

const REF_HEADERS = new Set(['ref', 'ho_so', 'ma_ho_so', 'applicant', 'thi_sinh', 'ma_thi_sinh', 'so_bao_danh', 'stt']);
const IGNORED_HEADERS = new Set(['ho_ten', 'ho_va_ten', 'name', 'full_name', 'ghi_chu', 'note', 'notes', 'lop', 'class', 'truong', 'school', 'email', 'dien_thoai', 'phone']);
const BIRTH_HEADERS = new Set(['ngay_sinh', 'date_of_birth', 'birth_date', 'dob']);
const LAST4_HEADERS = new Set(['cccd_4_so_cuoi', '4_so_cuoi_cccd', 'so_cuoi_cccd', 'personal_id_last4', 'id_last4', 'cccd', 'so_dinh_danh', 'personal_id']);
const CODE_HEADER = /^(?:ma_tra_cuu|lookup_code|code)(?:_lop)?(?:_(\d{1,2}))?$/;
const TERM_WORDS: Record<string, Term> = { hk1: 'HK1', hki: 'HK1', hk_1: 'HK1', hk_i: 'HK1', hoc_ki_1: 'HK1', hoc_ky_1: 'HK1', hoc_ki_i: 'HK1', hoc_ky_i: 'HK1', term1: 'HK1', term_1: 'HK1',
  hk2: 'HK2', hkii: 'HK2', hk_2: 'HK2', hk_ii: 'HK2', hoc_ki_2: 'HK2', hoc_ky_2: 'HK2', hoc_ki_ii: 'HK2', hoc_ky_ii: 'HK2', term2: 'HK2', term_2: 'HK2',
  cn: 'CN', ca_nam: 'CN', year: 'CN', nam: 'CN' };
const DECLARED_HEADER = new RegExp(`^(.+?)_(?:lop_)?(1[0-2]|[1-9])_(${Object.keys(TERM_WORDS).sort((a, b) => b.length - a.length).join('|')})$`);

type Column =
  | { kind: 'ref' } | { kind: 'birth' } | { kind: 'last4' } | { kind: 'code' } | { kind: 'ignored' }
  | { kind: 'declared'; grade: number; subject: string; term: Term };

function columnOf(header: string): Column | null {
  const name = foldName(header);
  // An office's sheet has columns of its own (names, notes); a header starting with # is ignored too. Any other
  // header must be understood: a mistyped "Toán 12 CA" silently ignored would read as "nothing declared".
  if (name === '' || header.trimStart().startsWith('#') || IGNORED_HEADERS.has(name)) return { kind: 'ignored' };
  if (REF_HEADERS.has(name)) return { kind: 'ref' };
  if (BIRTH_HEADERS.has(name)) return { kind: 'birth' };
  if (LAST4_HEADERS.has(name)) return { kind: 'last4' };
  if (CODE_HEADER.test(name)) return { kind: 'code' };
  const declared = DECLARED_HEADER.exec(name);
  if (declared) return { kind: 'declared', subject: declared[1]!, grade: Number(declared[2]), term: TERM_WORDS[declared[3]!]! };
  return null;
}

/** The rows of a CSV claims list, or the first problem with its header (line 1) in words a person can act on. */
export function readClaimsCsv(text: string): ClaimsInput {
  let table;
  try {
    table = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { ok: false, issue: issue('claims_csv_unreadable', { params: { line: error.line } }) };
    throw error;
  }
  const [header, ...records] = table.records;
  if (!header) return { ok: false, issue: issue('claims_code_column_missing') };
  const columns: Column[] = [];
  for (const [at, title] of header.cells.entries()) {
    const column = columnOf(title);
    if (!column) return { ok: false, issue: issue('claims_column_unknown', { params: { column: title.slice(0, 60), position: at + 1 } }) };
    columns.push(column);
  }
  const codeColumns = columns.filter((column) => column.kind === 'code').length;
  if (codeColumns === 0) return { ok: false, issue: issue('claims_code_column_missing') };
  if (codeColumns > CODES_PER_ROW) return { ok: false, issue: issue('claims_too_many_codes', { params: { count: codeColumns, limit: CODES_PER_ROW } }) };
  const declaredColumns = columns.filter((column) => column.kind === 'declared').length;
  if (declaredColumns > DECLARED_PER_ROW) return { ok: false, issue: issue('claims_too_many_values', { params: { count: declaredColumns, limit: DECLARED_PER_ROW } }) };
  if (records.length > CLAIMS_LIMIT) return { ok: false, issue: issue('batch_too_large', { params: { count: records.length, limit: CLAIMS_LIMIT } }) };
  const rows = records.map(({ line, cells }) => {
    let ref = '';
    let dateOfBirth: string | null = null;
    let personalIdLast4: string | null = null;
    const codes: string[] = [];
    const declared: DeclaredValue[] = [];
    for (const [at, column] of columns.entries()) {
      const cell = (cells[at] ?? '').slice(0, CELL_CHARS).trim();
      if (cell === '') continue;
      switch (column.kind) {
        case 'ref': ref = cell.slice(0, 80); break;
        case 'birth': dateOfBirth = cell; break;
        case 'last4': personalIdLast4 = cell; break;
        case 'code': codes.push(cell); break;
        case 'declared': declared.push({ grade: column.grade, subject: column.subject, term: column.term, value: cell }); break;
        case 'ignored': break;
      }
    }
    return { ref: ref || `#${line}`, codes, dateOfBirth, personalIdLast4, declared };
  });
  return { ok: true, rows };
}

/** A row as JSON gives it (the route has checked its shape); declared values are keyed by the CSV header syntax. */
export interface ClaimRowJson {
  readonly ref?: string | undefined;
  readonly codes: readonly string[];
  readonly dateOfBirth?: string | null | undefined;
  readonly personalIdLast4?: string | null | undefined;
  readonly declared?: Readonly<Record<string, string | number>> | undefined;
}

/** The rows of a JSON claims list, or the first declared-value name not understood, with where it is. */
export function readClaimsJson(rows: readonly ClaimRowJson[]): ClaimsInput {
  if (rows.length > CLAIMS_LIMIT) return { ok: false, issue: issue('batch_too_large', { params: { count: rows.length, limit: CLAIMS_LIMIT } }) };
  const read: ClaimRow[] = [];
  for (const [at, row] of rows.entries()) {
    if (row.codes.length > CODES_PER_ROW) return { ok: false, issue: issue('claims_too_many_codes', { params: { count: row.codes.length, limit: CODES_PER_ROW } }) };
    const entries = Object.entries(row.declared ?? {});
    if (entries.length > DECLARED_PER_ROW) return { ok: false, issue: issue('claims_too_many_values', { params: { count: entries.length, limit: DECLARED_PER_ROW } }) };
    const declared: DeclaredValue[] = [];
    for (const [name, value] of entries) {
      const column = columnOf(name);
      if (column?.kind !== 'declared') return { ok: false, issue: issue('claims_value_name_unknown', { params: { name: name.slice(0, 60), path: `rows[${at}].declared` } }) };
      declared.push({ grade: column.grade, subject: column.subject, term: column.term, value: String(value).slice(0, CELL_CHARS).trim() });
    }
    read.push({
      ref: row.ref?.slice(0, 80) || `#${at + 1}`, codes: row.codes.map((code) => code.slice(0, CELL_CHARS)),
      dateOfBirth: row.dateOfBirth || null, personalIdLast4: row.personalIdLast4 || null, declared,
    });
  }
  return { ok: true, rows: read };
}
