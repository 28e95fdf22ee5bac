// Migration 0014 (issue 14) keeps a record's stored report as json (the text the registry wrote) instead of jsonb,
// stores the package (gzip) without TOAST compression and, where the server has lz4, compresses the report with it.
// On a database that holds records from before (migrated to 0013, reports as jsonb): after the migration every report
// is the same JSON value and every answer the same; what is written afterwards is kept as written; the record guard
// still refuses a changed report; and a backup taken at 0013 (hocba-backup/2) restores into the new schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupRegistry } from '../../../api/registry/backup.ts';
import { MIGRATIONS_STORAGE_ONLY } from '../../../api/registry/backup-format.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import type { Database } from '../../../db/client.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { journal, linesOf, openMigratedBefore, type MigratedBefore } from '../../helpers/migrated-before.ts';
import { BEFORE_LOCK, makeRegistryFixtures, newLookupCode, SCHOOL_A, setUpRegistry, type Fixture } from './setup.ts';

const pki = await makeRegistryFixtures();
const BEFORE_0014 = journal.entries.findIndex((entry) => entry.tag === '0014_records_report_json');

interface Column {
  readonly type: string;
  /** pg_attribute.attstorage: x extended (compressed, then out of line), e external (out of line, never compressed). */
  readonly storage: string;
  /** pg_attribute.attcompression: '' the server's default, p pglz, l lz4. */
  readonly compression: string;
}

async function columnsOf(database: Database): Promise<Record<string, Column>> {
  const rows = await database.query<{ name: string } & Column>(`
    select attname as name, format_type(atttypid, atttypmod) as type, attstorage as storage, attcompression::text as compression
      from pg_attribute where attrelid = 'records'::regclass and attname in ('report', 'package')`);
  return Object.fromEntries(rows.map(({ name, ...column }) => [name, column]));
}

describe.each(databasesUnderTest())('migration 0014 (report as json, package uncompressed) on $name', ({ name, open }) => {
  let source: Database;
  let fx: Fixture;
  let before: MigratedBefore;
  let after: Database;
  /** Each record's report as the 0013 database held it (jsonb), read back as a value. */
  const held = new Map<string, unknown>();
  /** A backup of the 0013 database, taken then (hocba-backup/2, migrations 0000 to 0013). */
  const oldBackup: string[] = [];
  const targets: Database[] = [];

  beforeAll(async () => {
    // Real records accepted by this registry (a database of the kind under test, migrated from nothing), their rows
    // copied onto the 0013 schema (where report is jsonb).
    source = await open();
    fx = await setUpRegistry(source, pki);
    const packages = await Promise.all([1, 2, 3].map((i) => fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_A, studentCode: `000000200${i}` })));
    const results = await fx.registry.submitPackages(SCHOOL_A, packages, BEFORE_LOCK);
    expect(results.map((result) => result.status)).toEqual(['accepted', 'accepted', 'accepted']);
    await fx.registry.recallRecord(SCHOOL_A, results[2]!.lookupCode!, 'nhập sai', BEFORE_LOCK);
    before = await openMigratedBefore(name, BEFORE_0014);
    await before.copyRows(source, 'schools');
    await before.copyRows(source, 'records');
    for (const row of await before.query<{ lookup_code: string; report: unknown }>('select lookup_code, report from records')) held.set(row.lookup_code, row.report);
    await backupRegistry(before.db, (line) => void oldBackup.push(line.replace(/\n$/, '')), { now: BEFORE_LOCK });
    after = await before.migrate();
  });
  afterAll(async () => {
    await Promise.all([source, after, ...targets].map((database) => database?.close()));
    await before?.drop();
  });

  it('starts from reports held as jsonb, and applies 0014 alone', async () => {
    expect(held.size).toBe(3);
    expect(after.migrated).toEqual(MIGRATIONS_STORAGE_ONLY);
  });

  it('keeps the report as json and the package uncompressed; the report in lz4 where the server has it (PostgreSQL), else the default', async () => {
    const lz4 = (await after.query<{ lz4: boolean }>(`select 'lz4' = any(enumvals) as lz4 from pg_settings where name = 'default_toast_compression'`))[0]!.lz4;
    expect(lz4).toBe(name === 'postgres');
    expect(await columnsOf(after)).toEqual({
      report: { type: 'json', storage: 'x', compression: lz4 ? 'l' : '' },
      package: { type: 'bytea', storage: 'e', compression: '' },
    });
    // A fresh database (migrated from nothing) is the same.
    expect(await columnsOf(source)).toEqual(await columnsOf(after));
  });

  it('reads every report as the same JSON value, and answers every record as before', async () => {
    const rows = await after.query<{ lookup_code: string; report: unknown }>('select lookup_code, report from records');
    expect(new Map(rows.map((row) => [row.lookup_code, row.report]))).toEqual(held);
    const { registry } = wireRegistry(after, { clock: () => BEFORE_LOCK });
    for (const code of held.keys()) {
      expect(await registry.getRecord(code, { now: BEFORE_LOCK })).toEqual(await fx.registry.getRecord(code, { now: BEFORE_LOCK }));
    }
  });

  it('stores a report as the text the registry wrote (jsonb would have re-spaced it), compressed as the column says', async () => {
    const rows = await source.query<{ text: string; package: string | null; report: string | null }>(
      `select report::text as text, pg_column_compression(package) as package, pg_column_compression(report) as report from records`);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.text).toBe(JSON.stringify(JSON.parse(row.text)));
      expect(row.text.length).toBeGreaterThan(2048); // past the TOAST threshold: compressed, with what the column says
      expect(row.package).toBeNull();
      expect(row.report).toBe(name === 'postgres' ? 'lz4' : 'pglz');
    }
  });

  it('keeps the record guard on the report', async () => {
    const [code] = [...held.keys()];
    const refused = (text: string) => after.query(text, [code]).then(() => 'done', (error: { code?: string }) => error.code);
    expect(await refused(`update records set report = '{}'::json where lookup_code = $1`)).toBe('HB001');
    expect(await refused(`update records set report = (report::jsonb || '{"verdict": "invalid"}')::json where lookup_code = $1`)).toBe('HB001');
  });

  it('restores a backup taken at 0013 (hocba-backup/2) into the new schema: the same rows as the migrated database', async () => {
    expect(JSON.parse(oldBackup[0]!)).toMatchObject({ format: 'hocba-backup/2' });
    const target = await open();
    targets.push(target);
    await wireRegistry(target).registry.restore(linesOf(oldBackup));
    const rows = (database: Database) => database.query(`set timezone to 'UTC'`)
      .then(() => database.query(`select to_jsonb(t) - 'report' as row, report::jsonb as report from records t where lookup_code = any($1) order by lookup_code`, [[...held.keys()]]));
    expect(await rows(target)).toEqual(await rows(after));
  });
});
