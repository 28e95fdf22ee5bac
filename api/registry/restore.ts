// `hocba restore`: a backup into an EMPTY database of the same schema, in one transaction that commits only when
// every record's digest (of its package inflated), the audit chain, the row counts and the file's own hash have been
// checked again.
import { sha256Hex } from '../byte-digests.ts';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import type { EventKind } from '../../db/schema/index.ts';
import { HocbaError } from '../errors.ts';
import { GENESIS_HASH, hashEvent, verifyAuditChain } from './audit.ts';
import {
  assertKnownTables, base64ToHex, BACKUP_FORMAT, BACKUP_FORMAT_WITH_XML, lineHasher, loadByteaColumns, loadMigrations, queryRows, TABLES,
  migrationHash, MIGRATIONS_OLDER_BACKUPS_FIT, MIGRATIONS_STORAGE_ONLY, MIGRATIONS_WITH_XML, type BackupHeader, type BackupRow, type BackupTrailer,
} from './backup-format.ts';
import { xmlOfStored } from './stored-xml.ts';

export interface RestoreSummary {
  readonly counts: Record<string, number>;
  readonly auditHead: string;
}

const BATCH_ROWS = 100;
const order = new Map(TABLES.map((table, index) => [table.name, index]));
const unreadable = (detail: string) => new HocbaError('backup_unreadable', { params: { detail } });
const broken = (detail: string) => new HocbaError('backup_integrity', { params: { detail } });

export async function restoreRegistry(db: Db, lines: AsyncIterable<string>): Promise<RestoreSummary> {
  const iterator = lines[Symbol.asyncIterator]();
  const first = (await iterator.next()).value as string | undefined;
  const header = parseLine(first) as BackupHeader;
  if (header?.format !== BACKUP_FORMAT && header?.format !== BACKUP_FORMAT_WITH_XML) throw unreadable(`not ${BACKUP_FORMAT}`);
  const withXml = header.format === BACKUP_FORMAT_WITH_XML;
  const migrations = await loadMigrations(db);
  if (!schemaFits(header.migrations, migrations, withXml)) {
    throw new HocbaError('backup_schema_mismatch', { params: { detail: `${header.migrations.length} migrations in the backup, ${migrations.length} here` } });
  }
  return db.transaction(async (tx) => {
    await assertKnownTables(tx);
    await tx.execute(sql.raw(`lock table ${TABLES.map((table) => table.name).join(', ')} in exclusive mode`));
    for (const table of TABLES) {
      const [{ rows }] = await queryRows<{ rows: number }>(tx, sql`select count(*)::int as rows from ${sql.identifier(table.name)}`) as [{ rows: number }];
      if (rows > 0) throw new HocbaError('restore_target_not_empty', { params: { table: table.name, rows } });
    }
    const writer = new RowWriter(tx, await loadByteaColumns(tx), withXml);
    const hasher = lineHasher();
    hasher.add(first!.replace(/\r?\n$/, ''));
    let trailer: BackupTrailer | null = null;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (next.value.trim() === '') continue;
      if (trailer) throw unreadable('lines after the trailer');
      const parsed = parseLine(next.value) as BackupRow | BackupTrailer;
      if ('end' in parsed) {
        trailer = parsed;
        continue;
      }
      hasher.add(next.value.replace(/\r?\n$/, ''));
      await writer.add(parsed);
    }
    if (!trailer) throw unreadable('the file ends before its trailer (truncated?)');
    if (trailer.sha256 !== hasher.hex()) throw broken('the file hash does not match its trailer');
    await writer.finish();
    for (const table of TABLES) {
      if ((writer.counts[table.name] ?? 0) !== (trailer.counts[table.name] ?? 0)) throw broken(`row count of ${table.name}`);
    }
    const chain = await verifyAuditChain(tx as unknown as Db);
    if (!chain.ok || chain.head !== trailer.auditHead || writer.head !== trailer.auditHead) throw broken('the audit chain');
    return { counts: writer.counts, auditHead: chain.head };
  });
}

/**
 * A backup restores into the schema it was taken from; one taken while records held `xml` (hocba-backup/1, migrations
 * 0000 to 0011) restores into a schema whose later migrations are all in MIGRATIONS_OLDER_BACKUPS_FIT. A later
 * migration that changes what rows hold must say there how older backups still fit, or they are refused; one that
 * changes only how values are kept (MIGRATIONS_STORAGE_ONLY) is no reason to refuse a backup of either format.
 */
function schemaFits(backup: string[], applied: string[], withXml: boolean): boolean {
  // A storage-only migration the backup was taken before changes nothing its lines hold.
  const storageOnly = new Set(MIGRATIONS_STORAGE_ONLY.map(migrationHash));
  const here = applied.filter((hash) => !storageOnly.has(hash) || backup.includes(hash));
  if (!withXml) return JSON.stringify(backup) === JSON.stringify(here);
  const later = here.slice(MIGRATIONS_WITH_XML);
  return backup.length === MIGRATIONS_WITH_XML && JSON.stringify(backup) === JSON.stringify(here.slice(0, MIGRATIONS_WITH_XML))
    && JSON.stringify(later) === JSON.stringify(MIGRATIONS_OLDER_BACKUPS_FIT.map(migrationHash));
}

function parseLine(line: string | undefined): unknown {
  if (line === undefined) throw unreadable('empty file');
  try {
    return JSON.parse(line);
  } catch {
    throw unreadable('a line is not JSON');
  }
}

/** Inserts rows in batches per table, defers replacements until their predecessor exists, checks as it goes. */
class RowWriter {
  readonly counts: Record<string, number> = {};
  head = GENESIS_HASH;
  private table = '';
  private batch: Record<string, unknown>[] = [];
  private readonly inserted = new Set<string>();
  private deferred: Record<string, unknown>[] = [];
  private readonly replacedBy: Array<[string, string]> = [];
  private readonly tx: Tx;
  private readonly bytea: Map<string, string[]>;
  private readonly withXml: boolean;

  constructor(tx: Tx, bytea: Map<string, string[]>, withXml: boolean) {
    this.tx = tx;
    this.bytea = bytea;
    this.withXml = withXml;
  }

  async add({ table, row }: BackupRow): Promise<void> {
    const at = order.get(table);
    if (at === undefined || at < (order.get(this.table) ?? 0)) throw unreadable(`unexpected table ${table}`);
    if (table !== this.table) await this.flush();
    this.table = table;
    this.counts[table] = (this.counts[table] ?? 0) + 1;
    for (const column of this.bytea.get(table) ?? []) if (typeof row[column] === 'string') row[column] = base64ToHex(row[column]);
    if (table === 'events') this.checkEvent(row);
    if (table === 'records') return this.addRecord(row);
    this.batch.push(row);
    if (this.batch.length >= BATCH_ROWS) await this.flush();
  }

  async finish(): Promise<void> {
    await this.flush();
    for (const [code, successor] of this.replacedBy) {
      await this.tx.execute(sql`update records set status = 'replaced', replaced_by = ${successor} where lookup_code = ${code}`);
    }
    for (const table of TABLES.filter((spec) => spec.serial)) {
      await this.tx.execute(sql`select setval(pg_get_serial_sequence(${table.name}, 'id'),
        coalesce((select max(id) from ${sql.identifier(table.name)}), 1), (select max(id) from ${sql.identifier(table.name)}) is not null)`);
    }
  }

  // A replaced record goes in as valid and moves forward once its successor exists (the only change the
  // immutability triggers allow); a successor waits until the record it replaces is in.
  private async addRecord(row: Record<string, unknown>): Promise<void> {
    row = this.checkRecordBytes(row);
    if (row.status === 'replaced') {
      this.replacedBy.push([row.lookup_code as string, row.replaced_by as string]);
      row = { ...row, status: 'valid', replaced_by: null };
    }
    this.deferred.push(row);
    for (let progress = true; progress;) {
      const ready = this.deferred.filter((candidate) => candidate.replaces === null || this.inserted.has(candidate.replaces as string));
      progress = ready.length > 0;
      this.deferred = this.deferred.filter((candidate) => !ready.includes(candidate));
      if (progress) await this.insert('records', ready);
      for (const done of ready) this.inserted.add(done.lookup_code as string);
    }
  }

  /**
   * The XML the package inflates to must have the record's digest; a hocba-backup/1 line also carries that XML, which
   * must be the same bytes, and is then left out (the schema no longer has the column). Returns the row to insert.
   */
  private checkRecordBytes(row: Record<string, unknown>): Record<string, unknown> {
    const code = String(row.lookup_code);
    if (typeof row.package !== 'string') throw broken(`record ${code}: no package`);
    let xml: Buffer;
    try {
      xml = xmlOfStored(Buffer.from(row.package.slice(2), 'hex'));
    } catch (error) {
      if (error instanceof HocbaError) throw broken(`record ${code}: its package does not inflate (${error.code})`);
      throw error;
    }
    if (sha256Hex(xml) !== row.digest) throw broken(`record ${code}: XML and digest differ`);
    if (!this.withXml) {
      if ('xml' in row) throw unreadable(`record ${code}: an xml column in ${BACKUP_FORMAT}`);
      return row;
    }
    const { xml: copy, ...rest } = row;
    if (typeof copy !== 'string' || !Buffer.from(copy, 'base64').equals(xml)) throw broken(`record ${code}: its XML is not its package inflated`);
    return rest;
  }

  private checkEvent(row: Record<string, unknown>): void {
    const event = { at: new Date(row.at as string), actor: row.actor as string, kind: row.kind as EventKind, subject: row.subject as string | null, detail: row.detail as Record<string, unknown> };
    if (row.prev_hash !== this.head || hashEvent(this.head, event) !== row.hash) throw broken(`audit event ${String(row.id)}`);
    this.head = row.hash as string;
  }

  private async flush(): Promise<void> {
    if (this.table === 'records' && this.deferred.length > 0) throw broken(`${this.deferred.length} replacements without their predecessor`);
    if (this.batch.length === 0) return;
    await this.insert(this.table, this.batch);
    this.batch = [];
  }

  private async insert(table: string, rows: Record<string, unknown>[]): Promise<void> {
    const name = sql.identifier(table);
    await this.tx.execute(sql`insert into ${name} select * from jsonb_populate_recordset(null::${name}, ${JSON.stringify(rows)}::jsonb)`);
  }
}
