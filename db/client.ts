// Opens the registry database: PGlite (embedded, a data folder or memory) or PostgreSQL via node-postgres,
// both as one drizzle type with one schema, migrated on open. Driver differences stay in this file.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** The drizzle instance, typed the same whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: the same query builder, bound to one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  readonly db: Db;
  readonly driver: 'pglite' | 'postgres';
  /** Tags of the migrations this open applied (none when the schema was current or `migrate` was false). */
  readonly migrated: readonly string[];
  /** Raw SQL with $1… parameters → plain rows, the same shape on both drivers (operators, tests). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Streaming replicas (DATABASE_READ_URL) for lookups and pages; none on PGlite or without read URLs. */
  readonly replicas: readonly ReadReplica[];
  close(): Promise<void>;
}

/** A hot standby of the primary: the same schema, read only, some milliseconds behind. */
export interface ReadReplica {
  readonly db: Db;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface OpenOptions {
  /** `postgres://…`: use PostgreSQL. */
  readonly url?: string;
  /** PGlite data folder; neither url nor dataDir → PGlite in memory. */
  readonly dataDir?: string;
  /**
   * Apply pending migrations (the default), or only check that none is pending: a server connecting as a role that
   * may read and write rows but not change the schema (docs/SECURITY.md) migrates nothing and must find it current.
   */
  readonly migrate?: boolean;
  /** Streaming replicas of `url` (parseReadUrls of DATABASE_READ_URL); PostgreSQL only. */
  readonly readUrls?: readonly string[];
  /** Told every statement sent to the primary through drizzle (tests count a push's round trips with it). */
  readonly logger?: Logger;
  /**
   * PGlite in memory: start from this dump of a data folder (`PGlite#dumpDataDir`) instead of an empty database.
   * The test suite starts each database from one migrated dump instead of migrating hundreds of times.
   */
  readonly loadDataDir?: Blob;
}

/** The database lacks migrations this build has; the owner role applies them with `hocba migrate`. */
export class SchemaNotCurrentError extends Error {
  readonly pending: readonly string[];
  constructor(pending: readonly string[]) {
    super(`the database schema lacks ${pending.length} migration(s): ${pending.join(', ')}`);
    this.name = 'SchemaNotCurrentError';
    this.pending = pending;
  }
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 7_240_001;

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const migrate = options.migrate ?? true;
  const readUrls = options.readUrls ?? [];
  const logger = options.logger ? { logger: options.logger } : {};
  if (options.url !== undefined && POSTGRES_URL.test(options.url)) return openPostgres(options.url, migrate, readUrls, logger);
  if (options.url !== undefined) throw new Error(`unsupported database URL scheme: ${options.url.split(':')[0]}`);
  // An embedded database has no standby: a read URL beside it would be a replica of some other registry.
  if (readUrls.length > 0) throw new Error('DATABASE_READ_URL names replicas of a PostgreSQL primary: set DATABASE_URL too');
  return openPglite(options.dataDir, migrate, logger, options.loadDataDir);
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

interface JournalEntry {
  readonly tag: string;
  readonly when: number;
}

/** This build's migrations, oldest first, as drizzle-kit's journal lists them. */
function knownMigrations(): JournalEntry[] {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

/**
 * The migrations the database has not applied, by drizzle's own rule: those newer than the last one applied.
 * A database without drizzle's journal table has applied none.
 */
async function pendingMigrations(lastApplied: () => Promise<number | null>): Promise<string[]> {
  let last: number | null;
  try {
    last = await lastApplied();
  } catch (error) {
    // 42P01: no such table, 3F000: no such schema (an empty database).
    if (['42P01', '3F000'].includes((error as { code?: string }).code ?? '')) last = null;
    else throw error;
  }
  return knownMigrations().filter((entry) => last === null || entry.when > last).map((entry) => entry.tag);
}

const LAST_APPLIED = 'select max(created_at)::text as last from drizzle.__drizzle_migrations';

/** `db.execute()` answers `{ rows }` on both drivers (an array on drivers that return one). */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** PostgreSQL's type oid of bytea. */
const BYTEA_OID = 17;

/**
 * bytea for PGlite (issue 14). Its own codec builds one string per byte and parses two characters at a time: 2.5–2.9 ms
 * per 29 KB record row, 45 % of PGlite's main thread at ingest. A parameter goes as the bytes themselves: PGlite's Bind
 * sends an ArrayBuffer view in binary format (bytearecv, a copy), where hex text was encoded here, measured and
 * UTF-8-encoded again by PGlite and decoded by byteain inside the WASM (bytea.test.ts round-trips every byte value,
 * which fails if PGlite ever sends the bytes as text). A result comes as hex text, read with Node's hex codec.
 */
export const pgliteBytea = {
  serialize(value: unknown): Uint8Array {
    if (!(value instanceof Uint8Array)) throw new TypeError('bytea parameter must be a Uint8Array');
    return value;
  },
  parse(text: string): Uint8Array {
    // A fresh ArrayBuffer of the exact length (not a slice of Node's shared pool: callers may transfer it).
    const bytes = new Uint8Array((text.length - 2) >>> 1);
    Buffer.from(bytes.buffer).write(text.slice(2), 'hex');
    return bytes;
  },
};

/** PGlite's options for bytea (pgliteBytea), for every PGlite the project opens. */
export function pgliteCodecs() {
  return {
    // PGlite types serializers as giving text; an ArrayBuffer view is what its Bind sends in binary (pgliteBytea).
    serializers: { [BYTEA_OID]: (value: unknown) => pgliteBytea.serialize(value) as unknown as string },
    parsers: { [BYTEA_OID]: (text: string) => pgliteBytea.parse(text) },
  };
}

async function openPglite(dataDir: string | undefined, migrate: boolean, logger: { logger?: Logger }, loadDataDir: Blob | undefined): Promise<Database> {
  const options = { ...pgliteCodecs(), ...(loadDataDir ? { loadDataDir } : {}) };
  const client = dataDir === undefined ? new PGlite(options) : new PGlite(dataDir, options);
  await client.waitReady;
  const db = drizzlePglite(client, { schema, ...logger });
  let pending: string[];
  try {
    pending = await pendingMigrations(async () => lastOf((await client.query<{ last: string | null }>(LAST_APPLIED)).rows));
    if (pending.length > 0 && !migrate) throw new SchemaNotCurrentError(pending);
    if (pending.length > 0) await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    await client.close();
    throw error;
  }
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    migrated: migrate ? pending : [],
    async query<T>(text: string, params: unknown[] = []) {
      return (await client.query<T>(text, params)).rows;
    },
    replicas: [],
    close: () => client.close(),
  };
}

async function openPostgres(url: string, migrate: boolean, readUrls: readonly string[], logger: { logger?: Logger }): Promise<Database> {
  const migrated = await migratePostgresOnce(url, migrate);
  const pool = openPool(url, 10_000);
  // A replica is not reached at open: one that is down when the process starts is only skipped (read-path.ts).
  // A short connect wait, because a lookup that finds its replica away goes on to the primary.
  const replicaPools = readUrls.map((readUrl) => {
    if (!POSTGRES_URL.test(readUrl)) throw new Error(`unsupported read replica URL scheme: ${readUrl.split(':')[0]}`);
    return openPool(readUrl, 2_000);
  });
  return {
    db: drizzlePostgres(pool, { schema, ...logger }) as unknown as Db,
    driver: 'postgres',
    migrated,
    async query<T>(text: string, params: unknown[] = []) {
      return (await pool.query(text, params)).rows as T[];
    },
    replicas: replicaPools.map((replica) => ({
      db: drizzlePostgres(replica, { schema }) as unknown as Db,
      async query<T>(text: string, params: unknown[] = []) {
        return (await replica.query(text, params)).rows as T[];
      },
    })),
    async close() {
      await Promise.all([pool.end(), ...replicaPools.map((replica) => replica.end())]);
    },
  };
}

function openPool(url: string, connectionTimeoutMillis: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis });
  // A connection lost while idle is reported on the pool, one lost while checked out (inside a transaction) on
  // its client. Without a listener either 'error' event would end the process; the query in flight is rejected
  // anyway (the request answers 503) and the pool drops the broken client when it is released.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

// Several processes may start together on one PostgreSQL (SPEC §3): a session advisory lock on a
// single connection makes exactly one of them apply pending migrations while the others wait. Without
// `migrate`, nothing is locked or changed: the schema only has to be current.
async function migratePostgresOnce(url: string, migrate: boolean): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    const pending = () => pendingMigrations(async () => lastOf((await client.query<{ last: string | null }>(LAST_APPLIED)).rows));
    if (!migrate) {
      const missing = await pending();
      if (missing.length > 0) throw new SchemaNotCurrentError(missing);
      return [];
    }
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applying = await pending();
    if (applying.length > 0) await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    return applying;
  } finally {
    await client.end();
  }
}

function lastOf(rows: { last: string | null }[]): number | null {
  const last = rows[0]?.last;
  return last === null || last === undefined ? null : Number(last);
}
