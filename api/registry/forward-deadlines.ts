// What of a school year is still unforwarded for each of the Ministry's report deadlines (issue 19), read from the
// stream after the last acknowledged sequence: the cost grows with what is pending, not with the year's size.
// Only record events count: a transfer or a lock date is forwarded too, but it is no record of the deadline.
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { events, records } from '../../db/schema/index.ts';
import { reportDeadlinesOf } from '../lifecycle/index.ts';
import type { RegistryContext } from './context.ts';
import { RECORD_KINDS } from './forward-stream.ts';
import type { ForwardStatus } from './forward-types.ts';

export async function forwardStatus(ctx: RegistryContext, schoolYear: string, forwardedThrough: number): Promise<ForwardStatus> {
  const deadlines = reportDeadlinesOf(schoolYear);
  const totals = await ctx.db.select({ supplementary: records.supplementary, count: sql<number>`count(*)::int` })
    .from(records).where(eq(records.schoolYear, schoolYear)).groupBy(records.supplementary);
  const pending = await ctx.db.select({ supplementary: records.supplementary, kind: events.kind, count: sql<number>`count(*)::int` })
    .from(events).innerJoin(records, eq(records.lookupCode, events.subject))
    .where(and(gt(events.id, forwardedThrough), inArray(events.kind, [...RECORD_KINDS]), eq(records.schoolYear, schoolYear),
      sql`coalesce((${events.detail}->>'repeated')::boolean, false) = false`))
    .groupBy(records.supplementary, events.kind);
  const countOf = (supplementary: boolean, kinds: string[]) => pending
    .filter((row) => row.supplementary === supplementary && kinds.includes(row.kind)).reduce((sum, row) => sum + row.count, 0);
  return {
    schoolYear,
    forwardedThrough,
    deadlines: deadlines.map((deadline) => {
      const supplementary = deadline.kind === 'supplementary';
      return {
        ...deadline,
        records: totals.find((row) => row.supplementary === supplementary)?.count ?? 0,
        unforwarded: countOf(supplementary, ['accept', 'replace']),
        pendingChanges: countOf(supplementary, ['recall', 'replace']),
      };
    }),
  };
}
