// The databases every integration suite runs on: PGlite in memory and a fresh PostgreSQL database per test file.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type OpenOptions } from '../../db/client.ts';

export interface DatabaseUnderTest {
  readonly name: 'pglite' | 'postgres';
  /** A fresh, migrated database; its `close()` also drops what `open` created. */
  open(options?: Pick<OpenOptions, 'logger'>): Promise<Database>;
}

/** Server used to create the throw-away databases (override with HOCBA_TEST_POSTGRES_URL). */
export const TEST_POSTGRES_URL = process.env.HOCBA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** `describe.each(databasesUnderTest())`; HOCBA_TEST_DATABASES=pglite (or postgres) narrows the list. */
export function databasesUnderTest(): DatabaseUnderTest[] {
  const all: DatabaseUnderTest[] = [
    { name: 'pglite', open: (options = {}) => openDatabase(options) },
    { name: 'postgres', open: openFreshPostgres },
  ];
  const only = process.env.HOCBA_TEST_DATABASES?.split(',').map((name) => name.trim()).filter(Boolean);
  return only && only.length > 0 ? all.filter((entry) => only.includes(entry.name)) : all;
}

export interface FreshDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** An empty database on the test server, named at random so parallel files and runs never collide. */
export async function createFreshDatabase(prefix = 'hocba_test'): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withClient(TEST_POSTGRES_URL, (admin) => admin.query(`create database "${name}"`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await withClient(TEST_POSTGRES_URL, (admin) => admin.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** One connection for the length of `work` (administration, or acting as a given role), always closed. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // A terminated connection is also reported as an 'error' event; the query in flight rejects anyway.
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// One database per test file and run; closing it also drops it.
async function openFreshPostgres(options: Pick<OpenOptions, 'logger'> = {}): Promise<Database> {
  const fresh = await createFreshDatabase();
  const database = await openDatabase({ ...options, url: fresh.url });
  return {
    ...database,
    async close() {
      await database.close();
      await fresh.drop();
    },
  };
}

/** SQLSTATE of a database error, wherever a driver or drizzle wrapped it. */
export function sqlStateOf(error: unknown): string | undefined {
  for (let at: unknown = error; at !== null && typeof at === 'object'; at = (at as { cause?: unknown }).cause) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
