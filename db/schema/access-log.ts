// Access aggregate: who looked up which record, when (issue 13). Append-only like the audit journal, but with no
// hash chain and no lock: rows arrive in batches from api/registry/access-log.ts, and leave only by the retention
// function of the migration (Decree 13/2023: personal data — here a keyed hash of an address — kept no longer than needed).
import { sql } from 'drizzle-orm';
import { bigserial, check, index, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

/** `single`: one record asked for (API, portal page, upload check); `batch`: one code of a bulk verification. */
export const ACCESS_KINDS = ['single', 'batch'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

export const accessLog = pgTable('access_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: instant('at').notNull(),
  /** The record looked up; no foreign key, so an insert never waits on a lock of the records row. */
  lookupCode: text('lookup_code').notNull(),
  /** Who asked: a door and a keyed hash of the address (`api:…`, `portal:…`), never the address (api/http/requester.ts). */
  requester: text('requester').notNull(),
  kind: text('kind').notNull(),
}, (t) => [
  index('access_log_code_at').on(t.lookupCode, t.at),
  index('access_log_at').on(t.at),
  check('access_log_kind', sql.raw(`kind in (${ACCESS_KINDS.map((k) => `'${k}'`).join(', ')})`)),
]);

export type AccessLogRow = typeof accessLog.$inferSelect;
