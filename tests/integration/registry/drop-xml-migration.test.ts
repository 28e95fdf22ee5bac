// Migration 0012 (issue 14) drops records.xml: the XML is the stored package inflated. On a database that holds
// records from before (migrated to 0011, each row with its XML), after the migration every record's XML read back is
// the XML it held, byte for byte, with its digest; the record guard still refuses changes; and a backup taken before
// (hocba-backup/1, records lines with xml) restores into the new schema, checked and without the column.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePackage } from '../../../api/index.ts';
import { backupRegistry } from '../../../api/registry/backup.ts';
import { MIGRATIONS_OLDER_BACKUPS_FIT, MIGRATIONS_STORAGE_ONLY, MIGRATIONS_WITH_XML } from '../../../api/registry/backup-format.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import { openDatabase, type Database } from '../../../db/client.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { rejectionCode } from '../../helpers/error-codes.ts';
import { journal, linesOf, openMigratedBefore, type MigratedBefore } from '../../helpers/migrated-before.ts';
import { BEFORE_LOCK, makeRegistryFixtures, newLookupCode, SCHOOL_A, setUpRegistry } from './setup.ts';

const pki = await makeRegistryFixtures();

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const inflate = (pkg: Uint8Array) => decodePackage(Buffer.from(pkg).toString('latin1'));

/** The backup lines with the header changed and the trailer's hash made again over them. */
function rewritten(lines: string[], header: (value: Record<string, unknown>) => Record<string, unknown>, row = (value: Record<string, unknown>) => value): string[] {
  const body = lines.slice(0, -1).map((line, at) => {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    return JSON.stringify(at === 0 ? header(parsed) : row(parsed));
  });
  const trailer = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  const hash = createHash('sha256').update(body.map((line) => `${line}\n`).join('')).digest('hex');
  return [...body, JSON.stringify({ ...trailer, sha256: hash })];
}

describe.each(databasesUnderTest())('migration 0012 (records without xml) on $name', ({ name, open }) => {
  let source: Database;
  let before: MigratedBefore;
  let after: Database;
  /** Each record's XML as the 0011 database held it in its xml column, and its digest. */
  const held = new Map<string, { xml: Buffer; digest: string }>();
  /** A backup of the 0011 database as hocba wrote it then: format 1, records lines with their xml. */
  let oldBackup: string[];
  const targets: Database[] = [];

  beforeAll(async () => {
    // Real records, accepted by this registry: their rows are copied onto the 0011 schema with the XML that ingest
    // then stored beside each package (the package inflated: `inflate` below).
    source = await openDatabase();
    const fx = await setUpRegistry(source, pki);
    const packages = await Promise.all([1, 2, 3, 4].map((i) => fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_A, studentCode: `000000100${i}` })));
    const results = await fx.registry.submitPackages(SCHOOL_A, packages, BEFORE_LOCK);
    expect(results.map((result) => result.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    await fx.registry.recallRecord(SCHOOL_A, results[3]!.lookupCode!, 'nhập sai', BEFORE_LOCK);
    before = await openMigratedBefore(name, MIGRATIONS_WITH_XML);
    await before.copyRows(source, 'schools');
    await before.copyRows(source, 'records', (row) => {
      const xml = inflate(Buffer.from(String(row.package).slice(2), 'hex'));
      return { ...row, xml: `\\x${xml.toString('hex')}` };
    });
    for (const row of await before.query<{ lookup_code: string; xml: Uint8Array; digest: string }>('select lookup_code, xml, digest from records')) {
      held.set(row.lookup_code, { xml: Buffer.from(row.xml), digest: row.digest });
    }
    const lines: string[] = [];
    await backupRegistry(before.db, (line) => void lines.push(line.replace(/\n$/, '')), { now: BEFORE_LOCK });
    oldBackup = rewritten(lines, (header) => ({ ...header, format: 'hocba-backup/1' }));
    after = await before.migrate();
  });
  afterAll(async () => {
    await Promise.all([source, after, ...targets].map((database) => database?.close()));
    await before?.drop();
  });

  it('starts from records that hold their XML beside the package, and applies 0012 and what came after it', () => {
    expect(held.size).toBe(4);
    for (const { xml, digest } of held.values()) expect(sha256(xml)).toBe(digest);
    expect(after.migrated).toEqual(journal.entries.slice(MIGRATIONS_WITH_XML).map((entry) => entry.tag));
    expect(after.migrated).toEqual([...MIGRATIONS_OLDER_BACKUPS_FIT, ...MIGRATIONS_STORAGE_ONLY]);
  });

  it('drops the column and reads every record\'s XML as it was, byte for byte, with its digest', async () => {
    expect(await after.query(`select column_name from information_schema.columns where table_name = 'records' and column_name = 'xml'`)).toEqual([]);
    const { registry } = wireRegistry(after, { clock: () => BEFORE_LOCK });
    for (const [code, { xml, digest }] of held) {
      const read = await registry.loadRecordXml(code);
      expect(Buffer.from(read!).equals(xml), code).toBe(true);
      expect((await registry.getRecord(code, { now: BEFORE_LOCK }))!.digest).toBe(digest);
    }
  });

  it('keeps the record guard: the package and the student cannot change, a record cannot be deleted', async () => {
    const [code] = [...held.keys()];
    const refused = (text: string) => after.query(text, [code]).then(() => 'done', (error: { code?: string }) => error.code);
    expect(await refused(`update records set package = package || '\\x00'::bytea where lookup_code = $1`)).toBe('HB001');
    expect(await refused(`update records set student_name = 'Người Khác' where lookup_code = $1`)).toBe('HB001');
    expect(await refused(`delete from records where lookup_code = $1`)).toBe('HB001');
  });

  describe('a backup taken before 0012 (hocba-backup/1)', () => {
    const fresh = async () => {
      const target = await open();
      targets.push(target);
      return target;
    };
    const restore = async (target: Database, lines: string[]) => wireRegistry(target).registry.restore(linesOf(lines));

    it('carries each record\'s XML beside its package', () => {
      const rows = oldBackup.filter((line) => line.startsWith('{"table":"records"')).map((line) => (JSON.parse(line) as { row: Record<string, unknown> }).row);
      expect(rows.map((row) => typeof row.xml)).toEqual(['string', 'string', 'string', 'string']);
    });

    it('restores into the new schema: the same rows as the migrated database, every XML and digest as before', async () => {
      const target = await fresh();
      await restore(target, oldBackup);
      const rows = (database: Database) => database.query(`set timezone to 'UTC'`).then(() => database.query('select to_jsonb(t)::text as row from records t order by lookup_code'));
      expect(await rows(target)).toEqual(await rows(after));
      const { registry } = wireRegistry(target, { clock: () => BEFORE_LOCK });
      for (const [code, { xml }] of held) expect(Buffer.from((await registry.loadRecordXml(code))!).equals(xml), code).toBe(true);
    });

    it.each([
      ['its XML is not its package inflated', (row: Record<string, unknown>, xml: string) => ({ ...row, xml: Buffer.from(xml).toString('base64') })],
      ['its XML and digest agree but are not its package\'s', (row: Record<string, unknown>, xml: string) => ({ ...row, xml: Buffer.from(xml).toString('base64'), digest: sha256(Buffer.from(xml)) })],
    ])('refuses one where %s, and writes nothing', async (_what, forge) => {
      const target = await fresh();
      const forged = rewritten(oldBackup, (header) => header, (line) => {
        if (line.table !== 'records') return line;
        const row = line.row as Record<string, unknown>;
        return { ...line, row: forge(row, Buffer.from(String(row.xml), 'base64').toString('utf8').replace('</HoTen>', ' </HoTen>')) };
      });
      expect(await rejectionCode(restore(target, forged))).toBe('backup_integrity');
      expect(await target.query('select count(*)::int as n from records')).toEqual([{ n: 0 }]);
    });

    it('refuses it under the new format\'s name: the backup\'s schema (0011) is not this one', async () => {
      const target = await fresh();
      expect(await rejectionCode(restore(target, rewritten(oldBackup, (header) => ({ ...header, format: 'hocba-backup/2' }))))).toBe('backup_schema_mismatch');
    });
  });
});
