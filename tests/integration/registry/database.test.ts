import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MIGRATIONS_FOLDER, openDatabase, SchemaNotCurrentError, type OpenOptions } from '../../../db/client.ts';
import { schools } from '../../../db/schema/index.ts';
import { createFreshDatabase, TEST_POSTGRES_URL, withClient } from '../../helpers/database.ts';

/** Every migration of the journal, applied exactly once. */
const TAGS = (JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as { entries: { tag: string }[] }).entries.map((entry) => entry.tag);
const MIGRATIONS = TAGS.length;

async function refusal(options: OpenOptions): Promise<unknown> {
  return openDatabase(options).then(async (database) => {
    await database.close();
    return 'opened';
  }, (error: unknown) => error);
}

describe('openDatabase', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  describe('with a PGlite data folder', () => {
    it('keeps the data across a close and reopen, migrating only once', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'hocba-pglite-'));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      const first = await openDatabase({ dataDir });
      await first.db.insert(schools).values({ code: '01000101', name: 'A', provinceCode: '01', createdAt: new Date() });
      await first.close();
      const again = await openDatabase({ dataDir });
      expect(await again.db.select({ code: schools.code }).from(schools)).toEqual([{ code: '01000101' }]);
      expect(await again.query('select count(*)::int as n from drizzle.__drizzle_migrations')).toEqual([{ n: MIGRATIONS }]);
      await again.close();
    });
  });

  describe('with PostgreSQL', () => {
    it('lets processes that start together on one empty database migrate it once', async () => {
      const name = `hocba_test_open_${Date.now()}`;
      await withClient(TEST_POSTGRES_URL, (admin) => admin.query(`create database "${name}"`));
      cleanups.push(() => withClient(TEST_POSTGRES_URL, (admin) => admin.query(`drop database if exists "${name}" with (force)`)).then(() => {}));
      const url = new URL(TEST_POSTGRES_URL);
      url.pathname = `/${name}`;
      const opened = await Promise.all([1, 2, 3].map(() => openDatabase({ url: url.toString() })));
      expect(await opened[0]!.query('select count(*)::int as n from drizzle.__drizzle_migrations')).toEqual([{ n: MIGRATIONS }]);
      await Promise.all(opened.map((database) => database.close()));
    });
  });

  describe.each([
    ['a PGlite data folder', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'hocba-pglite-'));
      return { options: { dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
    }],
    ['PostgreSQL', async () => {
      const fresh = await createFreshDatabase('hocba_test_migrate');
      return { options: { url: fresh.url }, drop: fresh.drop };
    }],
  ] as const)('without migrating (%s)', (_name, make) => {
    it('refuses a database that lacks migrations and changes nothing, then opens once it is current', async () => {
      const { options, drop } = await make();
      cleanups.push(drop);
      const empty = await refusal({ ...options, migrate: false });
      expect(empty).toBeInstanceOf(SchemaNotCurrentError);
      expect((empty as SchemaNotCurrentError).pending).toEqual(TAGS);
      // Still empty: the refusal applied nothing, so a migrating open applies every migration.
      const owner = await openDatabase(options);
      expect(owner.migrated).toEqual(TAGS);
      // One migration behind (as after an upgrade of hocba): only the newest is pending.
      const [newest] = await owner.query<{ hash: string; created_at: string }>(
        'delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations) returning hash, created_at::text');
      expect((await refusal({ ...options, migrate: false }) as SchemaNotCurrentError).pending).toEqual([TAGS.at(-1)]);
      await owner.query('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2::bigint)', [newest!.hash, newest!.created_at]);
      await owner.close();
      const server = await openDatabase({ ...options, migrate: false });
      expect(server.migrated).toEqual([]);
      expect(await server.query('select count(*)::int as n from schools')).toEqual([{ n: 0 }]);
      await server.close();
    });
  });

  // drizzle's migrator applies a migration only when its `when` is later than the newest applied one: migrations made
  // on two branches (issue 19's 0009 and issue 20's 0010 were) can be numbered in one order and timed in the other,
  // and then a database at 0009 never gets 0010.
  it('times every migration of the journal later than the one before it, in file order', () => {
    const entries = (JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as { entries: { tag: string; when: number }[] }).entries;
    const late = entries.filter((entry, at) => at > 0 && entry.when <= entries[at - 1]!.when).map((entry) => entry.tag);
    expect(late).toEqual([]);
    expect(entries.map((entry) => entry.tag)).toEqual([...entries.map((entry) => entry.tag)].sort());
  });

  it('refuses a URL it cannot serve', async () => {
    await expect(openDatabase({ url: 'mysql://localhost/hocba' })).rejects.toThrow(/unsupported/);
  });
});
