// Lock dates the Sở sets per school year (chốt dữ liệu); a date that has passed can no longer move.
import { lockDates } from '../../db/schema/index.ts';
import { HocbaError } from '../errors.ts';
import { assertLockDates, lockDatesOf, lockInstantOf, type LockDates } from '../lifecycle/index.ts';
import { appendEvent } from './audit.ts';
import { logEntry } from './log-entries.ts';
import { appendLogEntries } from './log-store.ts';
import { loadLockSettings, type RegistryContext } from './context.ts';
import type { OperatorOptions } from './types.ts';

/**
 * Moving a lock that already fell would reopen locked records, and a new date in the past would lock
 * them retroactively with an in-force date that never was announced: both are refused.
 */
export async function setLockDates(ctx: RegistryContext, schoolYear: string, dates: LockDates, options: OperatorOptions = {}): Promise<void> {
  const now = options.now ?? ctx.clock();
  assertLockDates(dates);
  const current = lockDatesOf(schoolYear, await loadLockSettings(ctx));
  for (const which of ['main', 'supplementary'] as const) {
    if (current[which] === dates[which]) continue;
    if (lockInstantOf(current[which]) <= now) throw new HocbaError('locked', { params: { lockDate: current[which] } });
    if (lockInstantOf(dates[which]) <= now) throw new HocbaError('lock_date_invalid', { params: { date: dates[which] } });
  }
  await ctx.db.transaction(async (tx) => {
    const values = { schoolYear, mainLockDate: dates.main, supplementaryLockDate: dates.supplementary, updatedAt: now };
    await tx.insert(lockDates).values(values).onConflictDoUpdate({
      target: lockDates.schoolYear,
      set: { mainLockDate: dates.main, supplementaryLockDate: dates.supplementary, updatedAt: now },
    });
    await appendEvent(tx, { at: now, actor: options.actor ?? 'operator', kind: 'lock', subject: schoolYear, detail: { ...dates, previous: current } });
    await appendLogEntries(tx, [logEntry('lock-dates', { year: schoolYear, main: dates.main, supplementary: dates.supplementary }, now, schoolYear)]);
  });
}
