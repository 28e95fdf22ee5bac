// The transparency log wired into the registry (issue 13), through the HTTP API on PGlite and PostgreSQL: every
// public state change writes its documented entry in its own transaction, the sequencer signs checkpoints, /log/*
// serves tiles that rebuild to the signed root, and a record's proof proves the exact XML offline — while a
// tampered file, proof, entry bundle or key, and a cut-back log, are refused.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { auditLogFiles, LogAuditError, type LogFileReader } from '../../../api/log/audit-files.ts';
import { openCheckpoint } from '../../../api/log/checkpoint.ts';
import { generateNoteKey, parseVerifierKey } from '../../../api/log/note.ts';
import { decodePackage, encodePackage } from '../../../api/index.ts';
import { sampleLookupCode } from '../../../api/samples/index.ts';
import { entryText, parseEntry, textDigest } from '../../../api/registry/log-entries.ts';
import { checkAcceptanceProof } from '../../../api/registry/log-proof-check.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import { createApp } from '../../../api/http/app.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures, SCHOOLS } from '../../helpers/signed-records.ts';
import { bearer, json, openApi, PUBLIC_URL, type Api } from './setup.ts';

const ORIGIN = 'hocba.example.vn/log';
const { signer } = generateNoteKey(ORIGIN);
const verifier = parseVerifierKey(signer.verifierKey);

const fx = await makeFixtures();

describe.each(databasesUnderTest())('the transparency log through the API on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  const read: LogFileReader = async (path) => {
    const response = await api.app.request(`/log/${path}`);
    return response.status === 200 ? new Uint8Array(await response.arrayBuffer()) : null;
  };
  const entriesOf = async () => (await auditLogFiles(read, verifier, ORIGIN)).entries.map((entry) => Buffer.from(entry).toString('utf8'));

  beforeAll(async () => ({ database, api } = await openApi(open, fx, { log: { origin: ORIGIN, signer } })));
  afterAll(() => database?.close());

  async function pushed(seed: number) {
    const pkg = await fx.packaged(SCHOOLS.a, seed);
    const response = await api.app.request('/api/v1/packages', json({ package: pkg }, bearer(api.tokens.a)));
    expect(response.status).toBe(201);
    const { lookupCode } = (await response.json()) as { lookupCode: string };
    return { code: lookupCode, xml: decodePackage(pkg) };
  }
  const proofOf = async (code: string) => (await (await api.app.request(`/api/v1/records/${code}/proof`)).json()) as {
    checkpoint: { size: number; note: string } | null; entries: Array<{ index: number; kind: string; entry: string; proof: string }>; pending: number;
    verifierKey: string; origin: string;
  };

  it('has no checkpoint before the first turn; an acceptance waits as pending, then is proven with its exact entry', async () => {
    expect((await api.app.request('/log/checkpoint')).status).toBe(404);
    const { code, xml } = await pushed(301);
    const before = await proofOf(code);
    expect(before).toMatchObject({ checkpoint: null, entries: [], pending: 1, origin: ORIGIN, verifierKey: signer.verifierKey });
    const noFile = await api.app.request(`/api/v1/records/${code}/proof?format=tlog-proof`);
    expect(noFile.status).toBe(404);
    expect((await noFile.json()).code).toBe('log_not_found');

    const turn = await api.registry.log.integrate();
    expect(turn).not.toBeNull();
    expect(await api.registry.log.integrate()).toBeNull(); // nothing left: no empty checkpoint
    const after = await proofOf(code);
    const digest = createHash('sha256').update(xml).digest('hex');
    expect(after.pending).toBe(0);
    expect(after.entries.map((entry) => [entry.kind, entry.entry])).toEqual([
      ['accepted', `hocba-log/v1 accepted\ncode ${code}\nschool ${SCHOOLS.a.code}\nyear ${fx.schoolYear}\nxml-sha256 ${digest}\n`],
    ]);
    expect(openCheckpoint(after.checkpoint!.note, verifier, ORIGIN).size).toBe(turn!.size);

    const file = await api.app.request(`/api/v1/records/${code}/proof?format=tlog-proof`);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="hoc-ba-${code}.tlog-proof"`);
    const proof = await file.text();
    expect(checkAcceptanceProof(xml, proof, signer.verifierKey)).toMatchObject({ ok: true, lookupCode: code, school: SCHOOLS.a.code, digest });
    // The same proof for a file changed by one byte, under another key, or with its entry swapped: refused, saying why.
    const tampered = Buffer.from(xml);
    tampered[tampered.length - 2]! ^= 1;
    expect(checkAcceptanceProof(tampered, proof, signer.verifierKey)).toMatchObject({ ok: false, reason: expect.stringContaining('is not the logged') });
    expect(checkAcceptanceProof(xml, proof, generateNoteKey(ORIGIN).signer.verifierKey)).toMatchObject({ ok: false, reason: expect.stringContaining('the proof') });
    const otherEntry = Buffer.from(entryText('accepted', { code, school: SCHOOLS.a.code, year: fx.schoolYear, 'xml-sha256': '0'.repeat(64) })).toString('base64');
    const swapped = proof.replace(/^extra .*$/m, `extra ${otherEntry}`);
    expect(checkAcceptanceProof(xml, swapped, signer.verifierKey)).toMatchObject({ ok: false, reason: expect.stringContaining('not in the tree') });
  });

  it('logs recall, replacement and copies of a record, each with its documented entry, and no personal data anywhere', async () => {
    const recalled = await pushed(302);
    const reason = 'Nhập sai điểm môn Toán của học sinh Nguyễn Văn An';
    expect((await api.app.request(`/api/v1/records/${recalled.code}/recall`, json({ reason }, bearer(api.tokens.a)))).status).toBe(200);

    const old = await pushed(303);
    const newCode = sampleLookupCode('log-successor', 3);
    const xml = fx.unsigned(SCHOOLS.a, 303).replaceAll(old.code, newCode).replace(/<NhanXet>[^<]*<\/NhanXet>/, '<NhanXet>Đã sửa.</NhanXet>');
    const successor = encodePackage(await fx.sign(await fx.sign(xml, SCHOOLS.a.seal, 'CoSoGiaoDuc'), SCHOOLS.a.teacher, 'GVCN'));
    expect((await api.app.request(`/api/v1/records/${old.code}/replace`, json({ package: successor }, bearer(api.tokens.a)))).status).toBe(201);

    expect((await api.app.request(`/api/v1/records/${newCode}/pdf`)).status).toBe(200);
    expect((await api.app.request(`/api/v1/records/${newCode}/pdf`)).status).toBe(200);
    await api.registry.log.integrate();

    expect((await proofOf(recalled.code)).entries.map((entry) => entry.entry)).toEqual([
      expect.stringContaining('hocba-log/v1 accepted\n'),
      `hocba-log/v1 recalled\ncode ${recalled.code}\nreason-sha256 ${textDigest(reason)}\n`,
    ]);
    expect((await proofOf(old.code)).entries.map((entry) => entry.entry)).toEqual([
      expect.stringContaining('hocba-log/v1 accepted\n'),
      `hocba-log/v1 replaced\ncode ${old.code}\nby ${newCode}\n`,
    ]);
    expect((await proofOf(newCode)).entries.map((entry) => entry.entry)).toEqual([
      expect.stringContaining(`hocba-log/v1 accepted\ncode ${newCode}\n`),
      `hocba-log/v1 copy\ncode ${newCode}\nnumber 1\n`,
      `hocba-log/v1 copy\ncode ${newCode}\nnumber 2\n`,
    ]);

    const all = (await entriesOf()).join('');
    for (const xmlText of [old.xml.toString('utf8'), recalled.xml.toString('utf8')]) {
      for (const secret of [/<MaDinhDanh>(\d{12})</, /<HoTen>([^<]+)</].map((pattern) => pattern.exec(xmlText)![1]!)) expect(all).not.toContain(secret);
    }
    expect(all).not.toContain('Nguyễn');
    expect(all).not.toContain('CCCD');
    // Every entry reads back as exactly one documented kind; the exact set of kinds this registry's history made.
    const kinds = (await entriesOf()).map((entry) => parseEntry(entry)?.kind);
    expect(new Set(kinds)).toEqual(new Set(['journal-head', 'trust-added', 'crl-loaded', 'approved', 'accepted', 'recalled', 'replaced', 'copy']));
    expect(kinds[0]).toBe('journal-head'); // the old chain, sealed as the log's first entry
  });

  it('logs lock dates and late windows (operator state changes)', async () => {
    const year = `${Number(fx.schoolYear.slice(0, 4)) + 1}-${Number(fx.schoolYear.slice(0, 4)) + 2}`;
    await api.registry.setLockDates(year, { main: `${year.slice(5)}-06-30`, supplementary: `${year.slice(5)}-08-31` });
    await api.registry.log.integrate();
    const entries = await entriesOf();
    expect(entries).toContain(`hocba-log/v1 lock-dates\nyear ${year}\nmain ${year.slice(5)}-06-30\nsupplementary ${year.slice(5)}-08-31\n`);
  });

  it('serves tiles that rebuild to the signed root, immutable; refuses a tampered bundle and a log cut back', async () => {
    const first = (await api.app.request('/log/checkpoint'));
    expect(first.headers.get('cache-control')).toBe('public, max-age=1');
    const older = await first.text();
    await pushed(304);
    await api.registry.log.integrate();
    const audit = await auditLogFiles(read, verifier, ORIGIN, { olderCheckpoint: older });
    expect(audit.older!.size).toBeLessThan(audit.checkpoint.size);
    const bundle = await api.app.request('/log/tile/entries/000.p/' + Math.min(audit.checkpoint.size, 255));
    expect(audit.checkpoint.size).toBeLessThan(256);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await api.app.request('/log/tile/0/001')).status).toBe(404);
    expect((await api.app.request('/log/tile/entries/x000/001')).status).toBe(404);

    const flipped: LogFileReader = async (path) => {
      const bytes = await read(path);
      if (bytes && path.startsWith('tile/entries/')) bytes[bytes.length - 3]! ^= 1;
      return bytes;
    };
    await expect(auditLogFiles(flipped, verifier, ORIGIN)).rejects.toThrow(LogAuditError);
    // A checkpoint from the future (a larger log) against today's files: the log was cut back.
    const future = (await import('../../../api/log/checkpoint.ts')).signCheckpoint({ origin: ORIGIN, size: audit.checkpoint.size + 5, root: audit.checkpoint.root }, signer);
    await expect(auditLogFiles(read, verifier, ORIGIN, { olderCheckpoint: future })).rejects.toThrow('cut back');
  });

  it('answers /log/key with the verifier key, and 503 log_not_configured on a server without a log key', async () => {
    expect(await (await api.app.request('/log/key')).text()).toBe(`${signer.verifierKey}\n`);
    const { registry } = wireRegistry(database);
    const keyless = createApp({ registry, verifyUpload: async () => { throw new Error('unused'); }, publicUrl: PUBLIC_URL });
    const response = await keyless.request('/log/key');
    expect(response.status).toBe(503);
    expect((await response.json()).code).toBe('log_not_configured');
    // Reading needs no key: the same database's checkpoint is served by a keyless replica too.
    expect((await keyless.request('/log/checkpoint')).status).toBe(200);
    await registry.close();
  });

  // Last: it rewrites the journal behind the trigger's back.
  it('anchors the operator journal: a head the log names that the journal no longer holds is found', async () => {
    await api.registry.log.integrate();
    const intact = await api.registry.log.checkJournalAnchors();
    expect(intact.anchors).toBeGreaterThanOrEqual(2);
    expect(intact.broken).toEqual([]);
    const anchored = (await entriesOf()).map((entry) => parseEntry(entry)).filter((entry) => entry?.kind === 'journal-head').at(-1)!;
    await database.query('alter table events disable trigger events_append_only');
    await database.query(`update events set hash = $2 where id = $1`, [anchored.fields.event, 'f'.repeat(64)]);
    await database.query('alter table events enable trigger events_append_only');
    const broken = await api.registry.log.checkJournalAnchors();
    expect(broken.broken).toEqual([expect.objectContaining({ event: Number(anchored.fields.event), hash: anchored.fields.hash, found: 'f'.repeat(64) })]);
  });
});
