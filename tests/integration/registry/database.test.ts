import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MIGRATIONS_FOLDER, openDatabase } from '../../../db/client.ts';
import { schools } from '../../../db/schema/index.ts';
import { TEST_POSTGRES_URL, withClient } from '../../helpers/database.ts';

/** Every migration of the journal, applied exactly once. */
const MIGRATIONS = (JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as { entries: unknown[] }).entries.length;

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

  it('refuses a URL it cannot serve', async () => {
    await expect(openDatabase({ url: 'mysql://localhost/hocba' })).rejects.toThrow(/unsupported/);
  });
});
