// Backups: back up a registry with one of everything, restore into an empty database, and find every row,
// package byte, digest, verification and audit event unchanged; refuse a non-empty target and any altered file.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodePackage, encodePackage, verifyXml, type Registry, type RestoreSummary,
} from '../../api/index.ts';
import { wireRegistry } from '../../api/registry/open.ts';
import { openDatabase, type Database } from '../../db/client.ts';
import { databasesUnderTest } from '../helpers/database.ts';
import { SCHOOL } from './corpus/kit.ts';
import { loadCorpus } from './support/corpus.ts';
import { populate, type Populated } from './support/populate.ts';
import { createFreshDatabase, runHocba } from './support/processes.ts';
import { openCorpusRegistry, type CorpusRegistry } from './support/registry.ts';
import { dumpTables, rowCounts } from './support/tables.ts';
import { rejectionCode as codeOf } from '../helpers/error-codes.ts';

/** `hocba restore` as the CLI does it: the registry wired onto the (empty) database restores, then lets go. */
async function restoreInto(database: Database, lines: AsyncIterable<string>): Promise<RestoreSummary> {
  const wired = wireRegistry(database);
  try {
    return await wired.registry.restore(lines);
  } finally {
    await wired.close();
  }
}

const corpus = loadCorpus();
const { kit } = corpus;

async function* linesOf(text: string[]): AsyncGenerator<string> {
  for (const chunk of text) yield* chunk.split('\n').filter((line) => line !== '');
}

/** A registry over an already restored database (its schools and trust list came with the backup). */
function registryOver(database: Database): Registry {
  return wireRegistry(database, { clock: () => kit.now }).registry;
}

/** An attacker who knows the format: edits a line and rewrites the trailer's hash to match. */
function rehash(lines: string[]): string[] {
  const body = lines.slice(0, -1);
  const trailer = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  const sha256 = createHash('sha256').update(body.map((line) => `${line.replace(/\n$/, '')}\n`).join('')).digest('hex');
  return [...body, `${JSON.stringify({ ...trailer, sha256 })}\n`];
}

/** A stored package (base64 in the file) inflated, changed by `edit`, packed again: the package text, as bytes. */
function repack(stored: string, edit: (xml: string) => string): string {
  return encodePackage(edit(decodePackage(Buffer.from(stored, 'base64').toString('latin1')).toString('utf8')));
}

function withHeader(lines: string[], change: Record<string, unknown>): string[] {
  return [`${JSON.stringify({ ...JSON.parse(lines[0]!) as object, ...change })}\n`, ...lines.slice(1)];
}

function editRow(lines: string[], table: string, edit: (row: Record<string, unknown>) => void): string[] {
  const at = lines.findIndex((line) => line.startsWith(`{"table":"${table}"`));
  const parsed = JSON.parse(lines[at]!) as { table: string; row: Record<string, unknown> };
  edit(parsed.row);
  return lines.map((line, i) => (i === at ? `${JSON.stringify(parsed)}\n` : line));
}

describe.each(databasesUnderTest())('hocba backup / restore on $name', ({ open }) => {
  let source: Database;
  let opened: CorpusRegistry;
  let populated: Populated;
  let lines: string[];
  const targets: Database[] = [];
  const fresh = async () => {
    const target = await open();
    targets.push(target);
    return target;
  };

  beforeAll(async () => {
    source = await open();
    opened = await openCorpusRegistry(source, kit, corpus.manifest.approvals);
    populated = await populate(opened, kit);
    lines = [];
    await opened.registry.backup((line) => void lines.push(line), { now: kit.now });
  });
  afterAll(async () => {
    await opened?.close();
    await Promise.all([source, ...targets].map((database) => database?.close()));
  });

  describe('when restored into an empty database', () => {
    let target: Database;
    beforeAll(async () => {
      target = await fresh();
      await restoreInto(target, linesOf(lines));
    });

    it('holds every row of every table exactly (bytea, jsonb, times, ids)', async () => {
      const before = await dumpTables(source);
      expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true);
      expect(await dumpTables(target)).toEqual(before);
    });

    it('writes the package of each record and not its XML (hocba-backup/2), which restore derives', () => {
      expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'hocba-backup/2' });
      const rows = lines.filter((line) => line.startsWith('{"table":"records"')).map((line) => (JSON.parse(line) as { row: Record<string, unknown> }).row);
      expect(rows.length).toBe((JSON.parse(lines.at(-1)!) as { counts: { records: number } }).counts.records);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((row) => 'xml' in row || typeof row.package !== 'string')).toEqual([]);
    });

    it('keeps the audit chain: same events, same head, still verifiable', async () => {
      const restored = registryOver(target);
      expect(await restored.verifyAuditChain()).toEqual(await opened.registry.verifyAuditChain());
      expect(await restored.verifyAuditChain()).toMatchObject({ ok: true });
    });

    it('gives every package back byte-identical, with the same digest and the same verification', async () => {
      const restored = registryOver(target);
      for (const [code, text] of populated.packages) {
        const xml = decodePackage(text);
        expect(Buffer.from((await restored.loadRecordXml(code))!).equals(xml), code).toBe(true);
        const view = (await restored.getRecord(code, { now: kit.now }))!;
        expect(view.digest).toBe(createHash('sha256').update(xml).digest('hex'));
        expect(view).toEqual(await opened.registry.getRecord(code, { now: kit.now }));
        const again = await verifyXml(xml, { trust: kit.trust, now: kit.now });
        expect([again.verdict, again.digest]).toEqual([view.report.verdict, view.digest]);
      }
      expect(await restored.getRecord(populated.recalled, { now: kit.now })).toMatchObject({ status: 'recalled' });
      expect(await restored.getRecord(populated.replaced, { now: kit.now })).toMatchObject({ status: 'replaced', replacedBy: populated.replacement });
    });

    it('goes on working: a new push appends to the restored chain and sequences', async () => {
      const restored = registryOver(target);
      const [result] = await restored.submitPackages(SCHOOL.a.code, [encodePackage(await kit.sealed(8801))], kit.now);
      expect(result!.status).toBe('accepted');
      expect(await restored.verifyAuditChain()).toMatchObject({ ok: true, events: (await rowCounts(source)).events! + 2 });
    });
  });

  describe('when the target or the file is not right', () => {
    // One empty target for every refusal: each must leave it as empty as it found it.
    let empty: Database;
    beforeAll(async () => {
      empty = await fresh();
    });

    it('refuses a database that is not empty, and changes nothing in it', async () => {
      const before = await rowCounts(source);
      expect(await codeOf(restoreInto(source, linesOf(lines)))).toBe('restore_target_not_empty');
      expect(await rowCounts(source)).toEqual(before);
    });

    it.each([
      ['a byte of a package changed', 'backup_integrity', (all: string[]) => editRow(all, 'records', (row) => { row.package = `A${String(row.package).slice(1)}`; })],
      ['a package changed and the file hash redone', 'backup_integrity', (all: string[]) => rehash(editRow(all, 'records', (row) => {
        row.package = Buffer.from(repack(String(row.package), (xml) => xml.replace(/<HoTen>[^<]+</, '<HoTen>Kẻ Mạo Danh<'))).toString('base64');
      }))],
      ['a package that does not inflate and the file hash redone', 'backup_integrity', (all: string[]) => rehash(editRow(all, 'records', (row) => {
        row.package = Buffer.from('H4sIAAAAAAAA/wMA').toString('base64');
      }))],
      ['an xml column in a hocba-backup/2 records line', 'backup_unreadable', (all: string[]) => rehash(editRow(all, 'records', (row) => {
        row.xml = decodePackage(Buffer.from(String(row.package), 'base64').toString('latin1')).toString('base64');
      }))],
      ['the format before 0012 (with xml) on this schema', 'backup_schema_mismatch', (all: string[]) => rehash(withHeader(all, { format: 'hocba-backup/1' }))],
      ['an audit event edited and the file hash redone', 'backup_integrity', (all: string[]) => rehash(editRow(all, 'events', (row) => { row.actor = 'operator:someone-else'; }))],
      ['an audit event removed and the file hash redone', 'backup_integrity', (all: string[]) => {
        const at = all.findIndex((line) => line.startsWith('{"table":"events"'));
        return rehash(all.filter((_, i) => i !== at + 1));
      }],
      ['the file cut short', 'backup_unreadable', (all: string[]) => all.slice(0, -3)],
      ['another schema version', 'backup_schema_mismatch', (all: string[]) => {
        const header = JSON.parse(all[0]!) as { migrations: string[] };
        return [`${JSON.stringify({ ...header, migrations: header.migrations.slice(0, 1) })}\n`, ...all.slice(1)];
      }],
    ])('refuses a backup with %s (%s) and writes nothing', async (_what, code, alter) => {
      expect(await codeOf(restoreInto(empty, linesOf(alter(lines))))).toBe(code);
      expect(Object.values(await rowCounts(empty)).every((n) => n === 0)).toBe(true);
    });
  });
});

describe('hocba backup / restore on a live PostgreSQL', () => {
  it('backs up to a .gz file, restores into another database, and both hold the same rows', async () => {
    const [from, to] = [await createFreshDatabase(), await createFreshDatabase()];
    try {
      const database = await openDatabase({ url: from.url });
      const opened = await openCorpusRegistry(database, kit, corpus.manifest.approvals);
      await populate(opened, kit, 7000);
      const file = join(mkdtempSync(join(tmpdir(), 'hocba-backup-')), 'registry.jsonl.gz');
      const made = await runHocba(['backup', '--out', file], { DATABASE_URL: from.url });
      expect(made.stderr).toBe('');
      expect([made.code, made.stdout]).toEqual([0, expect.stringMatching(/backup written[\s\S]*audit head: [0-9a-f]{64}/)]);
      expect(gunzipSync(readFileSync(file)).toString('utf8').split('\n')[0]).toContain('"format":"hocba-backup/2"');
      const restored = await runHocba(['restore', file], { DATABASE_URL: to.url });
      expect([restored.code, restored.stdout]).toEqual([0, expect.stringContaining('audit chain intact')]);
      const again = await runHocba(['restore', file], { DATABASE_URL: to.url });
      expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('[restore_target_not_empty]')]);
      const target = await openDatabase({ url: to.url });
      expect(await dumpTables(target)).toEqual(await dumpTables(database));
      await Promise.all([opened.close(), database.close(), target.close()]);
    } finally {
      await Promise.all([from.drop(), to.drop()]);
    }
  });

  it('reads one snapshot while a school keeps pushing (REPEATABLE READ): the backup restores and verifies', async () => {
    const [from, to] = [await createFreshDatabase(), await createFreshDatabase()];
    try {
      const database = await openDatabase({ url: from.url });
      const opened = await openCorpusRegistry(database, kit, corpus.manifest.approvals);
      await populate(opened, kit, 6000);
      const late = encodePackage(await kit.sealed(6900));
      const lines: string[] = [];
      let pushed = false;
      const summary = await opened.registry.backup(async (line) => {
        lines.push(line);
        // Half-way through the records, another connection commits a new record and its events.
        if (!pushed && line.startsWith('{"table":"records"')) {
          pushed = true;
          const [result] = await opened.registry.submitPackages(SCHOOL.a.code, [late], kit.now);
          expect(result!.status).toBe('accepted');
        }
      }, { pageSize: 2 });
      const live = await rowCounts(database);
      expect(summary.counts.records).toBe(live.records! - 1);
      expect(summary.counts.events).toBe(live.events! - 2);
      const target = await openDatabase({ url: to.url });
      expect(await restoreInto(target, linesOf(lines))).toEqual({ counts: summary.counts, auditHead: summary.auditHead });
      await Promise.all([opened.close(), database.close(), target.close()]);
    } finally {
      await Promise.all([from.drop(), to.drop()]);
    }
  });
});
