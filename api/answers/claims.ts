// The claims check (issue 18): for each applicant, does the registry hold the records the office was given, are
// they in force, are they the applicant's (date of birth, last four digits of the personal id — answered as match
// or not, never revealing what is stored), and does each declared value equal the registry's? One core for the API
// (POST /verify/claims) and the portal; every record found is journaled as a lookup, like a bulk check.
import { toCsv } from '../csv.ts';
import type { Lang } from '../errors.ts';
import type { HocBaRecord, SecondaryResults, TermRatings } from '../record/index.ts';
import type { RecordView } from '../registry/types.ts';
import { CLAIMS_LIMIT, foldName, type ClaimRow, type DeclaredValue, type Term } from './claims-input.ts';
import { readLookupInput } from './lookup-input.ts';
import { statusOfRecord, type PublicStatus } from './status.ts';

export type IdentityOutcome = 'matches' | 'differs' | 'unreadable' | 'not_given' | 'not_checked';
export type ValueOutcome = 'matches' | 'differs' | 'absent' | 'unreadable' | 'no_record';

/**
 * Why a row is not confirmed, each named once per row. A row with none is confirmed: every record found, in force
 * (or valid and not yet locked: then `record_not_locked`), the applicant's, and every declared value as stored.
 */
export const CLAIM_PROBLEMS = [
  'no_code', 'code_unreadable', 'record_not_found', 'record_not_in_force', 'record_not_locked', 'different_students',
  'identity_differs', 'identity_unreadable', 'value_differs', 'value_absent', 'value_unreadable', 'no_record_for_grade',
] as const;
export type ClaimProblem = typeof CLAIM_PROBLEMS[number];

export interface ClaimRecord {
  readonly input: string;
  readonly code: string | null;
  readonly status: PublicStatus;
  readonly grade: number | null;
  readonly schoolYear: string | null;
  readonly schoolName: string | null;
}

export interface ClaimValue {
  readonly grade: number;
  readonly subject: string;
  /** The subject's name in the record, when the declared subject was found there. */
  readonly subjectName: string | null;
  readonly term: Term;
  readonly declared: string;
  readonly outcome: ValueOutcome;
  /** The registry's value when it differs (scores as `8.5`, ratings as in the record); null otherwise. */
  readonly registry: string | null;
}

export interface ClaimResult {
  readonly ref: string;
  readonly confirmed: boolean;
  readonly problems: readonly ClaimProblem[];
  readonly records: readonly ClaimRecord[];
  readonly identity: IdentityOutcome;
  readonly values: readonly ClaimValue[];
}

export type ClaimsOutcome =
  | { readonly kind: 'rows'; readonly count: number; readonly results: AsyncIterable<ClaimResult> }
  | { readonly kind: 'too_many'; readonly count: number; readonly limit: number }
  | { readonly kind: 'limited'; readonly retryAfter: number };

export interface ClaimsDeps {
  /** The records of one chunk's codes in one read; found ones by canonical code. */
  readonly getRecords: (codes: readonly string[]) => Promise<ReadonlyMap<string, RecordView>>;
  readonly journalLookups: (codes: readonly string[]) => Promise<void>;
  /** This asker's budget of rows (one row = one applicant); none: unlimited (tests of the rows alone). */
  readonly chargeRows?: (count: number) => Promise<number | null>;
}

/** Rows read (one statement), checked and journaled together: the answer streams chunk by chunk. */
export const CLAIMS_CHUNK = 250;

export async function checkClaims(deps: ClaimsDeps, rows: readonly ClaimRow[], limit = CLAIMS_LIMIT): Promise<ClaimsOutcome> {
  if (rows.length > limit) return { kind: 'too_many', count: rows.length, limit };
  const wait = deps.chargeRows ? await deps.chargeRows(rows.length) : null;
  if (wait !== null) return { kind: 'limited', retryAfter: wait };
  return { kind: 'rows', count: rows.length, results: checkInChunks(deps, rows) };
}

async function* checkInChunks(deps: ClaimsDeps, rows: readonly ClaimRow[]): AsyncGenerator<ClaimResult> {
  for (let from = 0; from < rows.length; from += CLAIMS_CHUNK) {
    const chunk = rows.slice(from, from + CLAIMS_CHUNK);
    const read = chunk.map((row) => row.codes.map((input) => ({ input: input.slice(0, 80), code: readLookupInput(input) })));
    const views = await deps.getRecords(read.flat().flatMap(({ code }) => (code === null ? [] : [code])));
    await deps.journalLookups([...views.keys()]);
    for (const [at, row] of chunk.entries()) yield checkRow(row, read[at]!, views);
  }
}

function checkRow(row: ClaimRow, codes: readonly { input: string; code: string | null }[], views: ReadonlyMap<string, RecordView>): ClaimResult {
  const problems = new Set<ClaimProblem>();
  const read = codes.map(({ input, code }) => ({ input, code, view: code === null ? null : views.get(code) ?? null }));
  if (read.length === 0) problems.add('no_code');
  const records: ClaimRecord[] = read.map(({ input, code, view }) => {
    const status: PublicStatus = view ? statusOfRecord(view) : 'not_found';
    if (code === null) problems.add('code_unreadable');
    else if (status === 'not_found') problems.add('record_not_found');
    else if (status === 'not_locked') problems.add('record_not_locked');
    else if (status !== 'in_force') problems.add('record_not_in_force');
    return { input, code, status, grade: view?.grade ?? null, schoolYear: view?.schoolYear ?? null, schoolName: view?.schoolName ?? null };
  });
  const found = read.flatMap(({ view }) => (view ? [view] : []));
  if (new Set(found.map((view) => view.studentCode)).size > 1) problems.add('different_students');
  const identity = identityOf(row, found);
  if (identity === 'differs') problems.add('identity_differs');
  if (identity === 'unreadable') problems.add('identity_unreadable');
  const values = row.declared.map((declared) => checkValue(declared, found));
  for (const { outcome } of values) {
    if (outcome === 'differs') problems.add('value_differs');
    else if (outcome === 'absent') problems.add('value_absent');
    else if (outcome === 'unreadable') problems.add('value_unreadable');
    else if (outcome === 'no_record') problems.add('no_record_for_grade');
  }
  const ordered = CLAIM_PROBLEMS.filter((problem) => problems.has(problem));
  return { ref: row.ref, confirmed: ordered.length === 0, problems: ordered, records, identity, values };
}

// --- identity: compared, never shown ---

function identityOf(row: ClaimRow, found: readonly RecordView[]): IdentityOutcome {
  if (row.dateOfBirth === null && row.personalIdLast4 === null) return 'not_given';
  if (found.length === 0) return 'not_checked';
  const birth = row.dateOfBirth === null ? null : readDate(row.dateOfBirth);
  const digits = row.personalIdLast4?.replace(/\D/g, '') ?? null;
  const last4 = digits !== null && digits.length >= 4 ? digits.slice(-4) : null;
  if ((row.dateOfBirth !== null && birth === null) || (row.personalIdLast4 !== null && last4 === null)) return 'unreadable';
  const differs = found.some((view) => {
    const record = view.content as HocBaRecord;
    if (birth !== null && readDate(record.dateOfBirth) !== birth) return true;
    // A record without a personal id cannot confirm one: counted as a difference, not as a match.
    return last4 !== null && view.personalId?.slice(-4) !== last4;
  });
  return differs ? 'differs' : 'matches';
}

/** `dd/MM/yyyy` from d/M/yyyy, d-M-yyyy, d.M.yyyy or yyyy-MM-dd (as Excel may rewrite a date); null otherwise. */
export function readDate(text: string): string | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  const [year, month, day] = iso ? [iso[1]!, iso[2]!, iso[3]!] : local ? [local[3]!, local[2]!, local[1]!] : [];
  if (year === undefined || month === undefined || day === undefined) return null;
  const [d, m] = [Number(day), Number(month)];
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${year}`;
}

// --- declared values ---

const LEARNING = new Set(['hoc_tap', 'ket_qua_hoc_tap', 'hoc_luc', 'learning']);
const CONDUCT = new Set(['ren_luyen', 'ket_qua_ren_luyen', 'hanh_kiem', 'conduct']);
const TERM_FIELD = { HK1: 'term1', HK2: 'term2', CN: 'year' } as const;

function checkValue(declared: DeclaredValue, found: readonly RecordView[]): ClaimValue {
  const base = { grade: declared.grade, subject: declared.subject, term: declared.term, declared: declared.value };
  const ofGrade = found.filter((view) => view.grade === declared.grade);
  // Two records of one grade (a year repeated): the one in force speaks, else the first given.
  const view = ofGrade.find((candidate) => ['in_force', 'not_locked'].includes(statusOfRecord(candidate))) ?? ofGrade[0];
  if (!view) return { ...base, subjectName: null, outcome: 'no_record', registry: null };
  const record = view.content as HocBaRecord;
  if (record.level === 'TH') return { ...base, subjectName: null, outcome: 'absent', registry: null };
  const stored = storedValue(record.results, foldName(declared.subject), declared.term);
  if (!stored) return { ...base, subjectName: null, outcome: 'absent', registry: null };
  const outcome = compare(declared.value, stored.value);
  return { ...base, subjectName: stored.name, outcome, registry: outcome === 'differs' ? String(stored.value) : null };
}

function storedValue(results: SecondaryResults, subject: string, term: Term): { name: string; value: number | string } | null {
  const field = TERM_FIELD[term];
  if (LEARNING.has(subject)) return { name: 'Kết quả học tập', value: (results.learning as TermRatings)[field] };
  if (CONDUCT.has(subject)) return { name: 'Kết quả rèn luyện', value: (results.conduct as TermRatings)[field] };
  const found = results.subjects.find((candidate) => foldCached(candidate.code) === subject || foldCached(candidate.name) === subject);
  return found ? { name: found.name, value: found[field] } : null;
}

// Subject codes and names come from a closed vocabulary, so their folded forms are few: folding them again for each
// declared value was a third of a 5,000-applicant check's CPU. Bounded all the same (records are input too).
const folded = new Map<string, string>();
function foldCached(name: string): string {
  let found = folded.get(name);
  if (found === undefined) {
    if (folded.size >= 4096) folded.clear();
    folded.set(name, (found = foldName(name)));
  }
  return found;
}

/** Words a declared rating or comment level may be written with, folded, to the record's own spelling. */
const WORDS: Record<string, string> = {
  tot: 'Tốt', kha: 'Khá', dat: 'Đạt', chua_dat: 'Chưa đạt', d: 'Đ', cd: 'CĐ',
};

function compare(declared: string, stored: number | string): ValueOutcome {
  if (typeof stored === 'number') {
    const number = /^\d{1,2}(?:[.,]\d{1,2})?$/.test(declared.trim()) ? Number(declared.trim().replace(',', '.')) : NaN;
    if (!Number.isFinite(number) || number > 10) return 'unreadable';
    // Scores and averages carry one decimal (TT 22 Điều 9): 8,50 and 8.5 are the same value, 8.45 is not 8.5.
    return Math.round(number * 100) === Math.round(stored * 100) ? 'matches' : 'differs';
  }
  const word = WORDS[foldName(declared)];
  if (word === undefined) return 'unreadable';
  // Comment-assessed subjects store Đ / CĐ; a declared "Đạt" means the same as "Đ" there, and the reverse.
  const same = word === stored || (stored === 'Đ' && word === 'Đạt') || (stored === 'CĐ' && word === 'Chưa đạt')
    || (stored === 'Đạt' && word === 'Đ') || (stored === 'Chưa đạt' && word === 'CĐ');
  return same ? 'matches' : 'differs';
}

/** Counts over the whole answer: rows confirmed or not, each problem, each value outcome. */
export interface ClaimsSummary {
  rows: number;
  confirmed: number;
  problems: Record<ClaimProblem, number>;
  values: Record<ValueOutcome, number>;
}

export function emptySummary(): ClaimsSummary {
  return {
    rows: 0, confirmed: 0,
    problems: Object.fromEntries(CLAIM_PROBLEMS.map((problem) => [problem, 0])) as Record<ClaimProblem, number>,
    values: { matches: 0, differs: 0, absent: 0, unreadable: 0, no_record: 0 },
  };
}

export function addToSummary(summary: ClaimsSummary, result: ClaimResult): void {
  summary.rows++;
  if (result.confirmed) summary.confirmed++;
  for (const problem of result.problems) summary.problems[problem]++;
  for (const value of result.values) summary.values[value.outcome]++;
}

/** How many applicants were checked so far (each chunk the core reads), then the whole answer with its counts. */
export interface ClaimsProgress {
  readonly steps: AsyncIterable<number>;
  readonly done: Promise<{ results: ClaimResult[]; summary: ClaimsSummary }>;
}

/**
 * Drives the check while the page streams: the page writes a line per step as it happens (no JavaScript: the
 * browser shows HTML as it arrives), then the table once `done` settles. Only `steps` pulls the results.
 */
export function claimsWithProgress(results: AsyncIterable<ClaimResult>, every = CLAIMS_CHUNK): ClaimsProgress {
  let settle!: (value: { results: ClaimResult[]; summary: ClaimsSummary }) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<{ results: ClaimResult[]; summary: ClaimsSummary }>((resolve, reject) => { settle = resolve; fail = reject; });
  // A page that stops rendering early must not leave an unhandled rejection behind.
  done.catch(() => undefined);
  async function* steps(): AsyncGenerator<number> {
    const collected: ClaimResult[] = [];
    const summary = emptySummary();
    try {
      for await (const result of results) {
        collected.push(result);
        addToSummary(summary, result);
        if (collected.length % every === 0) yield collected.length;
      }
    } catch (error) {
      fail(error);
      throw error;
    }
    if (collected.length % every !== 0) yield collected.length;
    settle({ results: collected, summary });
  }
  return { steps: steps(), done };
}

/** A whole (bounded) answer read into memory with its counts: for a signed answer or a page, not for streaming. */
export async function collectClaims(results: AsyncIterable<ClaimResult>): Promise<{ results: ClaimResult[]; summary: ClaimsSummary }> {
  const { steps, done } = claimsWithProgress(results);
  for await (const _ of steps);
  return done;
}

/** The CSV of a collected answer (api/csv.ts quoting and formula defusing; the streamed route writes the same lines). */
export function toClaimsCsv(results: readonly ClaimResult[], lang: Lang): string {
  return toCsv([...CLAIMS_CSV_HEADER], results.map((result) => claimCsvCells(result, lang)));
}

/** A problem in the asker's language, for the CSV and the page. */
export const PROBLEM_TEXT: Record<Lang, Record<ClaimProblem, string>> = {
  vi: {
    no_code: 'Không có mã tra cứu', code_unreadable: 'Mã tra cứu không đọc được', record_not_found: 'Không có học bạ với mã này',
    record_not_in_force: 'Học bạ không còn hiệu lực hoặc không hợp lệ', record_not_locked: 'Học bạ chưa khóa sổ (còn có thể được sửa)',
    different_students: 'Các mã thuộc về những học sinh khác nhau', identity_differs: 'Ngày sinh hoặc 4 số cuối định danh không khớp',
    identity_unreadable: 'Ngày sinh hoặc 4 số cuối định danh không đọc được', value_differs: 'Có điểm/kết quả khai khác học bạ',
    value_absent: 'Có điểm/kết quả khai không có trong học bạ', value_unreadable: 'Có điểm/kết quả khai không đọc được',
    no_record_for_grade: 'Khai điểm cho một lớp không có học bạ trong các mã đã cho',
  },
  en: {
    no_code: 'No lookup code', code_unreadable: 'Lookup code cannot be read', record_not_found: 'No record with this code',
    record_not_in_force: 'Record not in force or not valid', record_not_locked: 'Record not locked yet (may still be corrected)',
    different_students: 'The codes belong to different students', identity_differs: 'Date of birth or last four id digits do not match',
    identity_unreadable: 'Date of birth or last four id digits cannot be read', value_differs: 'A declared value differs from the record',
    value_absent: 'A declared value is not in the record', value_unreadable: 'A declared value cannot be read',
    no_record_for_grade: 'A value is declared for a grade none of the given codes is a record of',
  },
};

/** How a term is written for people, per language (CSV details and the page). */
export const TERM_TEXT: Record<Lang, Record<Term, string>> = { vi: { HK1: 'HK I', HK2: 'HK II', CN: 'CN' }, en: { HK1: 'term 1', HK2: 'term 2', CN: 'year' } };
const IDENTITY_TEXT: Record<Lang, Record<IdentityOutcome, string>> = {
  vi: { matches: 'khớp', differs: 'không khớp', unreadable: 'không đọc được', not_given: 'không khai', not_checked: 'không có học bạ để so' },
  en: { matches: 'matches', differs: 'does not match', unreadable: 'cannot be read', not_given: 'not given', not_checked: 'no record to compare' },
};

/** The CSV columns of a claims answer (one line per applicant, in input order; texts in the asker's language). */
export const CLAIMS_CSV_HEADER = [
  'ref', 'result', 'problems', 'code_1', 'status_1', 'code_2', 'status_2', 'code_3', 'status_3', 'identity',
  'values_matching', 'values_differing', 'values_other', 'details',
] as const;

/** One applicant's CSV cells (api/csv.ts `csvLine` quotes them and defuses formulas). */
export function claimCsvCells(result: ClaimResult, lang: Lang): (string | number)[] {
  const records = [0, 1, 2].flatMap((at) => [result.records[at]?.code ?? result.records[at]?.input ?? '', result.records[at]?.status ?? '']);
  const count = (outcome: ValueOutcome) => result.values.filter((value) => value.outcome === outcome).length;
  const said = lang === 'vi' ? { declared: 'khai', registry: 'học bạ', absent: 'không có trong học bạ', unreadable: 'không đọc được', noRecord: 'không có học bạ lớp này' }
    : { declared: 'declared', registry: 'record', absent: 'not in the record', unreadable: 'cannot be read', noRecord: 'no record of this grade' };
  const details = result.values.filter((value) => value.outcome !== 'matches').map((value) => {
    const what = `${value.subjectName ?? value.subject} ${value.grade} ${TERM_TEXT[lang][value.term]}`;
    switch (value.outcome) {
      case 'differs': return `${what}: ${said.declared} ${value.declared}, ${said.registry} ${value.registry}`;
      case 'absent': return `${what}: ${said.absent}`;
      case 'unreadable': return `${what}: "${value.declared}" ${said.unreadable}`;
      default: return `${what}: ${said.noRecord}`;
    }
  });
  return [
    result.ref, result.confirmed ? 'confirmed' : 'problems', result.problems.map((problem) => PROBLEM_TEXT[lang][problem]).join('; '),
    ...records, IDENTITY_TEXT[lang][result.identity], count('matches'), count('differs'),
    result.values.length - count('matches') - count('differs'), details.join('; '),
  ];
}
