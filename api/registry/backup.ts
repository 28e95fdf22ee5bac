// `hocba backup`: one consistent snapshot of every table (a read-only REPEATABLE READ transaction), written as
// JSON lines with the exact bytes of every package (its XML is derived from it: stored-xml.ts), the audit chain, and a
// self-checking trailer.
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { GENESIS_HASH } from './audit.ts';
import {
  assertKnownTables, BACKUP_FORMAT, hexToBase64, lineHasher, loadByteaColumns, loadMigrations, queryRows, TABLES,
  type BackupHeader, type BackupTrailer, type TableSpec,
} from './backup-format.ts';

export interface BackupSummary {
  readonly counts: Record<string, number>;
  readonly auditHead: string;
  readonly sha256: string;
}

export interface BackupOptions {
  readonly now?: Date;
  /** Rows read per query; records carry up to a few MB each. */
  readonly pageSize?: number;
}

/** Writes the backup line by line through `write` (which may apply back-pressure by returning a promise). */
export async function backupRegistry(db: Db, write: (line: string) => void | Promise<void>, options: BackupOptions = {}): Promise<BackupSummary> {
  // Every page of every table is read from the same snapshot: a backup taken while schools push is consistent.
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone to 'UTC'`);
    await assertKnownTables(tx);
    const hasher = lineHasher();
    const emit = async (value: unknown) => {
      const line = JSON.stringify(value);
      hasher.add(line);
      await write(`${line}\n`);
    };
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      createdAt: (options.now ?? new Date()).toISOString(),
      migrations: await loadMigrations(tx),
      tables: TABLES.map((table) => table.name),
    };
    await emit(header);
    const bytea = await loadByteaColumns(tx);
    const counts: Record<string, number> = {};
    let auditHead = GENESIS_HASH;
    for (const table of TABLES) {
      counts[table.name] = 0;
      for await (const row of readTable(tx, table, options.pageSize ?? 200)) {
        for (const column of bytea.get(table.name) ?? []) {
          if (typeof row[column] === 'string') row[column] = hexToBase64(row[column]);
        }
        if (table.name === 'events') auditHead = row.hash as string;
        await emit({ table: table.name, row });
        counts[table.name] = (counts[table.name] ?? 0) + 1;
      }
    }
    const trailer: BackupTrailer = { end: true, counts, auditHead, sha256: hasher.hex() };
    await write(`${JSON.stringify(trailer)}\n`);
    return { counts, auditHead, sha256: trailer.sha256 };
  }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/** Rows as PostgreSQL's own JSON (`to_jsonb`): timestamps, jsonb and bytea come back exactly on restore. */
async function* readTable(tx: Tx, table: TableSpec, pageSize: number): AsyncGenerator<Record<string, unknown>> {
  const name = sql.identifier(table.name);
  const key = sql.identifier(table.key);
  let last: unknown = undefined;
  for (;;) {
    const after = last === undefined ? sql`true` : sql`t.${key} > ${last}`;
    const page = await queryRows<{ row: string }>(tx, sql`
      select to_jsonb(t)::text as row from ${name} t where ${after} order by t.${key} limit ${pageSize}`);
    for (const { row } of page) {
      const parsed = JSON.parse(row) as Record<string, unknown>;
      last = parsed[table.key];
      yield parsed;
    }
    if (page.length < pageSize) return;
  }
}
