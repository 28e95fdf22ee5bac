// Transfer aggregate (DOMAIN.md "The registry": the right to manage a student's records passes to the new school).
// One row per transfer, never changed or deleted (triggers in 0008_transfers); a student's latest row names the
// school that manages them now.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, date, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
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
  /** `operator:<name>`, `cli:<user>@<host>`, or on the national store `province:<code>` (forwarded). */
  recordedBy: text('recorded_by').notNull(),
}, (t) => [
  index('transfers_student').on(t.studentCode, t.id),
  check('transfers_student_code_format', sql`${t.studentCode} ~ '^[0-9]{10}$'`),
  check('transfers_other_school', sql`${t.fromSchool} <> ${t.toSchool}`),
  check('transfers_reason', sql`length(${t.reason}) > 0`),
]);

export type TransferRow = typeof transfers.$inferSelect;

/**
 * A transfer the sending school proposes (its school token) and the receiving school confirms or either cancels
 * (api/registry/transfer-proposals.ts). Nothing changes for the student until the confirmation, which records the
 * transfer row above in the same transaction. A proposal is settled once: only `status`, `settled_at`,
 * `settled_by` and `transfer_id` change, from `pending` (trigger of migration 0011); it is never deleted.
 */
export const transferProposals = pgTable('transfer_proposals', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  studentCode: text('student_code').notNull(),
  fromSchool: text('from_school').notNull().references(() => schools.code),
  toSchool: text('to_school').notNull().references(() => schools.code),
  effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
  reason: text('reason').notNull(),
  proposedAt: instant('proposed_at').notNull(),
  /** `pending`, then `confirmed` (by the receiving school) or `cancelled` (by either school). */
  status: text('status').notNull(),
  settledAt: instant('settled_at'),
  /** The school code that confirmed or cancelled. */
  settledBy: text('settled_by'),
  /** The transfer the confirmation recorded. */
  transferId: bigint('transfer_id', { mode: 'number' }).references(() => transfers.id),
}, (t) => [
  index('transfer_proposals_from').on(t.fromSchool, t.id),
  index('transfer_proposals_to').on(t.toSchool, t.id),
  // One open proposal per student: a second would race the first for the same right to manage.
  uniqueIndex('transfer_proposals_one_pending').on(t.studentCode).where(sql`${t.status} = 'pending'`),
  check('transfer_proposals_student_code_format', sql`${t.studentCode} ~ '^[0-9]{10}$'`),
  check('transfer_proposals_other_school', sql`${t.fromSchool} <> ${t.toSchool}`),
  check('transfer_proposals_reason', sql`length(${t.reason}) > 0`),
  check('transfer_proposals_status', sql`${t.status} in ('pending', 'confirmed', 'cancelled')`),
  check('transfer_proposals_settled', sql`(${t.status} = 'pending') = (${t.settledAt} is null) and (${t.status} = 'confirmed') = (${t.transferId} is not null)`),
]);

export type TransferProposalRow = typeof transferProposals.$inferSelect;
