// Transfer aggregate (DOMAIN.md "The registry": the right to manage a student's records passes to the new school).
// One row per transfer, never changed or deleted (triggers in 0008_transfers); a student's latest row names the
// school that manages them now.
import { sql } from 'drizzle-orm';
import { bigserial, check, date, index, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { schools } from './schools.ts';

export const transfers = pgTable('transfers', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** MaHocSinh: the Ministry's 10-digit student code. */
  studentCode: text('student_code').notNull(),
  fromSchool: text('from_school').notNull().references(() => schools.code),
  toSchool: text('to_school').notNull().references(() => schools.code),
  /** The day the student moved (ISO date, Vietnam); the right to manage passes when the row is written. */
  effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
  reason: text('reason').notNull(),
  recordedAt: instant('recorded_at').notNull(),
  /** `operator:<name>` or `cli:<user>@<host>`. */
  recordedBy: text('recorded_by').notNull(),
}, (t) => [
  index('transfers_student').on(t.studentCode, t.id),
  check('transfers_student_code_format', sql`${t.studentCode} ~ '^[0-9]{10}$'`),
  check('transfers_other_school', sql`${t.fromSchool} <> ${t.toSchool}`),
  check('transfers_reason', sql`length(${t.reason}) > 0`),
]);

export type TransferRow = typeof transfers.$inferSelect;
