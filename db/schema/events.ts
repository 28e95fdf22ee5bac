// Audit aggregate: the append-only, hash-chained journal (nhật ký kiểm tra) of every action.
import { sql } from 'drizzle-orm';
import { bigserial, check, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

export const EVENT_KINDS = [
  'push', 'accept', 'reject', 'recall', 'replace', 'approve', 'withdraw',
  'school_add', 'token_issue', 'trust_add', 'crl_load', 'lock', 'lookup', 'copy',
  'operator_add', 'operator_disable', 'operator_password', 'login', 'login_failed', 'logout', 'export',
  // SPEC §5 POST /records/{code}/xml: the exact XML released on proof of the student's id, or refused (counted for the limit).
  'xml_release', 'xml_release_refused',
  'late_window_open', 'late_window_close',
  // A student's records pass to another school (api/registry/transfers.ts): every fact of the transfer in `detail`.
  'transfer',
  // A school proposes a transfer of its student; the receiving school confirms it (a `transfer`) or either cancels.
  'transfer_propose', 'transfer_cancel',
  // Issue 19: a province account on a national instance; a batch forwarded (province) or received (national).
  'province_add', 'forward', 'forward_receive',
  // The operator console (issue 20): a school's expected number of records for a year, entered or imported.
  'expected_count',
  // A province account's tokens revoked on a national instance (`hocba province revoke`).
  'province_revoke',
  // A school's API tokens revoked (`hocba school revoke-token`, the operator API, the console).
  'token_revoke',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const events = pgTable('events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: instant('at').notNull(),
  /** School code, `operator[:name]`, or `public`. */
  actor: text('actor').notNull(),
  kind: text('kind').notNull(),
  /** What the event is about: a lookup code, school code, fingerprint… */
  subject: text('subject'),
  detail: jsonb('detail').notNull(),
  /** Hash of the previous event (64 zeros for the first). */
  prevHash: text('prev_hash').notNull(),
  /** SHA-256 of prevHash and the canonical event fields, computed by api/registry/audit.ts. */
  hash: text('hash').notNull().unique(),
}, (t) => [
  index('events_subject').on(t.subject),
  check('events_kind', sql.raw(`kind in (${EVENT_KINDS.map((k) => `'${k}'`).join(', ')})`)),
]);

export type EventRow = typeof events.$inferSelect;
