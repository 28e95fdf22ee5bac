// How many records the Sở expects each school to publish for a school year (issue 20): entered one at a time or
// imported as a CSV of `school code, expected` lines; every change is journaled (kind `expected_count`).
import { and, eq, inArray, sql } from 'drizzle-orm';
import { expectedCounts, schools } from '../../db/schema/index.ts';
import { HocbaError } from '../errors.ts';
import { parseSchoolYear } from '../lifecycle/index.ts';
import { appendEvents, journaledTransaction } from './audit.ts';
import type { RegistryContext } from './context.ts';
import type { ExpectedCount, OperatorOptions } from './types.ts';

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

/** The expected count of one school and year, or null. */
export async function expectedCountOf(ctx: RegistryContext, schoolCode: string, schoolYear: string): Promise<number | null> {
  const [row] = await ctx.db.select({ expected: expectedCounts.expected }).from(expectedCounts)
    .where(and(eq(expectedCounts.schoolCode, schoolCode), eq(expectedCounts.schoolYear, schoolYear)));
  return row?.expected ?? null;
}
