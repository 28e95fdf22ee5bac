// Once per `vitest run` of the system tests: one migrated database of each kind, which every test database then
// starts from (tests/helpers/database.ts) instead of applying the migrations again — 4–6 s per PGlite and 1–2 s per
// PostgreSQL database on this machine, a few hundred times a run. The migrations themselves are still applied to
// empty databases where that is what a test proves (registry/database.test.ts, least-privilege, backup, CLI tests).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { TestProject } from 'vitest/node';
import { MIGRATIONS_FOLDER, openDatabase } from '../db/client.ts';
import { TEST_POSTGRES_URL, withClient } from './helpers/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A file holding the migrated PGlite data folder, dumped (`dumpDataDir`): what `loadDataDir` takes. */
    pgliteTemplate: string;
    /** A migrated PostgreSQL database on the test server, for `create database … template`. */
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const client = new PGlite();
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  const dump = await client.dumpDataDir('none');
  await client.close();
  const folder = mkdtempSync(join(tmpdir(), 'hocba-test-template-'));
  const dumpFile = join(folder, 'pglite.tar');
  writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', dumpFile);

  const name = `hocba_template_${randomBytes(6).toString('hex')}`;
  await withClient(TEST_POSTGRES_URL, (admin) => admin.query(`create database "${name}"`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  await (await openDatabase({ url: url.toString() })).close();
  project.provide('postgresTemplate', name);
  return async () => {
    rmSync(folder, { recursive: true, force: true });
    await withClient(TEST_POSTGRES_URL, (admin) => admin.query(`drop database if exists "${name}" with (force)`));
  };
}
