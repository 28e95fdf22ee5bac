// Operator login (issue 6): one answer and the same work for every failure, lockout after repeated failures,
// sessions kept only as the SHA-256 of a random bearer token, each login, failure and logout journaled.
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { operators, operatorSessions, type OperatorRow } from '../../db/schema/index.ts';
import { HocbaError } from '../errors.ts';
import { appendEvent } from './audit.ts';
import { sha256Hex } from '../byte-digests.ts';
import type { RegistryContext } from './context.ts';
import { toUsername } from './operators.ts';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from './passwords.ts';
import type { AuthenticatedOperator, LoginOptions, OperatorLogin } from './types.ts';

/** Consecutive failures that lock an account, and for how long. */
const LOCKOUT_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60_000;
export const SESSION_MS = 8 * 60 * 60_000;
/** The console's sessions (issue 20) also end after 30 minutes without a page seen (OWASP: 15-30 min for such tools). */
export const CONSOLE_IDLE_MS = 30 * 60_000;
/** Operator tokens carry a prefix, so neither kind of token can be mistaken for the other (or for a school's). */
const TOKEN_PREFIX = 'hbo_';
const TOKEN = /^hbo_[A-Za-z0-9_-]{43}$/;

type FailureReason = 'unknown' | 'disabled' | 'locked' | 'password';

/**
 * Unknown user, disabled account, locked account, wrong password: the same `login_failed`, and scrypt runs
 * in every case (against a decoy hash when there is no account), so neither the answer nor its cost tells
 * which. Only the journal records the reason.
 */
export async function login(ctx: RegistryContext, input: string, password: string, options: LoginOptions = {}): Promise<OperatorLogin> {
  const now = options.now ?? ctx.clock();
  const username = toUsername(input);
  const [seen] = username === null ? [] : await ctx.db.select().from(operators).where(eq(operators.username, username)).limit(1);
  const matches = await verifyPassword(password, seen?.passwordHash ?? decoyHash());
  const rehashed = seen && matches && needsRehash(seen.passwordHash) ? await hashPassword(password) : null;
  const outcome = await ctx.db.transaction(async (tx) => {
    // Read again under a row lock: a lockout or a new password may have landed while scrypt ran.
    const [row] = seen ? await tx.select().from(operators).where(eq(operators.username, seen.username)).for('update') : [];
    const reason = failureOf(row, seen, matches, now);
    if (reason !== null) {
      const lockedUntil = reason === 'password' ? await countFailure(tx, row!, now) : null;
      await appendEvent(tx, {
        at: now, actor: options.client ?? 'public', kind: 'login_failed', subject: row?.username ?? null,
        detail: { reason, ...(lockedUntil ? { lockedUntil: lockedUntil.toISOString() } : {}) },
      });
      return null;
    }
    await tx.update(operators).set({ failedAttempts: 0, lockedUntil: null, ...(rehashed ? { passwordHash: rehashed } : {}) })
      .where(eq(operators.username, row!.username));
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + SESSION_MS);
    const idle = options.idleMs === undefined ? {} : { idleMs: options.idleMs, lastSeenAt: now };
    const [session] = await tx.insert(operatorSessions).values({ username: row!.username, tokenHash: sha256Hex(token), createdAt: now, expiresAt, ...idle })
      .returning({ id: operatorSessions.id });
    await appendEvent(tx, {
      at: now, actor: `operator:${row!.username}`, kind: 'login', subject: row!.username,
      detail: {
        session: session!.id, expiresAt: expiresAt.toISOString(), ...(options.client ? { client: options.client } : {}),
        ...(options.idleMs === undefined ? {} : { idleMs: options.idleMs }),
      },
    });
    return { username: row!.username, token, expiresAt };
  });
  // Thrown after the transaction, so the failure and its journal entry are committed.
  if (outcome === null) throw new HocbaError('login_failed', { params: { minutes: LOCKOUT_MS / 60_000 } });
  return outcome;
}

/**
 * The operator a token belongs to: a live session (not revoked, not past its absolute expiry nor, when it has an
 * idle limit, idle longer than that) of an enabled account. A session with an idle limit counts this use.
 */
export async function authenticateOperator(ctx: RegistryContext, token: string, now: Date): Promise<AuthenticatedOperator | null> {
  if (!TOKEN.test(token)) return null;
  const idleSince = sql`${operatorSessions.lastSeenAt} + ${operatorSessions.idleMs} * interval '1 millisecond'`;
  const [row] = await ctx.db.select({
    username: operators.username, displayName: operators.displayName, sessionId: operatorSessions.id, idleMs: operatorSessions.idleMs,
  })
    .from(operatorSessions).innerJoin(operators, eq(operators.username, operatorSessions.username))
    .where(and(
      eq(operatorSessions.tokenHash, sha256Hex(token)), isNull(operatorSessions.revokedAt), gt(operatorSessions.expiresAt, now),
      or(isNull(operatorSessions.idleMs), sql`${idleSince} > ${now.toISOString()}::timestamptz`), isNull(operators.disabledAt),
    ))
    .limit(1);
  if (!row) return null;
  // Only idle-limited sessions are written on use: the API's bearer sessions stay a pure read.
  if (row.idleMs !== null) {
    await ctx.db.update(operatorSessions).set({ lastSeenAt: now })
      .where(and(eq(operatorSessions.id, row.sessionId), or(isNull(operatorSessions.lastSeenAt), sql`${operatorSessions.lastSeenAt} < ${now.toISOString()}::timestamptz`)));
  }
  return { username: row.username, displayName: row.displayName, sessionId: row.sessionId };
}

/** Ends the session of this token (journaled); an unknown or already ended one changes nothing. */
export async function logout(ctx: RegistryContext, token: string, options: { now?: Date } = {}): Promise<void> {
  if (!TOKEN.test(token)) return;
  const at = options.now ?? ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const [ended] = await tx.update(operatorSessions).set({ revokedAt: at })
      .where(and(eq(operatorSessions.tokenHash, sha256Hex(token)), isNull(operatorSessions.revokedAt)))
      .returning({ id: operatorSessions.id, username: operatorSessions.username });
    if (!ended) return;
    await appendEvent(tx, { at, actor: `operator:${ended.username}`, kind: 'logout', subject: ended.username, detail: { session: ended.id } });
  });
}

function failureOf(row: OperatorRow | undefined, seen: OperatorRow | undefined, matches: boolean, now: Date): FailureReason | null {
  if (!row) return 'unknown';
  if (row.disabledAt !== null) return 'disabled';
  if (row.lockedUntil !== null && row.lockedUntil > now) return 'locked';
  // The hash checked must still be the stored one (a password changed meanwhile makes this attempt fail).
  if (!matches || row.passwordHash !== seen!.passwordHash) return 'password';
  return null;
}

/** One more consecutive failure; the fifth locks the account and starts the count afresh. Returns the lock's end. */
async function countFailure(tx: Tx, row: OperatorRow, now: Date): Promise<Date | null> {
  const failures = row.failedAttempts + 1;
  const lockedUntil = failures >= LOCKOUT_FAILURES ? new Date(now.getTime() + LOCKOUT_MS) : null;
  await tx.update(operators).set(lockedUntil ? { failedAttempts: 0, lockedUntil } : { failedAttempts: failures })
    .where(eq(operators.username, row.username));
  return lockedUntil;
}
