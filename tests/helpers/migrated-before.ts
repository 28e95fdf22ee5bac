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
import { MIGRATIONS_FOLDER, pgliteCodecs, type Db, type OpenOptions } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';
import { createFreshDatabase } from './database.ts';

export const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };

/** A migrations folder holding only the first `count` migrations and their journal; remove it when done. */
export function migrationsFolderBefore(count: number): string {
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
  close(): Promise<void>;
  /** How openDatabase reaches the same database afterwards (which migrates it to the end). */
  readonly options: OpenOptions;
  drop(): Promise<void>;
}

/** A database of the given kind migrated with the migrations of `folder` only (migrationsFolderBefore). */
export async function openMigratedBefore(kind: 'pglite' | 'postgres', folder: string): Promise<MigratedBefore> {
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'hocba-pglite-before-'));
    const client = new PGlite(dataDir, pgliteCodecs());
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder: folder });
    return {
      db: db as unknown as Db, options: { dataDir },
      query: async <T>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows,
      close: () => client.close(),
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const fresh = await createFreshDatabase('hocba_test_before');
  const pool = new pg.Pool({ connectionString: fresh.url, max: 2 });
  const db = drizzlePostgres(pool, { schema });
  await migratePostgres(db, { migrationsFolder: folder });
  return {
    db: db as unknown as Db, options: { url: fresh.url },
    query: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    close: () => pool.end(),
    drop: fresh.drop,
  };
}

/** Backup lines as restore reads them. */
export async function* linesOf(lines: string[]): AsyncGenerator<string> {
  yield* lines;
}
