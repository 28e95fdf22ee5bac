// Settings aggregate: lock dates (ngày chốt dữ liệu) the Sở set per school year, overriding the defaults, and the
// late windows (đợt nộp muộn) it opens for one school and year after the lock.
import { sql } from 'drizzle-orm';
import { bigserial, check, date, index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { schools } from './schools.ts';

export const lockDates = pgTable('lock_dates', {
  /** `2024-2025`. */
  schoolYear: text('school_year').primaryKey(),
  /** Main lock (default 30/06 of the second calendar year), ISO date. */
  mainLockDate: date('main_lock_date', { mode: 'string' }).notNull(),
  /** Supplementary lock (default 15/08), ISO date. */
  supplementaryLockDate: date('supplementary_lock_date', { mode: 'string' }).notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/**
 * SPEC §8: while a window is open, the school may push new records of that year although its lock has passed
 * (each is in force from its acceptance). Never deleted; closing sets closed_* once (a trigger in the migration).
 */
export const lateWindows = pgTable('late_windows', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  schoolCode: text('school_code').notNull().references(() => schools.code),
  schoolYear: text('school_year').notNull(),
  /** Open to the end of this day, Vietnam time. */
  until: date('until', { mode: 'string' }).notNull(),
  reason: text('reason').notNull(),
  openedAt: instant('opened_at').notNull(),
  /** `operator:<name>` or `cli:<user>@<host>`. */
  openedBy: text('opened_by').notNull(),
  closedAt: instant('closed_at'),
  closedBy: text('closed_by'),
  closeReason: text('close_reason'),
}, (t) => [
  index('late_windows_school_year').on(t.schoolCode, t.schoolYear),
  check('late_windows_school_year_format', sql`${t.schoolYear} ~ '^[0-9]{4}-[0-9]{4}$'`),
  check('late_windows_reason', sql`length(${t.reason}) > 0`),
  check('late_windows_closed_consistent', sql`(${t.closedAt} is null) = (${t.closedBy} is null)`),
]);

export type LateWindowRow = typeof lateWindows.$inferSelect;

/**
 * How many records the Sở expects a school to publish for a school year (issue 20), entered in the console or
 * imported as CSV; the overview shows completion against it. Replaced in place (every change is journaled).
 */
export const expectedCounts = pgTable('expected_counts', {
  /** One key column, so backups page it like every other table. */
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  schoolCode: text('school_code').notNull().references(() => schools.code),
  schoolYear: text('school_year').notNull(),
  expected: integer('expected').notNull(),
  updatedAt: instant('updated_at').notNull(),
  /** `operator:<name>` or `cli:<user>@<host>`. */
  updatedBy: text('updated_by').notNull(),
}, (t) => [
  unique('expected_counts_school_year').on(t.schoolCode, t.schoolYear),
  check('expected_counts_school_year_format', sql`${t.schoolYear} ~ '^[0-9]{4}-[0-9]{4}$'`),
  check('expected_counts_expected', sql`${t.expected} between 0 and 100000`),
]);
