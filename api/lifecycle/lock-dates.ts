// Lock dates (ngày chốt dữ liệu) of a school year and the instant each one takes effect (DOMAIN "The registry").
import { HocbaError } from '../errors.ts';
import { VIETNAM_OFFSET_MS } from '../vietnam-time.ts';

export interface LockDates {
  /** ISO date of the main lock: records of students who completed the grade. */
  readonly main: string;
  /** ISO date of the supplementary lock: grades 1-4 after supplementary assessment. */
  readonly supplementary: string;
}

export interface LockSettings {
  /** `MM-DD` of the main lock in the second calendar year of the school year (30/06). */
  readonly mainDay: string;
  /** `MM-DD` of the supplementary lock (15/08). */
  readonly supplementaryDay: string;
  /** Dates the Sở set for particular years, overriding the defaults. */
  readonly years: Readonly<Record<string, LockDates>>;
}

export const DEFAULT_LOCK_SETTINGS: LockSettings = { mainDay: '06-30', supplementaryDay: '08-15', years: {} };

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2024-2025` → [2024, 2025]; the two years must follow each other. */
export function parseSchoolYear(schoolYear: string): [number, number] {
  const match = /^(\d{4})-(\d{4})$/.exec(schoolYear);
  const first = Number(match?.[1]);
  const second = Number(match?.[2]);
  if (!match || second !== first + 1) throw new HocbaError('school_year_invalid', { params: { year: schoolYear } });
  return [first, second];
}

export function lockDatesOf(schoolYear: string, settings: LockSettings = DEFAULT_LOCK_SETTINGS): LockDates {
  const [, second] = parseSchoolYear(schoolYear);
  return settings.years[schoolYear] ?? {
    main: `${second}-${settings.mainDay}`,
    supplementary: `${second}-${settings.supplementaryDay}`,
  };
}

export function lockDateOf(
  schoolYear: string,
  options: { supplementary: boolean },
  settings: LockSettings = DEFAULT_LOCK_SETTINGS,
): string {
  const dates = lockDatesOf(schoolYear, settings);
  return options.supplementary ? dates.supplementary : dates.main;
}

/** `YYYY-MM-DD` of an instant, in Vietnam. */
export function vietnamDateOf(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The instant a lock date takes effect. Schools report "before 30/6": the whole lock day still
 * belongs to them, so the lock falls at the END of that day in Vietnam time (UTC+7), i.e. at
 * 00:00 of the next day in Hanoi = 17:00 UTC on the lock day itself.
 */
export function lockInstantOf(isoDate: string): Date {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new HocbaError('lock_date_invalid', { params: { date: isoDate } });
  const startOfDayUtc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const check = new Date(startOfDayUtc);
  if (check.getUTCDate() !== Number(match[3]) || check.getUTCMonth() !== Number(match[2]) - 1) {
    throw new HocbaError('lock_date_invalid', { params: { date: isoDate } });
  }
  return new Date(startOfDayUtc + DAY_MS - VIETNAM_OFFSET_MS);
}

/** Checks a date the Sở sets: a real calendar date, the supplementary lock not before the main one. */
export function assertLockDates(dates: LockDates): void {
  if (lockInstantOf(dates.supplementary) < lockInstantOf(dates.main)) {
    throw new HocbaError('lock_date_invalid', { params: { date: dates.supplementary } });
  }
}
