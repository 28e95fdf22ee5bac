// Settings aggregate: lock dates (ngày chốt dữ liệu) the Sở set per school year, overriding the defaults.
import { date, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

export const lockDates = pgTable('lock_dates', {
  /** `2024-2025`. */
  schoolYear: text('school_year').primaryKey(),
  /** Main lock (default 30/06 of the second calendar year), ISO date. */
  mainLockDate: date('main_lock_date', { mode: 'string' }).notNull(),
  /** Supplementary lock (default 15/08), ISO date. */
  supplementaryLockDate: date('supplementary_lock_date', { mode: 'string' }).notNull(),
  updatedAt: instant('updated_at').notNull(),
});

export type LockDatesRow = typeof lockDates.$inferSelect;
