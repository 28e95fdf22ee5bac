// Record aggregate: accepted records (exact bytes + stored report), every push attempt, issued PDF copies.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, json, jsonb, pgTable, text, unique, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { bytea, instant } from './columns.ts';
import { schools } from './schools.ts';

/** SPEC §8: never deleted, never changed in place; triggers in the migrations enforce it. */
export const records = pgTable('records', {
  /** Mã tra cứu: 32 upper-case hex characters. */
  lookupCode: text('lookup_code').primaryKey(),
  schoolCode: text('school_code').notNull().references(() => schools.code),
  schoolYear: text('school_year').notNull(),
  grade: integer('grade').notNull(),
  level: text('level').notNull(),
  studentCode: text('student_code').notNull(),
  /** Decree 13/2023: the personal id is never kept whole in a column (it stays inside the signed XML). */
  personalIdLast4: text('personal_id_last4'),
  studentName: text('student_name').notNull(),
  status: text('status').notNull().default('valid'),
  /**
   * Exact base64 text received (SPEC §8: the exact bytes). The signed XML is not stored beside it: it is this package
   * inflated, byte for byte (xmlOfStored in api/registry/stored-xml.ts); migration 0012 dropped the copy (issue 14).
   */
  package: bytea('package').notNull(),
  /** SHA-256 of the XML inside `package`, lower-case hex. */
  digest: text('digest').notNull(),
  /**
   * The verification Report made at ingest, as the JSON text the registry wrote: `json`, not `jsonb` (migration 0014),
   * because it is written once, read whole and never queried inside, and parsing it into jsonb was about half of
   * the database's work per accepted package (issue 14, docs/PERFORMANCE.md).
   */
  report: json('report').notNull(),
  receiptId: text('receipt_id').notNull().unique(),
  receivedAt: instant('received_at').notNull(),
  recalledAt: instant('recalled_at'),
  recallReason: text('recall_reason'),
  replacedBy: text('replaced_by').references((): AnyPgColumn => records.lookupCode),
  replaces: text('replaces').references((): AnyPgColumn => records.lookupCode),
  /** Reported for the supplementary lock (15/8): grades 1-4 after supplementary assessment. */
  supplementary: boolean('supplementary').notNull().default(false),
  /** On a national instance (issue 19): the province whose registry accepted and forwarded it; null: received here. */
  sourceProvince: text('source_province'),
}, (t) => [
  index('records_digest').on(t.digest),
  index('records_school').on(t.schoolCode, t.schoolYear),
  index('records_student').on(t.studentCode, t.schoolYear),
  // The Sở's export of a school year, paged by lookup code (api/registry/exports.ts).
  index('records_year_code').on(t.schoolYear, t.lookupCode),
  check('records_lookup_code_format', sql`${t.lookupCode} ~ '^[0-9A-F]{32}$'`),
  check('records_school_year_format', sql`${t.schoolYear} ~ '^[0-9]{4}-[0-9]{4}$'`),
  check('records_level', sql`${t.level} in ('TH', 'THCS', 'THPT')`),
  check('records_grade', sql`${t.grade} between 1 and 12`),
  check('records_personal_id_last4', sql`${t.personalIdLast4} ~ '^[0-9]{4}$'`),
  check('records_status', sql`${t.status} in ('valid', 'recalled', 'replaced')`),
  check('records_recalled_consistent', sql`(${t.status} = 'recalled') = (${t.recalledAt} is not null)`),
  check('records_source_province_format', sql`${t.sourceProvince} ~ '^[0-9]{2}$'`),
  check('records_replaced_consistent', sql`(${t.status} = 'replaced') = (${t.replacedBy} is not null)`),
]);

/** Every push or replace attempt and what became of it (the school "follows the response"). */
export const submissions = pgTable('submissions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  lookupCode: text('lookup_code'),
  schoolCode: text('school_code').notNull(),
  /** SHA-256 of the XML when it could be inflated, else of the package text. */
  digest: text('digest').notNull(),
  status: text('status').notNull(),
  errors: jsonb('errors'),
  receiptId: text('receipt_id'),
  receivedAt: instant('received_at').notNull(),
  /**
   * The grade and school year the package's record names, when it parsed (a refusal by policy, lock or code);
   * null when it never did (unreadable, bad signature) and for rows written before they were kept. The console's
   * overview counts refusals per grade from these (issue 20).
   */
  grade: integer('grade'),
  schoolYear: text('school_year'),
}, (t) => [
  index('submissions_lookup_code').on(t.lookupCode),
  index('submissions_school').on(t.schoolCode, t.receivedAt),
  check('submissions_status', sql`${t.status} in ('accepted', 'repeated', 'rejected')`),
]);

/** Numbered copies (bản thể hiện) issued: traceable per the 2026 draft circular (SPEC §9). */
export const pdfCopies = pgTable('pdf_copies', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  lookupCode: text('lookup_code').notNull().references(() => records.lookupCode),
  copyNumber: integer('copy_number').notNull(),
  issuedAt: instant('issued_at').notNull(),
  requesterIpHash: text('requester_ip_hash'),
}, (t) => [unique('pdf_copies_number').on(t.lookupCode, t.copyNumber)]);

export type RecordRow = typeof records.$inferSelect;
export type NewRecordRow = typeof records.$inferInsert;
