import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { BULK_CSV_HEADER, BULK_LIMIT, csvLine, encodePackage, renderRecordPdf, STATUS_TEXT, type HocBaRecord } from '../../../api/index.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures, SCHOOLS } from '../../helpers/signed-records.ts';
import { bearer, json, openApi, type Api } from './setup.ts';

const fx = await makeFixtures();

describe.each(databasesUnderTest())('verification endpoints on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  const records: { code: string; xml: string; name: string }[] = [];

  beforeAll(async () => {
    ({ database, api } = await openApi(open, fx));
    for (const [key, seed] of [['a', 301], ['b', 302], ['c', 303]] as const) {
      const xml = await fx.signed(SCHOOLS[key], seed);
      const response = await api.app.request('/api/v1/packages', json({ package: encodePackage(xml) }, bearer(api.tokens[key])));
      expect(response.status).toBe(201);
      const { lookupCode } = (await response.json()) as { lookupCode: string };
      records.push({ code: lookupCode, xml, name: /<HoTen>([^<]+)<\/HoTen>/.exec(xml)![1]! });
    }
    const recalled = records[2]!;
    const recall = await api.app.request(`/api/v1/records/${recalled.code}/recall`, json({ reason: 'Sai năm học' }, bearer(api.tokens.c)));
    expect(recall.status).toBe(200);
  });
  afterAll(() => database?.close());

  describe('POST /api/v1/verify', () => {
    it('finds an uploaded identical XML registered and in force', async () => {
      const response = await api.app.request('/api/v1/verify', { method: 'POST', body: records[0]!.xml, headers: { 'Content-Type': 'application/xml' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: 'not_locked', kind: 'document', report: { verdict: 'valid' }, match: 'identical',
        record: { lookupCode: records[0]!.code, status: 'not_locked', lifecycle: 'valid', locked: false },
      });
    });

    it('accepts the package form as JSON and as raw bytes', async () => {
      const pkg = encodePackage(records[1]!.xml);
      const asJson = await api.app.request('/api/v1/verify', json({ package: pkg }));
      expect(await asJson.json()).toMatchObject({ match: 'identical', record: { lookupCode: records[1]!.code } });
      const raw = await api.app.request('/api/v1/verify', { method: 'POST', body: pkg, headers: { 'Content-Type': 'application/octet-stream' } });
      expect(await raw.json()).toMatchObject({ report: { verdict: 'valid' }, match: 'identical' });
    });

    it('answers for an UNSEALED PDF copy which record and copy it names, never genuine (pdf_seal_missing)', async () => {
      const { code } = records[0]!;
      const download = await api.app.request(`/api/v1/records/${code}/pdf`);
      const copyNumber = Number(download.headers.get('x-copy-number'));
      const official = new Uint8Array(await download.arrayBuffer());
      const known = await api.app.request('/api/v1/verify', { method: 'POST', body: official, headers: { 'Content-Type': 'application/pdf' } });
      expect(known.status).toBe(200);
      const body = await known.json() as Record<string, unknown>;
      // This app has no seal: its copies prove nothing, so never better than indeterminate, whatever they name.
      expect(download.headers.get('x-copy-sealed')).toBe('false');
      expect(body).toMatchObject({
        status: 'indeterminate', kind: 'pdf',
        pdf: { lookupCode: code, copyNumber, copy: { issuedAt: expect.any(String) }, refused: null, genuine: false, seal: { state: 'none' }, reason: { code: 'pdf_seal_missing' } },
        record: { lookupCode: code, status: 'not_locked' },
      });
      expect(body).not.toHaveProperty('report');
      // A copy rendered elsewhere with a number the registry never issued names the record, but no logged copy.
      const view = (await api.registry.getRecord(code))!;
      const forged = await renderRecordPdf({
        record: view.content as HocBaRecord, status: 'valid', signatures: [], recordUrl: `https://example.invalid/tra-cuu/${code}`,
        copy: { number: copyNumber + 40, issuedAt: new Date() },
      });
      const unknown = await api.app.request('/api/v1/verify', { method: 'POST', body: Buffer.from(forged), headers: { 'Content-Type': 'application/octet-stream' } });
      expect(await unknown.json()).toMatchObject({ status: 'indeterminate', pdf: { lookupCode: code, copyNumber: copyNumber + 40, copy: null, genuine: false }, record: { lookupCode: code } });
      const stranger = await api.app.request('/api/v1/verify', { method: 'POST', body: Buffer.from('%PDF-1.7\n% nothing here\n'), headers: { 'Content-Type': 'application/pdf' } });
      expect(await stranger.json()).toMatchObject({ status: 'indeterminate', kind: 'pdf', pdf: { lookupCode: null, copyNumber: null, copy: null, refused: null, genuine: false, reason: { code: 'pdf_seal_missing' } } });
    });

    it('reports a modified file invalid and different from the registered record', async () => {
      const modified = records[0]!.xml.replace(/<HoTen>[^<]+<\/HoTen>/, '<HoTen>Trần Văn Sửa</HoTen>');
      const response = await api.app.request('/api/v1/verify', json({ xml: modified }));
      const body = await response.json();
      // ONE verdict on the file (invalid); the registered record comes second with its own status.
      expect(body).toMatchObject({ status: 'invalid', report: { verdict: 'invalid' }, match: 'different', record: { lookupCode: records[0]!.code, status: 'not_locked' } });
      // Each of the two signatures over DuLieu (teacher, seal) is broken by the change, and by nothing else.
      const codes = body.report.signatures.map((s: { issues: { code: string }[] }) => s.issues.map((i) => i.code));
      expect(codes).toEqual([['digest_mismatch'], ['digest_mismatch']]);
    });

    it('says not_registered for a valid signed file the registry never received', async () => {
      const response = await api.app.request('/api/v1/verify', json({ xml: await fx.signed(SCHOOLS.b, 399) }));
      const body = await response.json();
      expect(body).toMatchObject({ status: 'not_found', report: { verdict: 'valid' }, match: 'not_registered' });
      expect(body.record).toBeUndefined();
    });

    it('shows a recalled record as recalled', async () => {
      const response = await api.app.request('/api/v1/verify', json({ xml: records[2]!.xml }));
      expect(await response.json()).toMatchObject({ status: 'recalled', match: 'identical', record: { status: 'recalled', recallReason: 'Sai năm học' } });
    });

    it('refuses an empty upload (400) and an undeclared Content-Type (415)', async () => {
      const empty = await api.app.request('/api/v1/verify', { method: 'POST', body: '', headers: { 'Content-Type': 'application/xml' } });
      expect(empty.status).toBe(400);
      expect(await empty.json()).toMatchObject({ code: 'invalid_request' });
      const form = await api.app.request('/api/v1/verify', { method: 'POST', body: 'a=b', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      expect(form.status).toBe(415);
      expect(await form.json()).toMatchObject({ code: 'unsupported_media_type' });
    });
  });

  describe('POST /api/v1/verify/batch', () => {
    const codes = () => [records[0]!.code.toLowerCase(), 'not-a-code', '0'.repeat(32), records[2]!.code, records[1]!.code];

    it('answers JSON with one row per code, in order', async () => {
      const response = await api.app.request('/api/v1/verify/batch', json({ codes: codes() }));
      expect(response.status).toBe(200);
      const { results } = await response.json();
      expect(results.map((r: { status: string }) => r.status)).toEqual(['not_locked', 'not_found', 'not_found', 'recalled', 'not_locked']);
      expect(results.map((r: { malformed: boolean }) => r.malformed)).toEqual([false, true, false, false, false]);
      expect(results[0]).toMatchObject({ code: records[0]!.code, schoolCode: SCHOOLS.a.code, schoolName: SCHOOLS.a.name, schoolYear: fx.schoolYear, studentName: records[0]!.name });
      expect(results[1]).toMatchObject({ input: 'not-a-code', code: null, schoolCode: null, studentName: null });
      expect(results[3]).toMatchObject({ status: 'recalled', recallReason: 'Sai năm học', recalledAt: expect.any(String) });
    });

    it('reads a CSV (header skipped, first column) and answers CSV in UTF-8 with a BOM', async () => {
      const body = ['Mã tra cứu;Ghi chú', ...codes().map((code, i) => `${code};hồ sơ ${i}`)].join('\r\n');
      const response = await api.app.request('/api/v1/verify/batch', {
        method: 'POST', body, headers: { 'Content-Type': 'text/csv; charset=utf-8', Accept: 'text/csv' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
      expect(lines[0]).toBe(BULK_CSV_HEADER.join(','));
      expect(lines).toHaveLength(6);
      const first = (await (await api.app.request('/api/v1/verify/batch', json({ codes: codes() }))).json()).results[0];
      expect(lines[1]).toBe(csvLine([
        records[0]!.code, 'not_locked', STATUS_TEXT.vi.not_locked, SCHOOLS.a.code, SCHOOLS.a.name, fx.schoolYear, SCHOOLS.a.grade, first.className,
        records[0]!.name, false, `${fx.schoolYear.slice(5)}-06-30`, `${fx.schoolYear.slice(5)}-06-30`, null, null, null, records[0]!.code.toLowerCase(),
      ]));
      expect(lines[2]).toBe(csvLine(['', 'not_found', 'Mã sai định dạng', ...Array(12).fill(null), 'not-a-code']));
      expect(lines[4]!.split(',').slice(0, 2)).toEqual([records[2]!.code, 'recalled']);
    });

    it('takes the one limit of every door (1,000), counted per listed code, and refuses one more with batch_too_large (413)', async () => {
      expect(BULK_LIMIT).toBe(1000);
      // Duplicates and malformed lines count: the limit is on what is listed, not on what is distinct.
      const full = await api.app.request('/api/v1/verify/batch', json({ codes: Array.from({ length: BULK_LIMIT }, () => records[0]!.code) }));
      expect(full.status).toBe(200);
      expect((await full.json()).results).toHaveLength(BULK_LIMIT);
      const response = await api.app.request('/api/v1/verify/batch', json({ codes: Array.from({ length: BULK_LIMIT + 1 }, () => 'x') }));
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ code: 'batch_too_large', path: 'codes' });
    });

    it('never lets an echoed code run as a spreadsheet formula', async () => {
      const response = await api.app.request('/api/v1/verify/batch', {
        method: 'POST', body: `${records[0]!.code}\n=HYPERLINK("http://x")\n`, headers: { 'Content-Type': 'text/plain', Accept: 'text/csv' },
      });
      const lines = (await response.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
      expect(lines[2]).toBe(csvLine(['', 'not_found', 'Mã sai định dạng', ...Array(12).fill(null), '=HYPERLINK("http://x")']));
      expect(lines[2]).toContain(`"'=HYPERLINK(""http://x"")"`);
    });
  });
});
