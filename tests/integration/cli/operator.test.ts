// `hocba operator add|passwd|disable` through the real binary, on a PGlite folder and on PostgreSQL: the password
// comes from standard input (or is generated and printed once), and the account then logs in — or no longer does.
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/client.ts';
import { isHocbaError } from '../../../api/errors.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import { createFreshDatabase, type FreshDatabase } from '../../helpers/database.ts';
import { runHocba, type CliResult } from '../../helpers/hocba.ts';

const PASSWORD = 'Mật khẩu của Lan ở Sở 2026';


/** Runs `hocba ARGS`; `input` is piped to standard input, or standard input is closed (/dev/null) when undefined. */
function hocba(args: string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  return runHocba(args, { LC_ALL: 'C.UTF-8', ...env }, input === undefined ? {} : { input });
}

interface Target {
  readonly name: string;
  setUp(): Promise<{ args: string[]; env: Record<string, string>; url?: string; dataDir?: string; drop(): Promise<void> }>;
}

const TARGETS: Target[] = [
  {
    name: 'a PGlite folder',
    async setUp() {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'hocba-operator-cli-')), 'data');
      return { args: ['--data', dataDir], env: { DATABASE_URL: '' }, dataDir, drop: async () => {} };
    },
  },
  {
    name: 'PostgreSQL',
    async setUp() {
      const fresh: FreshDatabase = await createFreshDatabase('hocba_cli');
      return { args: [], env: { DATABASE_URL: fresh.url }, url: fresh.url, drop: () => fresh.drop() };
    },
  },
];

describe.each(TARGETS)('hocba operator on $name', (target) => {
  let where: Awaited<ReturnType<Target['setUp']>>;
  const run = (args: string[], input?: string) => hocba([...args, ...where.args], where.env, input);

  /** Logs in against the same database the commands used (opened only while no command runs). */
  async function loginCode(username: string, password: string): Promise<string> {
    const database = await openDatabase(where.url ? { url: where.url } : { dataDir: where.dataDir! });
    try {
      const { registry } = wireRegistry(database);
      await registry.login(username, password);
      return 'ok';
    } catch (error) {
      return isHocbaError(error) ? error.code : String(error);
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    where = await target.setUp();
  });
  afterAll(async () => {
    await where?.drop();
  });

  it('adds an account with the password piped on standard input, and never prints it', async () => {
    const added = await run(['operator', 'add', '--username', 'Lan.Nguyen', '--name', 'Nguyễn Thị Lan'], `${PASSWORD}\n`);
    expect(added).toEqual({ code: 0, stdout: 'operator lan.nguyen added (Nguyễn Thị Lan)\n', stderr: '' });
    expect(await loginCode('lan.nguyen', PASSWORD)).toBe('ok');
    expect(await loginCode('lan.nguyen', `${PASSWORD}\n`)).toBe('login_failed');
    const again = await run(['operator', 'add', '--username', 'lan.nguyen', '--name', 'Người khác'], `${PASSWORD}\n`);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('[operator_exists]')]);
  });

  it('generates a strong password when none is piped, and prints it once', async () => {
    const added = await run(['operator', 'add', '--username', 'bao.tran', '--name', 'Trần Quốc Bảo', '--json']);
    expect(added.code).toBe(0);
    const shown = JSON.parse(added.stdout) as { username: string; displayName: string; password: string };
    expect(shown).toMatchObject({ username: 'bao.tran', displayName: 'Trần Quốc Bảo', password: expect.stringMatching(/^([a-z2-9]{5}-){4}[a-z2-9]{5}$/) });
    expect(added.stderr).toContain('ONCE');
    expect(await loginCode('bao.tran', shown.password)).toBe('ok');
  });

  it('sets a new password from standard input: the old one stops working', async () => {
    const changed = await run(['operator', 'passwd', '--username', 'lan.nguyen'], 'Một mật khẩu mới hoàn toàn\n');
    expect(changed).toEqual({ code: 0, stdout: 'password of lan.nguyen changed; its sessions are ended\n', stderr: '' });
    expect(await loginCode('lan.nguyen', PASSWORD)).toBe('login_failed');
    expect(await loginCode('lan.nguyen', 'Một mật khẩu mới hoàn toàn')).toBe('ok');
  });

  it('refuses a weak password with password_weak on stderr and exit 1, changing nothing', async () => {
    const weak = await run(['operator', 'passwd', '--username', 'lan.nguyen'], 'lan.nguyen\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/^hocba operator passwd: \[password_weak\]/);
    expect(weak.stdout).toBe('');
    expect(await loginCode('lan.nguyen', 'Một mật khẩu mới hoàn toàn')).toBe('ok');
  });

  it('disables an account: it cannot log in any more; an unknown account is an error', async () => {
    expect(await run(['operator', 'disable', '--username', 'bao.tran'])).toEqual({ code: 0, stdout: 'operator bao.tran disabled\n', stderr: '' });
    expect(await loginCode('bao.tran', 'anything at all here')).toBe('login_failed');
    const unknown = await run(['operator', 'disable', '--username', 'khong.co.ai']);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('[operator_unknown]')]);
  });

  it('journals each command as the account that ran it on this host, or as the HOCBA_ACTOR it names', async () => {
    const named = await hocba(['operator', 'add', '--username', 'chi.pham', '--name', 'Phạm Thị Chi', ...where.args],
      { ...where.env, HOCBA_ACTOR: 'nguyen.van.an' }, `${PASSWORD}\n`);
    expect(named.code, named.stderr).toBe(0);
    const database = await openDatabase(where.url ? { url: where.url } : { dataDir: where.dataDir! });
    try {
      const rows = await database.query<{ kind: string; subject: string; actor: string }>(
        `select kind, subject, actor from events where kind in ('operator_add', 'operator_password', 'operator_disable') order by id`);
      const me = `cli:${userInfo().username}@${hostname()}`;
      expect(rows).toContainEqual({ kind: 'operator_add', subject: 'lan.nguyen', actor: me });
      expect(rows).toContainEqual({ kind: 'operator_password', subject: 'lan.nguyen', actor: me });
      expect(rows).toContainEqual({ kind: 'operator_disable', subject: 'bao.tran', actor: me });
      expect(rows).toContainEqual({ kind: 'operator_add', subject: 'chi.pham', actor: `cli:nguyen.van.an@${hostname()}` });
      expect(rows.filter((row) => !row.actor.startsWith('cli:'))).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('explains its usage: --help, a missing --username, a password given as an argument', async () => {
    const help = await run(['operator', 'add', '--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('standard input')]);
    const missing = await run(['operator', 'passwd'], `${PASSWORD}\n`);
    expect([missing.code, missing.stderr]).toEqual([64, expect.stringContaining('--username is required')]);
    const inline = await run(['operator', 'add', '--username', 'x.y.z', '--name', 'X', PASSWORD]);
    expect([inline.code, inline.stderr]).toEqual([64, expect.stringContaining('never from the command line')]);
    expect(inline.stderr).not.toContain(PASSWORD);
  });
});
