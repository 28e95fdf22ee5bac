// Opens the registry database: PGlite (embedded, a data folder or memory) or PostgreSQL via postgres.js,
// both as one drizzle type with one schema, migrated on open. Driver differences stay in this file.
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** The drizzle instance, typed the same whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: the same query builder, bound to one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  readonly db: Db;
  readonly driver: 'pglite' | 'postgres';
  /** Raw SQL with $1… parameters → plain rows, the same shape on both drivers (operators, tests). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** `postgres://…`: use PostgreSQL. */
  readonly url?: string;
  /** PGlite data folder; neither url nor dataDir → PGlite in memory. */
  readonly dataDir?: string;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 7_240_001;

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  if (options.url !== undefined && /^postgres(ql)?:\/\//.test(options.url)) return openPostgres(options.url);
  if (options.url !== undefined) throw new Error(`unsupported database URL scheme: ${options.url.split(':')[0]}`);
  return openPglite(options.dataDir);
}

/** `db.execute()` answers an array on postgres.js and `{ rows }` on PGlite. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  const client = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  await client.waitReady;
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    async query<T>(text: string, params: unknown[] = []) {
      return (await client.query<T>(text, params)).rows;
    },
    close: () => client.close(),
  };
}

async function openPostgres(url: string): Promise<Database> {
  await migratePostgresOnce(url);
  const client = postgres(url, { onnotice: () => {}, max: 10 });
  const db = drizzlePostgres(client, { schema });
  // drizzle makes this client return dates as strings; raw queries get their own client with defaults.
  const raw = postgres(url, { onnotice: () => {}, max: 2 });
  return {
    db: db as unknown as Db,
    driver: 'postgres',
    async query<T>(text: string, params: unknown[] = []) {
      return [...(await raw.unsafe(text, params as postgres.ParameterOrJSON<never>[]))] as T[];
    },
    async close() {
      await Promise.all([client.end(), raw.end()]);
    },
  };
}

// Several processes may start together on one PostgreSQL (SPEC §3): a session advisory lock on a
// single connection makes exactly one of them apply pending migrations while the others wait.
async function migratePostgresOnce(url: string): Promise<void> {
  const client = postgres(url, { onnotice: () => {}, max: 1 });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await client.end();
  }
}
