// Operator accounts and sessions in the registry (issue 6): scrypt hashes only, one refusal for every failed
// login, lockout and its release, session expiry and logout, every change journaled — on PGlite and PostgreSQL.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { isHocbaError } from '../../../api/errors.ts';
import { LOCKOUT_MS, SESSION_MS, type Registry } from '../../../api/registry/index.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import { hashPassword } from '../../../api/registry/passwords.ts';
import { databasesUnderTest } from '../../helpers/database.ts';

const T0 = new Date('2026-06-01T08:00:00+07:00');
const PASSWORD = 'Hồ Gươm mùa thu 2026';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function failure(work: Promise<unknown>): Promise<{ code: string; params?: unknown } | null> {
  try {
    await work;
    return null;
  } catch (error) {
    if (!isHocbaError(error)) throw error;
    return { code: error.code, params: error.params };
  }
}

describe.each(databasesUnderTest())('operator accounts and sessions on $name', ({ open }) => {
  let database: Database;
  let registry: Registry;
  const clock = { now: T0 };
  const at = (ms: number) => new Date(T0.getTime() + ms);

  beforeAll(async () => {
    database = await open();
    registry = wireRegistry(database, { clock: () => clock.now }).registry;
  });
  afterAll(async () => {
    await database?.close();
  });

  /** Journal entries after `since`, as [kind, actor, subject, detail]. */
  async function eventsAfter(since: number) {
    const rows = await database.query<{ kind: string; actor: string; subject: string | null; detail: Record<string, unknown> }>(
      'select kind, actor, subject, detail from events where id > $1 order by id', [since]);
    return rows.map((row) => [row.kind, row.actor, row.subject, row.detail] as const);
  }
  const lastEventId = async () => (await database.query<{ id: number | null }>('select max(id)::int as id from events'))[0]!.id ?? 0;

  describe('when an account is added', () => {
    it('keeps only a self-describing scrypt hash, lower-cases the username and journals it', async () => {
      const since = await lastEventId();
      const added = await registry.addOperator({ username: ' Lan.Nguyen ', displayName: 'Nguyễn Thị Lan', password: PASSWORD }, { now: T0, actor: 'operator:root' });
      expect(added).toEqual({ username: 'lan.nguyen', displayName: 'Nguyễn Thị Lan', createdAt: T0, disabledAt: null });
      const [row] = await database.query<{ password_hash: string; failed_attempts: number }>('select password_hash, failed_attempts from operators where username = $1', ['lan.nguyen']);
      expect(row!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
      expect(row!.failed_attempts).toBe(0);
      expect(await eventsAfter(since)).toEqual([['operator_add', 'operator:root', 'lan.nguyen', { displayName: 'Nguyễn Thị Lan' }]]);
    });

    it('refuses a taken username, a malformed one, an empty name and a weak password', async () => {
      expect(await failure(registry.addOperator({ username: 'LAN.NGUYEN', displayName: 'Khác', password: PASSWORD }))).toMatchObject({ code: 'operator_exists' });
      expect(await failure(registry.addOperator({ username: 'lan nguyen', displayName: 'Lan', password: PASSWORD }))).toMatchObject({ code: 'username_invalid' });
      expect(await failure(registry.addOperator({ username: 'ab', displayName: 'Lan', password: PASSWORD }))).toMatchObject({ code: 'username_invalid' });
      expect(await failure(registry.addOperator({ username: 'hoa.tran', displayName: '   ', password: PASSWORD }))).toMatchObject({ code: 'operator_name_invalid' });
      expect(await failure(registry.addOperator({ username: 'hoa.tran', displayName: 'Trần Hoa', password: 'hoa.tran' }))).toMatchObject({ code: 'password_weak', params: { reason: 'too_short' } });
      expect(await failure(registry.addOperator({ username: 'hoa.tran.so.gd', displayName: 'Trần Hoa', password: 'hoa.tran.so.gd' }))).toMatchObject({ code: 'password_weak', params: { reason: 'username' } });
      expect(await failure(registry.addOperator({ username: 'hoa.tran', displayName: 'Trần Hoa', password: '0'.repeat(16) }))).toMatchObject({ code: 'password_weak', params: { reason: 'one_character' } });
      expect(await database.query('select username from operators order by username')).toEqual([{ username: 'lan.nguyen' }]);
    });
  });

  describe('when an operator logs in', () => {
    it('returns a prefixed token once and keeps only its SHA-256, for 8 hours', async () => {
      const since = await lastEventId();
      const session = await registry.login('Lan.Nguyen', PASSWORD, { now: T0, client: 'api:abc' });
      expect(session.username).toBe('lan.nguyen');
      expect(session.token).toMatch(/^hbo_[A-Za-z0-9_-]{43}$/);
      expect(session.expiresAt).toEqual(at(SESSION_MS));
      expect(SESSION_MS).toBe(8 * 3_600_000);
      const rows = await database.query<{ id: number; token_hash: string }>('select id::int as id, token_hash from operator_sessions');
      expect(rows.map((row) => row.token_hash)).toContain(sha256(session.token));
      const id = rows.find((row) => row.token_hash === sha256(session.token))!.id;
      expect(await eventsAfter(since)).toEqual([['login', 'operator:lan.nguyen', 'lan.nguyen', { session: id, expiresAt: session.expiresAt.toISOString(), client: 'api:abc' }]]);
      expect(await registry.authenticateOperator(session.token, at(SESSION_MS - 1))).toEqual({ username: 'lan.nguyen', displayName: 'Nguyễn Thị Lan', sessionId: id });
      expect(await registry.authenticateOperator(session.token, at(SESSION_MS))).toBeNull();
      expect(await registry.authenticateOperator(session.token.slice(0, -1) + (session.token.endsWith('A') ? 'B' : 'A'), T0)).toBeNull();
      expect(await registry.authenticateOperator(session.token.slice(4), T0)).toBeNull();
    });

    it('stores the plain password and the plain token nowhere in the database', async () => {
      const { token } = await registry.login('lan.nguyen', PASSWORD, { now: T0 });
      const dump = JSON.stringify(await database.query(
        `select (select coalesce(json_agg(o), '[]') from operators o)::text as operators,
                (select coalesce(json_agg(s), '[]') from operator_sessions s)::text as sessions,
                (select coalesce(json_agg(e), '[]') from events e)::text as events`,
      ));
      expect(dump).toContain('lan.nguyen');
      for (const secret of [PASSWORD, PASSWORD.normalize('NFD'), Buffer.from(PASSWORD).toString('base64'), token, token.slice(4)]) {
        expect(dump).not.toContain(secret);
      }
    });

    it('ends the session on logout, once, journaled', async () => {
      const { token } = await registry.login('lan.nguyen', PASSWORD, { now: T0 });
      const session = await registry.authenticateOperator(token, T0);
      const since = await lastEventId();
      await registry.logout(token, { now: at(60_000) });
      await registry.logout(token, { now: at(120_000) });
      expect(await registry.authenticateOperator(token, at(60_000))).toBeNull();
      expect(await eventsAfter(since)).toEqual([['logout', 'operator:lan.nguyen', 'lan.nguyen', { session: session!.sessionId }]]);
    });
  });

  describe('when a login fails', () => {
    beforeAll(async () => {
      await registry.addOperator({ username: 'minh.le', displayName: 'Lê Văn Minh', password: PASSWORD }, { now: T0 });
      await registry.addOperator({ username: 'gone.user', displayName: 'Đã nghỉ', password: PASSWORD }, { now: T0 });
      await registry.disableOperator('gone.user', { now: T0 });
    });

    it('refuses an unknown user, a disabled account and a wrong password with the same error and journals the reason', async () => {
      const since = await lastEventId();
      const refusals = [
        await failure(registry.login('nobody.here', PASSWORD, { now: T0, client: 'api:c1' })),
        await failure(registry.login('not a username!', PASSWORD, { now: T0, client: 'api:c1' })),
        await failure(registry.login('gone.user', PASSWORD, { now: T0, client: 'api:c1' })),
        await failure(registry.login('minh.le', `${PASSWORD}!`, { now: T0, client: 'api:c1' })),
      ];
      expect(new Set(refusals.map((refusal) => JSON.stringify(refusal)))).toEqual(new Set([JSON.stringify({ code: 'login_failed', params: { minutes: 15 } })]));
      expect(await eventsAfter(since)).toEqual([
        ['login_failed', 'api:c1', null, { reason: 'unknown' }],
        ['login_failed', 'api:c1', null, { reason: 'unknown' }],
        ['login_failed', 'api:c1', 'gone.user', { reason: 'disabled' }],
        ['login_failed', 'api:c1', 'minh.le', { reason: 'password' }],
      ]);
    });

    it('locks after 5 consecutive failures for 15 minutes (even the right password), then lets the right password in', async () => {
      await registry.login('minh.le', PASSWORD, { now: T0 }); // a success resets the count
      for (let i = 0; i < 4; i++) expect(await failure(registry.login('minh.le', 'sai mật khẩu rồi', { now: T0 }))).toMatchObject({ code: 'login_failed' });
      await registry.login('minh.le', PASSWORD, { now: T0 }); // 4 failures, then a success: still open, count back to 0
      const since = await lastEventId();
      for (let i = 0; i < 5; i++) await failure(registry.login('minh.le', 'sai mật khẩu rồi', { now: T0 }));
      const [row] = await database.query<{ locked_until: Date; failed_attempts: number }>('select locked_until, failed_attempts from operators where username = $1', ['minh.le']);
      expect(new Date(row!.locked_until).getTime()).toBe(T0.getTime() + LOCKOUT_MS);
      expect(LOCKOUT_MS).toBe(15 * 60_000);
      expect(await failure(registry.login('minh.le', PASSWORD, { now: at(LOCKOUT_MS - 1) }))).toEqual({ code: 'login_failed', params: { minutes: 15 } });
      const journal = await eventsAfter(since);
      expect(journal.map(([kind, , subject, detail]) => [kind, subject, detail.reason])).toEqual([
        ...Array.from({ length: 5 }, () => ['login_failed', 'minh.le', 'password']), ['login_failed', 'minh.le', 'locked'],
      ]);
      expect(journal[4]![3]).toEqual({ reason: 'password', lockedUntil: at(LOCKOUT_MS).toISOString() });
      const session = await registry.login('minh.le', PASSWORD, { now: at(LOCKOUT_MS) });
      expect(await registry.authenticateOperator(session.token, at(LOCKOUT_MS))).toMatchObject({ username: 'minh.le' });
      expect(await database.query('select failed_attempts, locked_until from operators where username = $1', ['minh.le'])).toEqual([{ failed_attempts: 0, locked_until: null }]);
    });
  });

  describe('when an account changes', () => {
    it('a new password replaces the old one, lifts a lockout and ends every session', async () => {
      await registry.addOperator({ username: 'thu.pham', displayName: 'Phạm Thu', password: PASSWORD }, { now: T0 });
      const { token } = await registry.login('thu.pham', PASSWORD, { now: T0 });
      for (let i = 0; i < 5; i++) await failure(registry.login('thu.pham', 'không phải mật khẩu', { now: T0 }));
      const since = await lastEventId();
      await registry.setOperatorPassword('thu.pham', 'mật khẩu mới của Thu 2026', { now: at(1000), actor: 'operator' });
      expect(await eventsAfter(since)).toEqual([['operator_password', 'operator', 'thu.pham', { sessionsRevoked: 1 }]]);
      expect(await registry.authenticateOperator(token, at(1000))).toBeNull();
      expect(await failure(registry.login('thu.pham', PASSWORD, { now: at(2000) }))).toMatchObject({ code: 'login_failed' });
      expect((await registry.login('thu.pham', 'mật khẩu mới của Thu 2026', { now: at(3000) })).username).toBe('thu.pham');
      expect(await failure(registry.setOperatorPassword('thu.pham', 'ngắn', { now: T0 }))).toMatchObject({ code: 'password_weak' });
      expect(await failure(registry.setOperatorPassword('khong.co', PASSWORD, { now: T0 }))).toMatchObject({ code: 'operator_unknown' });
    });

    it('disabling ends the sessions at once, refuses every later login, and happens once', async () => {
      await registry.addOperator({ username: 'an.do', displayName: 'Đỗ An', password: PASSWORD }, { now: T0 });
      const { token } = await registry.login('an.do', PASSWORD, { now: T0 });
      const since = await lastEventId();
      await registry.disableOperator('AN.DO', { now: at(1000), actor: 'operator:lan.nguyen' });
      await registry.disableOperator('an.do', { now: at(2000) });
      expect(await eventsAfter(since)).toEqual([['operator_disable', 'operator:lan.nguyen', 'an.do', { sessionsRevoked: 1 }]]);
      expect(await registry.authenticateOperator(token, at(1000))).toBeNull();
      expect(await failure(registry.login('an.do', PASSWORD, { now: at(3000) }))).toMatchObject({ code: 'login_failed' });
      expect(await failure(registry.disableOperator('khong.co'))).toMatchObject({ code: 'operator_unknown' });
    });

    it('redoes a hash made with older parameters at the next successful login', async () => {
      await registry.addOperator({ username: 'cu.hash', displayName: 'Hash cũ', password: PASSWORD }, { now: T0 });
      await database.query('update operators set password_hash = $1 where username = $2', [await hashPassword(PASSWORD, { N: 2 ** 14, r: 8, p: 1 }), 'cu.hash']);
      await registry.login('cu.hash', PASSWORD, { now: T0 });
      const [row] = await database.query<{ password_hash: string }>('select password_hash from operators where username = $1', ['cu.hash']);
      expect(row!.password_hash.startsWith('scrypt$32768$8$1$')).toBe(true);
      expect((await registry.login('cu.hash', PASSWORD, { now: T0 })).username).toBe('cu.hash');
    });

    it('keeps the audit chain intact through all of it', async () => {
      expect(await registry.verifyAuditChain()).toMatchObject({ ok: true });
    });
  });
});
