// Operator accounts (staff of the Sở GDĐT, SPEC §5 "Operators (Sở; login)"): add, change password, disable.
// Passwords live only as scrypt hashes (passwords.ts); every change is journaled and ends the account's sessions.
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { operators, operatorSessions } from '../../db/schema/index.ts';
import { HocbaError } from '../errors.ts';
import { appendEvent } from './audit.ts';
import type { RegistryContext } from './context.ts';
import { assertPasswordPolicy, hashPassword } from './passwords.ts';
import type { OperatorInput, OperatorOptions, OperatorSummary } from './types.ts';

const USERNAME = /^[a-z0-9._-]{3,64}$/;
const MAX_DISPLAY_NAME = 200;

/** Trimmed and lower-cased; null when it cannot be a username. */
export function toUsername(input: string): string | null {
  const username = input.trim().toLowerCase();
  return USERNAME.test(username) ? username : null;
}

function requireUsername(input: string): string {
  const username = toUsername(input);
  if (username === null) throw new HocbaError('username_invalid', { params: { username: input.slice(0, 80) } });
  return username;
}

/** Creates an account; nothing secret comes back (the person who chose the password knows it). */
export async function addOperator(ctx: RegistryContext, input: OperatorInput, options: OperatorOptions = {}): Promise<OperatorSummary> {
  const username = requireUsername(input.username);
  const displayName = input.displayName.normalize('NFC').trim();
  if (displayName.length === 0 || [...displayName].length > MAX_DISPLAY_NAME) throw new HocbaError('operator_name_invalid');
  assertPasswordPolicy(input.password, username);
  const passwordHash = await hashPassword(input.password);
  const at = options.now ?? ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const added = await tx.insert(operators).values({ username, displayName, passwordHash, createdAt: at })
      .onConflictDoNothing().returning({ username: operators.username });
    if (added.length === 0) throw new HocbaError('operator_exists', { params: { username } });
    await appendEvent(tx, { at, actor: options.actor ?? 'operator', kind: 'operator_add', subject: username, detail: { displayName } });
    return { username, displayName, createdAt: at, disabledAt: null };
  });
}

/** A new password: also lifts a lockout and ends every session of the account (a stolen one included). */
export async function setOperatorPassword(ctx: RegistryContext, input: string, password: string, options: OperatorOptions = {}): Promise<void> {
  const username = requireUsername(input);
  assertPasswordPolicy(password, username);
  const passwordHash = await hashPassword(password);
  const at = options.now ?? ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const changed = await tx.update(operators).set({ passwordHash, failedAttempts: 0, lockedUntil: null })
      .where(eq(operators.username, username)).returning({ username: operators.username });
    if (changed.length === 0) throw new HocbaError('operator_unknown', { params: { username } });
    const sessionsRevoked = await revokeSessions(tx, username, at);
    await appendEvent(tx, { at, actor: options.actor ?? 'operator', kind: 'operator_password', subject: username, detail: { sessionsRevoked } });
  });
}

/** Disables an account for good (it stays, for the journal's sake); disabling twice changes nothing. */
export async function disableOperator(ctx: RegistryContext, input: string, options: OperatorOptions = {}): Promise<void> {
  const username = requireUsername(input);
  const at = options.now ?? ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ disabledAt: operators.disabledAt }).from(operators).where(eq(operators.username, username)).for('update');
    if (!row) throw new HocbaError('operator_unknown', { params: { username } });
    if (row.disabledAt !== null) return;
    await tx.update(operators).set({ disabledAt: at }).where(eq(operators.username, username));
    const sessionsRevoked = await revokeSessions(tx, username, at);
    await appendEvent(tx, { at, actor: options.actor ?? 'operator', kind: 'operator_disable', subject: username, detail: { sessionsRevoked } });
  });
}

async function revokeSessions(tx: Tx, username: string, at: Date): Promise<number> {
  const revoked = await tx.update(operatorSessions).set({ revokedAt: at })
    .where(and(eq(operatorSessions.username, username), isNull(operatorSessions.revokedAt)))
    .returning({ id: operatorSessions.id });
  return revoked.length;
}
