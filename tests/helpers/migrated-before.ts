// A database of either kind migrated only up to an earlier migration, for tests of what a later migration does to a
// database that already holds rows (drop-xml-migration, report-json-migration).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { MIGRATIONS_FOLDER, openDatabase, pgliteCodecs, type Database, type Db, type OpenOptions } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';
import { createFreshDatabase } from './database.ts';

export const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };

/** A migrations folder holding only the first `count` migrations and their journal. */
function migrationsFolderBefore(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), `hocba-migrations-${count}-`));
  mkdirSync(join(dir, 'meta'));
  const entries = journal.entries.slice(0, count);
  for (const entry of entries) cpSync(join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), join(dir, `${entry.tag}.sql`));
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
  return dir;
}

export interface MigratedBefore {
  readonly db: Db;
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** Every row of `table` in `source` (as to_jsonb reads it), each through `row`, inserted here. */
  copyRows(source: Database, table: string, row?: (value: Record<string, unknown>) => Record<string, unknown>): Promise<void>;
  /** Closes this connection and opens the same database with openDatabase, which applies every later migration. */
  migrate(): Promise<Database>;
  /** Removes the database (or its data folder); close what `migrate` opened first. */
  drop(): Promise<void>;
}

/** A database of the given kind with only its first `count` migrations applied. */
export async function openMigratedBefore(kind: 'pglite' | 'postgres', count: number): Promise<MigratedBefore> {
  const folder = migrationsFolderBefore(count);
  try {
    return kind === 'pglite' ? await pgliteBefore(folder) : await postgresBefore(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

type Opened = Pick<MigratedBefore, 'db' | 'query' | 'drop'> & { readonly options: OpenOptions; close(): Promise<void> };

async function pgliteBefore(folder: string): Promise<MigratedBefore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hocba-pglite-before-'));
  const client = new PGlite(dataDir, pgliteCodecs());
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: folder });
  return withHelpers({
    db: db as unknown as Db, options: { dataDir },
    query: async <T>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows,
    close: () => client.close(),
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  });
}

async function postgresBefore(folder: string): Promise<MigratedBefore> {
  const fresh = await createFreshDatabase('hocba_test_before');
  const pool = new pg.Pool({ connectionString: fresh.url, max: 2 });
  const db = drizzlePostgres(pool, { schema });
  await migratePostgres(db, { migrationsFolder: folder });
  return withHelpers({
    db: db as unknown as Db, options: { url: fresh.url },
    query: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    close: () => pool.end(),
    drop: fresh.drop,
  });
}

function withHelpers(opened: Opened): MigratedBefore {
  return {
    db: opened.db,
    query: opened.query,
    drop: opened.drop,
    async copyRows(source, table, row = (value) => value) {
      const rows = await source.query<{ row: Record<string, unknown> }>(`select to_jsonb(t) as row from ${table} t`);
      await opened.query(`insert into ${table} select * from jsonb_populate_recordset(null::${table}, $1::jsonb)`, [JSON.stringify(rows.map((found) => row(found.row)))]);
    },
    async migrate() {
      await opened.close();
      return openDatabase(opened.options);
    },
  };
}

/** Backup lines as restore reads them. */
export async function* linesOf(lines: string[]): AsyncGenerator<string> {
  yield* lines;
}
