// The journal as the operator console browses it (issue 20): newest first, filtered by school, kind and Vietnam
// date range, paged by event id (keyset, so a deep page costs what the first does), at most PAGE rows a page.
import { and, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { EVENT_KINDS, events } from '../../db/schema/index.ts';
import { lockInstantOf } from '../lifecycle/index.ts';
import type { RegistryContext } from './context.ts';
import type { JournalPage, JournalQuery } from './types.ts';

export const JOURNAL_PAGE = 50;

export async function journalPage(ctx: RegistryContext, query: JournalQuery): Promise<JournalPage> {
  const limit = Math.min(Math.max(query.limit ?? JOURNAL_PAGE, 1), 200);
  const filters: (SQL | undefined)[] = [];
  // A school is the actor of its pushes and the subject (or detail.schoolCode) of what the Sở does to it.
  if (query.schoolCode !== undefined) {
    filters.push(or(eq(events.actor, query.schoolCode), eq(events.subject, query.schoolCode), sql`${events.detail}->>'schoolCode' = ${query.schoolCode}`));
  }
  if (query.kind !== undefined) filters.push(eq(events.kind, query.kind));
  // Dates are Vietnam calendar days, both ends included: from 00:00 of `from` to the end of `to`.
  if (query.from !== undefined) filters.push(gte(events.at, new Date(lockInstantOf(query.from).getTime() - 86_400_000)));
  if (query.to !== undefined) filters.push(lt(events.at, lockInstantOf(query.to)));
  if (query.before !== undefined) filters.push(lt(events.id, query.before));
  const rows = await ctx.db.select({ id: events.id, at: events.at, actor: events.actor, kind: events.kind, subject: events.subject, detail: events.detail })
    .from(events).where(and(...filters)).orderBy(desc(events.id)).limit(limit + 1);
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return { events: shown.map((row) => ({ ...row, detail: row.detail as Record<string, unknown> })), next: more ? shown.at(-1)!.id : null };
}

export function isEventKind(kind: string): boolean {
  return (EVENT_KINDS as readonly string[]).includes(kind);
}
export { EVENT_KINDS };
