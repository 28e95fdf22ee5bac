// Operator aggregate: staff of the Sở GDĐT who log in to the operator API, and their sessions.
// Neither table is append-only: passwords change, accounts are disabled, sessions end (every change is journaled).
import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

export const operators = pgTable('operators', {
  /** Lower case, `[a-z0-9._-]{3,64}`. */
  username: text('username').primaryKey(),
  displayName: text('display_name').notNull(),
  /** `scrypt$N$r$p$salt_b64$hash_b64` (api/registry/passwords.ts); never the password. */
  passwordHash: text('password_hash').notNull(),
  createdAt: instant('created_at').notNull(),
  disabledAt: instant('disabled_at'),
  /** Consecutive failed logins since the last success or lockout. */
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: instant('locked_until'),
}, (t) => [
  check('operators_username_format', sql`${t.username} ~ '^[a-z0-9._-]{3,64}$'`),
  check('operators_password_hash_format', sql`${t.passwordHash} ~ '^scrypt\\$'`),
  check('operators_failed_attempts', sql`${t.failedAttempts} >= 0`),
]);

/** Login sessions: only the SHA-256 of the bearer token is kept (32 random bytes need no slow hash). */
export const operatorSessions = pgTable('operator_sessions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  username: text('username').notNull().references(() => operators.username),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: instant('created_at').notNull(),
  expiresAt: instant('expires_at').notNull(),
  revokedAt: instant('revoked_at'),
  /**
   * Idle expiry (issue 20): a session with `idle_ms` ends when it has not been used for that long; the console's
   * cookie sessions carry one, the API's bearer sessions none (NULL: only `expires_at`). `last_seen_at` is the
   * last authenticated use.
   */
  idleMs: integer('idle_ms'),
  lastSeenAt: instant('last_seen_at'),
}, (t) => [
  index('operator_sessions_username').on(t.username),
  check('operator_sessions_token_hash_format', sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
  check('operator_sessions_idle', sql`${t.idleMs} is null or (${t.idleMs} > 0 and ${t.lastSeenAt} is not null)`),
]);

export type OperatorRow = typeof operators.$inferSelect;
