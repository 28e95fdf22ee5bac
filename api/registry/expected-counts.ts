// How many records the Sở expects each school to publish for a school year (issue 20): entered one at a time or
// imported as a CSV of `school code, expected` lines; every change is journaled (kind `expected_count`).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { expectedCounts, schools } from '../../db/schema/index.ts';
import { CsvSyntaxError, parseCsv } from '../csv.ts';
import { HocbaError } from '../errors.ts';
import { parseSchoolYear } from '../lifecycle/index.ts';
import { appendEvents, journaledTransaction } from './audit.ts';
import type { RegistryContext } from './context.ts';
import type { ExpectedCount, ExpectedCountRow, OperatorOptions } from './types.ts';

export const MAX_EXPECTED = 100_000;
/** A province has a few thousand schools: one import holds at most this many lines. */
export const MAX_EXPECTED_LINES = 10_000;

/** Saves the counts given (all or none); a school code that is not in the directory refuses the whole set. */
export async function setExpectedCounts(ctx: RegistryContext, schoolYear: string, counts: readonly ExpectedCount[], options: OperatorOptions = {}): Promise<number> {
  parseSchoolYear(schoolYear);
  if (counts.length > MAX_EXPECTED_LINES) throw new HocbaError('expected_count_invalid', { params: { line: MAX_EXPECTED_LINES + 1, reason: 'too_many' } });
  counts.forEach((count, i) => {
    if (!/^\d{8}$/.test(count.schoolCode)) throw new HocbaError('expected_count_invalid', { params: { line: i + 1, reason: 'school_code' } });
    if (!Number.isInteger(count.expected) || count.expected < 0 || count.expected > MAX_EXPECTED) {
      throw new HocbaError('expected_count_invalid', { params: { line: i + 1, reason: 'number' } });
    }
  });
  if (counts.length === 0) return 0;
  const at = options.now ?? ctx.clock();
  const actor = options.actor ?? 'operator';
  // The last line for a school wins, as a person reading the file top to bottom would expect.
  const bySchool = new Map(counts.map((count) => [count.schoolCode, count.expected]));
  return journaledTransaction(ctx.db, async (tx) => {
    const known = await tx.select({ code: schools.code }).from(schools).where(inArray(schools.code, [...bySchool.keys()]));
    const knownCodes = new Set(known.map((row) => row.code));
    const unknown = [...bySchool.keys()].find((code) => !knownCodes.has(code));
    if (unknown !== undefined) throw new HocbaError('school_unknown', { params: { school: unknown } });
    const rows = [...bySchool].map(([schoolCode, expected]) => ({ schoolCode, schoolYear, expected, updatedAt: at, updatedBy: actor }));
    for (let i = 0; i < rows.length; i += 1000) {
      await tx.insert(expectedCounts).values(rows.slice(i, i + 1000)).onConflictDoUpdate({
        target: [expectedCounts.schoolCode, expectedCounts.schoolYear],
        set: { expected: sql`excluded.expected`, updatedAt: at, updatedBy: actor },
      });
    }
    await appendEvents(tx, rows.map((row) => ({ at, actor, kind: 'expected_count' as const, subject: row.schoolCode, detail: { schoolYear, expected: row.expected } })));
    return rows.length;
  });
}

/** The expected counts of a school year (of one school, if given), by school code: one row per school of the directory. */
export async function listExpectedCounts(ctx: RegistryContext, schoolYear: string, schoolCode?: string): Promise<ExpectedCountRow[]> {
  parseSchoolYear(schoolYear);
  const rows = await ctx.db.select({
    schoolCode: expectedCounts.schoolCode, schoolYear: expectedCounts.schoolYear, expected: expectedCounts.expected,
    updatedAt: expectedCounts.updatedAt, updatedBy: expectedCounts.updatedBy,
  }).from(expectedCounts)
    .where(and(eq(expectedCounts.schoolYear, schoolYear), schoolCode === undefined ? undefined : eq(expectedCounts.schoolCode, schoolCode)))
    // A province's directory is a few thousand schools; the cap only keeps a runaway table from one huge answer.
    .orderBy(asc(expectedCounts.schoolCode)).limit(MAX_EXPECTED_LINES * 2);
  return rows;
}

/**
 * The CSV the Sở imports (console, API, CLI alike): `school code, expected` per line, comma, semicolon or tab; a
 * first line of words (a header) is skipped. A line that is not that refuses the whole file, naming the line.
 */
export function parseExpectedCountsCsv(text: string): ExpectedCount[] {
  let table;
  try {
    table = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new HocbaError('expected_count_invalid', { params: { line: error.line, reason: 'csv' } });
    throw error;
  }
  if (table.records.length > MAX_EXPECTED_LINES + 1) throw new HocbaError('expected_count_invalid', { params: { line: MAX_EXPECTED_LINES + 2, reason: 'too_many' } });
  const counts: ExpectedCount[] = [];
  for (const [i, record] of table.records.entries()) {
    const [code = '', number = ''] = record.cells.map((cell) => cell.trim());
    if (i === 0 && !/^\d/.test(code)) continue;
    if (!/^\d{8}$/.test(code)) throw new HocbaError('expected_count_invalid', { params: { line: record.line, reason: 'school_code' } });
    if (!/^\d{1,6}$/.test(number)) throw new HocbaError('expected_count_invalid', { params: { line: record.line, reason: 'number' } });
    counts.push({ schoolCode: code, expected: Number(number) });
  }
  return counts;
}
