// The backup file (JSON lines): a header, every row of every table in restore order with bytea as base64, and a
// trailer with row counts, the audit head and a SHA-256 over all lines before it. Shared by backup and restore.
import { createHash, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_FOLDER, rowsOf, type Db, type Tx } from '../../db/client.ts';
import { HocbaError } from '../errors.ts';

export const BACKUP_FORMAT = 'hocba-backup/2';
/**
 * The format before migration 0012 dropped `records.xml` (issue 14): its records lines carry the XML beside the
 * package. Restore still reads it, into the schema just after that migration (restore.ts).
 */
export const BACKUP_FORMAT_WITH_XML = 'hocba-backup/1';
/** How many migrations a database had while records still held `xml`: 0000 to 0011. */
export const MIGRATIONS_WITH_XML = 12;
/**
 * The migrations since then that a hocba-backup/1 file still fits: 0012 dropped `records.xml` (restore checks each
 * line's XML against its package, then drops it); 0013 only added an event kind and two nullable columns of
 * `submissions` (a refusal restored from such a file has no grade: "grade unknown" on the console).
 */
export const MIGRATIONS_OLDER_BACKUPS_FIT: readonly string[] = ['0012_records_drop_xml', '0013_school_tokens_refusal_grades'];
/**
 * Migrations that change how a column's values are kept, never which values a backup's lines hold, so a backup of
 * either format taken before one of them still restores after it: 0014 keeps `records.report` as json instead of
 * jsonb (the same JSON value), the package without TOAST compression and the report with lz4 where the server has it.
 */
export const MIGRATIONS_STORAGE_ONLY: readonly string[] = ['0014_records_report_json'];

/** How `__drizzle_migrations` names a migration (what a backup's header lists): the SHA-256 of its SQL file. */
export function migrationHash(tag: string): string {
  return createHash('sha256').update(readFileSync(join(MIGRATIONS_FOLDER, `${tag}.sql`)).toString()).digest('hex');
}

export interface TableSpec {
  readonly name: string;
  /** The single-column key rows are paged and ordered by. */
  readonly key: string;
  /** Has a bigserial `id` whose sequence must follow the restored rows. */
  readonly serial: boolean;
}

/** Every table, parents before children (foreign keys), so restore inserts in this order. */
export const TABLES: readonly TableSpec[] = [
  { name: 'schools', key: 'code', serial: false },
  { name: 'school_certificates', key: 'id', serial: true },
  { name: 'school_tokens', key: 'id', serial: true },
  { name: 'trusted_cas', key: 'fingerprint', serial: false },
  { name: 'crls', key: 'id', serial: true },
  { name: 'lock_dates', key: 'school_year', serial: false },
  { name: 'late_windows', key: 'id', serial: true },
  { name: 'transfers', key: 'id', serial: true },
  { name: 'transfer_proposals', key: 'id', serial: true },
  { name: 'expected_counts', key: 'id', serial: true },
  { name: 'operators', key: 'username', serial: false },
  { name: 'operator_sessions', key: 'id', serial: true },
  { name: 'records', key: 'lookup_code', serial: false },
  { name: 'pdf_copies', key: 'id', serial: true },
  { name: 'submissions', key: 'id', serial: true },
  { name: 'events', key: 'id', serial: true },
  // Lookups (issue 13): append-only, pruned past the retention period.
  { name: 'access_log', key: 'id', serial: true },
  // The transparency log (docs/log.md): its queue, entries, tree nodes and signed checkpoints.
  { name: 'log_pending', key: 'id', serial: true },
  { name: 'log_entries', key: 'idx', serial: false },
  { name: 'log_nodes', key: 'id', serial: false },
  { name: 'log_checkpoints', key: 'size', serial: false },
  // Forwarding (issue 19): a national instance's province accounts and how far each province's stream is applied.
  { name: 'province_tokens', key: 'id', serial: true },
  { name: 'forward_cursors', key: 'province_code', serial: false },
];

export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT | typeof BACKUP_FORMAT_WITH_XML;
  readonly createdAt: string;
  /** Hashes of the applied migrations, oldest first: a backup restores only into the same schema. */
  readonly migrations: string[];
  readonly tables: string[];
}

export interface BackupTrailer {
  readonly end: true;
  readonly counts: Record<string, number>;
  /** Hash of the last audit event (64 zeros when there is none). */
  readonly auditHead: string;
  /** SHA-256 (hex) of every line before this one, each with its newline. */
  readonly sha256: string;
}

export interface BackupRow {
  readonly table: string;
  readonly row: Record<string, unknown>;
}

type Runner = Db | Tx;

export async function queryRows<T = Record<string, unknown>>(db: Runner, query: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}

export async function loadMigrations(db: Runner): Promise<string[]> {
  const rows = await queryRows<{ hash: string }>(db, sql`select hash from drizzle.__drizzle_migrations order by created_at, id`);
  return rows.map((row) => row.hash);
}

/** bytea columns per table, read from the database itself so that a new column is never missed. */
export async function loadByteaColumns(db: Runner): Promise<Map<string, string[]>> {
  const rows = await queryRows<{ table_name: string; column_name: string }>(db, sql`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and data_type = 'bytea' order by table_name, ordinal_position`);
  const found = new Map<string, string[]>();
  for (const row of rows) found.set(row.table_name, [...(found.get(row.table_name) ?? []), row.column_name]);
  return found;
}

/** Refuses a database with a table this format does not know: a backup must never silently leave data out. */
export async function assertKnownTables(db: Runner): Promise<void> {
  const rows = await queryRows<{ table_name: string }>(db, sql`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
  const known = new Set(TABLES.map((table) => table.name));
  const unknown = rows.map((row) => row.table_name).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new HocbaError('backup_schema_mismatch', { params: { detail: `unknown tables: ${unknown.join(', ')}` } });
}

/** A running SHA-256 over the lines written or read so far. */
export function lineHasher(): { add(line: string): void; hex(): string; hash: Hash } {
  const hash = createHash('sha256');
  return { hash, add: (line) => void hash.update(`${line}\n`, 'utf8'), hex: () => hash.copy().digest('hex') };
}

/** PostgreSQL's bytea text form (`\x…`) as base64, and back. */
export function hexToBase64(value: string): string {
  return Buffer.from(value.slice(2), 'hex').toString('base64');
}

export function base64ToHex(value: string): string {
  return `\\x${Buffer.from(value, 'base64').toString('hex')}`;
}
