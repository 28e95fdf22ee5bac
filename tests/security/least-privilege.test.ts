// Least privilege on PostgreSQL: the owner applies the schema with `hocba migrate`; the real `hocba serve
// --no-migrate` then runs as the row-only role of db/app-role.sql and does all its work (operator setup, pushes,
// lookups, PDF copies, a recall), while a server that would need a migration refuses to start.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry } from '../../api/index.ts';
import { TEST_POSTGRES_URL, withClient } from '../helpers/database.ts';
import { enrolFixtures, makeFixtures, SCHOOLS, type Fixtures } from '../helpers/signed-records.ts';
import { spawnServe } from '../helpers/serve.ts';
import { createFreshDatabase, runHocba, type FreshDatabase } from './support/processes.ts';

const APP_ROLE_SQL = readFileSync(new URL('../../db/app-role.sql', import.meta.url), 'utf8');
const MIGRATIONS = (JSON.parse(readFileSync(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: { tag: string }[] }).entries.map((entry) => entry.tag);

const serveNoMigrate = (url: string) => spawnServe(['--no-migrate', '--port', '0', '--workers', '1', '--log-level', 'silent'], { DATABASE_URL: url });

describe('the server as a row-only database role (hocba migrate + serve --no-migrate)', () => {
  let fresh: FreshDatabase;
  let fx: Fixtures;
  let role: string;
  let roleUrl: string;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    fresh = await createFreshDatabase('hocba_leastpriv');
    fx = await makeFixtures();
    role = `hocba_app_${randomBytes(5).toString('hex')}`;
    const url = new URL(fresh.url);
    url.username = role;
    roleUrl = url.toString();
  }, 60_000);
  afterAll(async () => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    await fresh?.drop();
    await withClient(TEST_POSTGRES_URL, (admin) => admin.query(`drop role if exists ${role}`));
  });

  it('refuses to serve an empty database without migrating it, and says what to run', async () => {
    const refused = await serveNoMigrate(fresh.url);
    expect('code' in refused && refused.code).toBe(1);
    const { output } = refused as { output: string };
    expect(output).toContain('[schema_not_current]');
    expect(output).toContain('hocba migrate');
    expect(output).toContain(MIGRATIONS.at(-1)!);
    // Nothing was created: no migration journal, no table.
    expect(await withClient(fresh.url, async (client) => (await client.query(`select count(*)::int as n from pg_tables where schemaname in ('public', 'drizzle')`)).rows[0])).toEqual({ n: 0 });
  });

  it('migrates as the owner: every migration once, then nothing to do', async () => {
    const first = await runHocba(['migrate'], { DATABASE_URL: fresh.url });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`applied ${MIGRATIONS.length} migration(s)`);
    for (const tag of MIGRATIONS) expect(first.stdout).toContain(tag);
    const again = await runHocba(['migrate'], { DATABASE_URL: fresh.url });
    expect([again.code, again.stdout]).toEqual([0, expect.stringContaining('schema already current')]);
    await withClient(fresh.url, (owner) => owner.query(APP_ROLE_SQL.replaceAll('hocba_app', role)));
  });

  it('serves everything as the row-only role: operator setup, a push, a lookup, a PDF copy and a recall', async () => {
    // Operator setup through the registry, connected as the same role.
    const opened = await openRegistry({ url: roleUrl, migrate: false });
    let token: string;
    try {
      expect(opened.migrated).toEqual([]);
      token = (await enrolFixtures(opened.registry, fx, [SCHOOLS.a])).get(SCHOOLS.a.code)!;
    } finally {
      await opened.close();
    }
    const started = await serveNoMigrate(roleUrl);
    if (!('url' in started)) throw new Error(`serve --no-migrate did not start: ${started.output}`);
    server = started.child;
    const base = started.url;
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const pushed = await fetch(`${base}/api/v1/packages`, { method: 'POST', headers: auth, body: JSON.stringify({ packages: [await fx.packaged(SCHOOLS.a, 71_001), await fx.packaged(SCHOOLS.a, 71_002)] }) });
    const { results } = await pushed.json() as { results: { status: string; lookupCode: string; errors?: unknown }[] };
    expect(results.map((result) => result.status), JSON.stringify(results)).toEqual(['accepted', 'accepted']);
    const code = results[0]!.lookupCode;
    expect((await fetch(`${base}/api/v1/records/${code}`)).status).toBe(200);
    const pdf = await fetch(`${base}/api/v1/records/${code}/pdf`);
    expect([pdf.status, pdf.headers.get('x-copy-number')]).toEqual([200, '1']);
    const recalled = await fetch(`${base}/api/v1/records/${code}/recall`, { method: 'POST', headers: auth, body: JSON.stringify({ reason: 'Nhập sai điểm môn Toán' }) });
    expect(recalled.status).toBe(200);
    expect(await (await fetch(`${base}/api/v1/records/${code}`)).json()).toMatchObject({ status: 'recalled' });
    // The journal the role wrote is intact, and the role still cannot touch the schema.
    const audit = await runHocba(['audit', 'verify'], { DATABASE_URL: roleUrl });
    expect([audit.code, audit.stdout]).toEqual([0, expect.stringContaining('audit chain intact')]);
    const refusal = await withClient(roleUrl, (client) => client.query('alter table records disable trigger all').then(() => 'done', (error: { code?: string }) => error.code));
    expect(refusal).toBe('42501');
  });
});
