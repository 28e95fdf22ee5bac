// The operator console's overview of a school year (issue 20): records accepted per day against the lock dates, per
// school and grade (accepted, recalled, replaced, refused, last acceptance), last push per school, schools
// with nothing published, and completion against the expected counts. Read-only, one statement per figure, paged.
import { and, asc, count, eq, gte, lt, max, sql } from 'drizzle-orm';
import { expectedCounts, records, schools, submissions } from '../../db/schema/index.ts';
import { lockDatesOf, lockInstantOf, parseSchoolYear } from '../lifecycle/index.ts';
import { loadLockSettings, type RegistryContext } from './context.ts';
import type { OverviewQuery, SchoolYearOverview, SchoolOverview } from './types.ts';

export const OVERVIEW_PAGE_SIZE = 50;
/** A school year's days with acceptances are at most a few hundred (late windows included): this bounds the chart. */
const MAX_DAYS = 800;

/**
 * The pushes of a school year, by time: from 1 September of its first calendar year (Vietnam time) to 1 September
 * of the next. A refused push is often unreadable, so its school year is not known; its time is.
 */
export function pushSeasonOf(schoolYear: string): { from: Date; to: Date } {
  const [first, second] = parseSchoolYear(schoolYear);
  return { from: lockInstantOf(`${first}-08-31`), to: lockInstantOf(`${second}-08-31`) };
}

// Vietnam has no daylight saving: a calendar day there is UTC shifted by 7 hours, on PGlite and PostgreSQL alike.
const vietnamDay = sql<string>`to_char((${records.receivedAt} at time zone 'UTC') + interval '7 hours', 'YYYY-MM-DD')`;

export async function schoolYearOverview(ctx: RegistryContext, query: OverviewQuery): Promise<SchoolYearOverview> {
  const year = query.schoolYear;
  const pageSize = Math.min(Math.max(query.pageSize ?? OVERVIEW_PAGE_SIZE, 1), 200);
  const page = Math.max(query.page ?? 1, 1);
  const season = pushSeasonOf(year);
  const settings = await loadLockSettings(ctx);
  const db = ctx.db;
  const days = await db.select({ day: vietnamDay, accepted: count() }).from(records).where(eq(records.schoolYear, year))
    .groupBy(vietnamDay).orderBy(vietnamDay).limit(MAX_DAYS);
  const published = sql`exists (select 1 from ${records} where ${records.schoolCode} = ${schools.code} and ${records.schoolYear} = ${year})`;
  const onlyUnpublished = query.onlyUnpublished === true;
  const schoolFilter = onlyUnpublished ? sql`not ${published}` : sql`true`;
  const [totals] = await db.select({
    schools: count(),
    unpublished: sql<number>`count(*) filter (where not ${published})`.mapWith(Number),
  }).from(schools);
  const [listed] = await db.select({ n: count() }).from(schools).where(schoolFilter);
  const pageSchools = await db.select({ code: schools.code, name: schools.name }).from(schools).where(schoolFilter)
    .orderBy(asc(schools.code)).limit(pageSize).offset((page - 1) * pageSize);
  const codes = pageSchools.map((school) => school.code);
  const inPage = codes.length === 0 ? sql`false` : sql`${records.schoolCode} in ${codes}`;
  const grades = await db.select({
    schoolCode: records.schoolCode, grade: records.grade, accepted: count(),
    recalled: sql<number>`count(*) filter (where ${records.status} = 'recalled')`.mapWith(Number),
    replaced: sql<number>`count(*) filter (where ${records.status} = 'replaced')`.mapWith(Number),
    lastAccepted: max(records.receivedAt),
  }).from(records).where(and(eq(records.schoolYear, year), inPage)).groupBy(records.schoolCode, records.grade)
    .orderBy(records.schoolCode, records.grade);
  const pushes = codes.length === 0 ? [] : await db.select({
    schoolCode: submissions.schoolCode,
    refused: sql<number>`count(*) filter (where ${submissions.status} = 'rejected')`.mapWith(Number),
    lastPush: max(submissions.receivedAt),
  }).from(submissions).where(and(sql`${submissions.schoolCode} in ${codes}`, gte(submissions.receivedAt, season.from), lt(submissions.receivedAt, season.to)))
    .groupBy(submissions.schoolCode);
  // Refusals by the grade their record named (submissions.grade; null: it never parsed), in the same season.
  const refusedGrades = codes.length === 0 ? [] : await db.select({ schoolCode: submissions.schoolCode, grade: submissions.grade, refused: count() })
    .from(submissions).where(and(
      eq(submissions.status, 'rejected'), sql`${submissions.schoolCode} in ${codes}`, gte(submissions.receivedAt, season.from), lt(submissions.receivedAt, season.to),
    )).groupBy(submissions.schoolCode, submissions.grade);
  const expected = codes.length === 0 ? [] : await db.select({ schoolCode: expectedCounts.schoolCode, expected: expectedCounts.expected })
    .from(expectedCounts).where(and(eq(expectedCounts.schoolYear, year), sql`${expectedCounts.schoolCode} in ${codes}`));
  const [all] = await db.select({
    accepted: count(),
    recalled: sql<number>`count(*) filter (where ${records.status} = 'recalled')`.mapWith(Number),
    replaced: sql<number>`count(*) filter (where ${records.status} = 'replaced')`.mapWith(Number),
  }).from(records).where(eq(records.schoolYear, year));
  const [refusedAll] = await db.select({ refused: count() }).from(submissions)
    .where(and(eq(submissions.status, 'rejected'), gte(submissions.receivedAt, season.from), lt(submissions.receivedAt, season.to)));
  const pushOf = new Map(pushes.map((row) => [row.schoolCode, row]));
  const expectedOf = new Map(expected.map((row) => [row.schoolCode, row.expected]));
  const schoolRows = pageSchools.map((school): SchoolOverview => {
    const rows = grades.filter((row) => row.schoolCode === school.code);
    const refusals = refusedGrades.filter((row) => row.schoolCode === school.code);
    const refusedOf = new Map(refusals.map((row) => [row.grade, row.refused]));
    const gradeList = [...new Set([...rows.map((row) => row.grade), ...refusals.flatMap((row) => (row.grade === null ? [] : [row.grade]))])].sort((a, b) => a - b);
    const accepted = rows.reduce((sum, row) => sum + row.accepted, 0);
    // In force: accepted and neither recalled nor replaced; completion counts those against what the Sở expects.
    const inForce = rows.reduce((sum, row) => sum + row.accepted - row.recalled - row.replaced, 0);
    const wanted = expectedOf.get(school.code) ?? null;
    return {
      code: school.code, name: school.name, accepted, inForce,
      grades: gradeList.map((grade) => {
        const row = rows.find((candidate) => candidate.grade === grade);
        return {
          grade, accepted: row?.accepted ?? 0, recalled: row?.recalled ?? 0, replaced: row?.replaced ?? 0, lastAccepted: row?.lastAccepted ?? null,
          refused: refusedOf.get(grade) ?? 0,
        };
      }),
      refused: pushOf.get(school.code)?.refused ?? 0, refusedGradeUnknown: refusedOf.get(null) ?? 0, lastPush: pushOf.get(school.code)?.lastPush ?? null,
      expected: wanted, completion: wanted === null || wanted === 0 ? null : Math.round((inForce / wanted) * 1000) / 10,
    };
  });
  return {
    schoolYear: year, lockDates: lockDatesOf(year, settings), season,
    perDay: days.map((row) => ({ day: row.day, accepted: row.accepted })),
    totals: { ...all!, refused: refusedAll!.refused, schools: totals!.schools, unpublished: totals!.unpublished },
    schools: schoolRows, page, pageSize, listed: listed!.n, onlyUnpublished,
  };
}
