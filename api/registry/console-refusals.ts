// Refusals that help (issue 20): which refusal codes each school meets most in a school year's pushes, how often,
// when last, with the message the school was given (stored with the refused push) and the kind of fix. Counted from
// `submissions` (every refused push is stored there with its errors), within the year's push season.
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { schools, submissions } from '../../db/schema/index.ts';
import { pushSeasonOf } from './console-overview.ts';
import type { RegistryContext } from './context.ts';
import { refusalKindOf } from './refusal-kinds.ts';
import type { RefusalQuery, RefusalRow } from './types.ts';

/** At most this many codes per school on the overview of all schools; a single school gets all of its codes. */
export const TOP_CODES_PER_SCHOOL = 5;
/** Every code of the catalogue fits: the per-school list (and CSV) is bounded by it. */
const MAX_CODES_ONE_SCHOOL = 400;
const MAX_SCHOOLS = 200;

export async function refusalsOf(ctx: RegistryContext, query: RefusalQuery): Promise<RefusalRow[]> {
  const season = pushSeasonOf(query.schoolYear);
  const perSchool = query.schoolCode === undefined ? TOP_CODES_PER_SCHOOL : MAX_CODES_ONE_SCHOOL;
  const where = and(
    eq(submissions.status, 'rejected'), gte(submissions.receivedAt, season.from), lt(submissions.receivedAt, season.to),
    query.schoolCode === undefined ? undefined : eq(submissions.schoolCode, query.schoolCode),
  );
  // One row per (school, code), its latest message, ranked within the school; only the first few schools' rows are read.
  const rows = rowsOf<Record<string, unknown>>(await ctx.db.execute(sql`
    with errors as (
      select ${submissions.schoolCode} as school_code, e->>'code' as code, e->>'message' as message, e->>'path' as path,
             ${submissions.receivedAt} as at
      from ${submissions}, jsonb_array_elements(coalesce(${submissions.errors}, '[]'::jsonb)) as e
      where ${where}
    ), counted as (
      select school_code, code, count(*)::int as n, max(at) as last_at,
             (array_agg(message order by at desc))[1] as message, (array_agg(path order by at desc))[1] as path
      from errors group by school_code, code
    ), ranked as (
      select *, row_number() over (partition by school_code order by n desc, code) as rank,
             dense_rank() over (order by school_code) as school_rank
      from counted
    )
    select r.school_code, s.name as school_name, r.code, r.n, r.last_at, r.message, r.path
    from ranked r left join ${schools} s on s.code = r.school_code
    where r.rank <= ${perSchool} and r.school_rank <= ${MAX_SCHOOLS}
    order by r.school_code, r.rank`));
  return rows.map((row) => ({
    schoolCode: String(row.school_code), schoolName: row.school_name === null ? null : String(row.school_name),
    code: String(row.code), kind: refusalKindOf(String(row.code)), count: Number(row.n),
    lastAt: new Date(row.last_at as string | Date), message: row.message === null ? null : String(row.message),
    path: row.path === null || row.path === undefined ? null : String(row.path),
  }));
}
