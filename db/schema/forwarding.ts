// Forwarding aggregate (issue 19): on a national instance, the province accounts that may forward into it and,
// per province, the last sequence of the province's lifecycle stream applied here.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

/** Registry-to-registry bearer tokens of a province's Sở: only their SHA-256 is kept, like school tokens. */
export const provinceTokens = pgTable('province_tokens', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** Mã tỉnh: one of the 34 codes since 1/7/2025. */
  provinceCode: text('province_code').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: instant('created_at').notNull(),
  revokedAt: instant('revoked_at'),
}, (t) => [
  index('province_tokens_province').on(t.provinceCode),
  check('province_tokens_province_format', sql`${t.provinceCode} ~ '^[0-9]{2}$'`),
]);

/** The province's stream applied up to `last_sequence` (its journal's event id): moved in the transaction that applies. */
export const forwardCursors = pgTable('forward_cursors', {
  provinceCode: text('province_code').primaryKey(),
  lastSequence: bigint('last_sequence', { mode: 'number' }).notNull(),
  updatedAt: instant('updated_at').notNull(),
}, (t) => [
  check('forward_cursors_province_format', sql`${t.provinceCode} ~ '^[0-9]{2}$'`),
  check('forward_cursors_sequence', sql`${t.lastSequence} >= 0`),
]);
