// Transparency-log aggregate (C2SP tlog-tiles): entries waiting for the sequencer, integrated entries, the tree's
// complete subtrees and the signed checkpoints. Entries carry no personal data (docs/log.md).
import { bigint, bigserial, index, integer, pgTable, smallint, text } from 'drizzle-orm/pg-core';
import { bytea, instant } from './columns.ts';

/** A state change's entry, written in the change's own transaction; the sequencer moves it into the tree. */
export const logPending = pgTable('log_pending', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  body: bytea('body').notNull(),
  /** The lookup code (or other subject) the entry is about, to find its proof. */
  subject: text('subject'),
  at: instant('at').notNull(),
});

export const logEntries = pgTable('log_entries', {
  /** Position in the tree, from 0. */
  idx: bigint('idx', { mode: 'number' }).primaryKey(),
  body: bytea('body').notNull(),
  subject: text('subject'),
  at: instant('at').notNull(),
}, (t) => [index('log_entries_subject').on(t.subject)]);

/**
 * The hash of the complete subtree (level, idx): leaves [idx·2^level, (idx+1)·2^level). One key column,
 * `id` = idx·64 + level (nodeId in log-store.ts), so backups page it like every other table.
 */
export const logNodes = pgTable('log_nodes', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  level: smallint('level').notNull(),
  idx: bigint('idx', { mode: 'number' }).notNull(),
  hash: bytea('hash').notNull(),
});

export const logCheckpoints = pgTable('log_checkpoints', {
  size: bigint('size', { mode: 'number' }).primaryKey(),
  /** The signed note, verbatim as served at /log/checkpoint. */
  note: text('note').notNull(),
  /** The key that signed it (`<name>+<id>`), so a rotated key's checkpoints stay attributable. */
  keyId: text('key_id').notNull(),
  entries: integer('entries').notNull(),
  at: instant('at').notNull(),
});

export type LogEntryRow = typeof logEntries.$inferSelect;
