// Late windows (đợt nộp muộn, SPEC §8): after a school year's lock the Sở may let one school push new records of
// that year until a date, with a reason. Opening and closing are journaled; a window row is never deleted.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { lateWindows, schools, type LateWindowRow } from '../../db/schema/index.ts';
import { HocbaError } from '../errors.ts';
import { isLateWindowOpen, lockInstantOf, schoolYearIssue } from '../lifecycle/index.ts';
import { appendEvent, lockChain } from './audit.ts';
import { cleanReasonText, type RegistryContext } from './context.ts';
import { logEntry, textDigest } from './log-entries.ts';
import { appendLogEntries } from './log-store.ts';
import type { LateWindow, LateWindowInput, LateWindowQuery, OperatorOptions } from './types.ts';


export async function openLateWindow(ctx: RegistryContext, input: LateWindowInput, options: OperatorOptions = {}): Promise<LateWindow> {
  const now = options.now ?? ctx.clock();
  const actor = options.actor ?? 'operator';
  const reason = cleanReason(input.reason);
  const implausible = schoolYearIssue(input.schoolYear, now);
  if (implausible) throw new HocbaError(implausible.code, { params: implausible.params });
  if (!untilIsValid(input.until, now)) throw new HocbaError('late_window_until_invalid', { params: { date: input.until } });
  return ctx.db.transaction(async (tx) => {
    const [school] = await tx.select({ code: schools.code }).from(schools).where(eq(schools.code, input.schoolCode));
    if (!school) throw new HocbaError('school_unknown', { params: { school: input.schoolCode } });
    // The chain lock first: two operators opening a window for the same school and year are serialised here.
    await lockChain(tx);
    const open = await openWindows(tx, input.schoolCode, input.schoolYear, now);
    if (open.length > 0) {
      throw new HocbaError('late_window_exists', { params: { school: input.schoolCode, schoolYear: input.schoolYear, until: open[0]!.until } });
    }
    const [row] = await tx.insert(lateWindows).values({
      schoolCode: input.schoolCode, schoolYear: input.schoolYear, until: input.until, reason, openedAt: now, openedBy: actor,
    }).returning();
    await appendEvent(tx, {
      at: now, actor, kind: 'late_window_open', subject: input.schoolCode,
      detail: { id: row!.id, schoolYear: input.schoolYear, until: input.until, reason },
    });
    await appendLogEntries(tx, [logEntry('late-window-opened', {
      window: row!.id, school: input.schoolCode, year: input.schoolYear, until: input.until, 'reason-sha256': textDigest(reason),
    }, now, input.schoolCode)]);
    return toLateWindow(row!, now);
  });
}

/** Closes the open window of a school and year (there is at most one). */
export async function closeLateWindow(
  ctx: RegistryContext, schoolCode: string, schoolYear: string, reason: string, options: OperatorOptions = {},
): Promise<LateWindow> {
  const now = options.now ?? ctx.clock();
  const actor = options.actor ?? 'operator';
  const why = cleanReason(reason);
  return ctx.db.transaction(async (tx) => {
    await lockChain(tx);
    const [open] = await openWindows(tx, schoolCode, schoolYear, now);
    if (!open) throw new HocbaError('late_window_not_found', { params: { school: schoolCode, schoolYear } });
    const [row] = await tx.update(lateWindows).set({ closedAt: now, closedBy: actor, closeReason: why })
      .where(eq(lateWindows.id, open.id)).returning();
    await appendEvent(tx, { at: now, actor, kind: 'late_window_close', subject: schoolCode, detail: { id: open.id, schoolYear, reason: why } });
    await appendLogEntries(tx, [logEntry('late-window-closed', { window: open.id, school: schoolCode, year: schoolYear, 'reason-sha256': textDigest(why) }, now, schoolCode)]);
    return toLateWindow(row!, now);
  });
}

/** Every window (open and past), optionally of one school and year, oldest first. */
export async function listLateWindows(ctx: RegistryContext, query: LateWindowQuery = {}): Promise<LateWindow[]> {
  const now = query.now ?? ctx.clock();
  const rows = await ctx.db.select().from(lateWindows).where(and(
    query.schoolCode === undefined ? undefined : eq(lateWindows.schoolCode, query.schoolCode),
    query.schoolYear === undefined ? undefined : eq(lateWindows.schoolYear, query.schoolYear),
  )).orderBy(asc(lateWindows.id));
  return rows.map((row) => toLateWindow(row, now));
}

/** Windows of one school and year open at `now` (for admission, inside the write transaction). */
export async function openWindows(tx: Tx, schoolCode: string, schoolYear: string, now: Date): Promise<LateWindowRow[]> {
  const rows = await tx.select().from(lateWindows)
    .where(and(eq(lateWindows.schoolCode, schoolCode), eq(lateWindows.schoolYear, schoolYear), isNull(lateWindows.closedAt)));
  return rows.filter((row) => isLateWindowOpen(row, now));
}

function toLateWindow(row: LateWindowRow, now: Date): LateWindow {
  return {
    id: row.id, schoolCode: row.schoolCode, schoolYear: row.schoolYear, until: row.until, reason: row.reason,
    openedAt: row.openedAt, openedBy: row.openedBy, closedAt: row.closedAt, closedBy: row.closedBy, closeReason: row.closeReason,
    open: isLateWindowOpen(row, now),
  };
}

/** The one reason cleaner (context.ts `cleanReasonText`), refused when nothing is left. */
function cleanReason(reason: string): string {
  const why = cleanReasonText(reason);
  if (why === '') throw new HocbaError('late_window_reason_missing');
  return why;
}

function untilIsValid(until: string, now: Date): boolean {
  try {
    return lockInstantOf(until).getTime() > now.getTime();
  } catch {
    return false;
  }
}
