// GET /api/v1/records/{code}/pdf: numbered, logged copies read back with poppler and zbar (SPEC §9, issue 5).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures, SCHOOLS } from '../../helpers/signed-records.ts';
import { bearer, json, openApi, type Api } from './setup.ts';
import { droppedLetters, pdfText, squeeze } from '../../unit/render/tools.ts';

const fx = await makeFixtures();

function textOf(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'hocba-pdf-'));
  writeFileSync(join(dir, 'copy.pdf'), pdf);
  return execFileSync('pdftotext', [join(dir, 'copy.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC');
}

function qrOfFirstPage(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'hocba-qr-'));
  writeFileSync(join(dir, 'copy.pdf'), pdf);
  execFileSync('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', '-png', join(dir, 'copy.pdf'), join(dir, 'page')]);
  const page = readdirSync(dir).find((name) => name.endsWith('.png'))!;
  return execFileSync('zbarimg', ['--quiet', '--raw', join(dir, page)], { encoding: 'utf8' }).trim();
}

describe.each(databasesUnderTest())('PDF copies on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  let app: Api['app'];
  let code: string;
  let studentName: string;

  beforeAll(async () => {
    ({ database, api } = await openApi(open, fx));
    app = api.appWith({ publicUrl: 'https://hocba.hanoi.edu.vn' });
    const pkg = await fx.packaged(SCHOOLS.b, 501);
    const response = await app.request('/api/v1/packages', json({ package: pkg }, bearer(api.tokens.b)));
    expect(response.status).toBe(201);
    code = ((await response.json()) as { lookupCode: string }).lookupCode;
    studentName = (await api.registry.getRecord(code))!.studentName;
  });
  afterAll(() => database?.close());

  it('issues copy 1, then copy 2, each printed on the PDF and counted on the record', async () => {
    const first = await app.request(`/api/v1/records/${code.toLowerCase()}/pdf`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    expect(first.headers.get('x-copy-number')).toBe('1');
    const second = await app.request(`/api/v1/records/${code}/pdf`);
    expect(second.headers.get('x-copy-number')).toBe('2');
    const text = textOf(new Uint8Array(await second.arrayBuffer()));
    expect(text).toContain(studentName);
    expect(text).toContain('Trường THCS Giảng Võ');
    expect(text).toMatch(/Bản sao số 2\b/);
    const record = (await (await app.request(`/api/v1/records/${code}`)).json()) as { copies?: { count: number } };
    expect(record.copies?.count).toBe(2);
    expect(await api.registry.findCopy(code, 2)).not.toBeNull();
  });

  it("puts the record page's public URL in the QR", async () => {
    const response = await app.request(`/api/v1/records/${code}/pdf`);
    expect(qrOfFirstPage(new Uint8Array(await response.arrayBuffer()))).toMatch(new RegExp(`^https://hocba\\.hanoi\\.edu\\.vn/tra-cuu/${code}\\?ban=\\d+$`));
  });

  it('marks the copy of a recalled record with the recall watermark', async () => {
    const pkg = await fx.packaged(SCHOOLS.b, 502);
    const pushed = await app.request('/api/v1/packages', json({ package: pkg }, bearer(api.tokens.b)));
    const recalled = ((await pushed.json()) as { lookupCode: string }).lookupCode;
    await app.request(`/api/v1/records/${recalled}/recall`, json({ reason: 'Nhập sai điểm' }, bearer(api.tokens.b)));
    const response = await app.request(`/api/v1/records/${recalled}/pdf`);
    expect(response.status).toBe(200);
    // The watermark is diagonal text: what pdftotext -nodiag drops is exactly its letters.
    const bytes = new Uint8Array(await response.arrayBuffer());
    const dropped = droppedLetters(pdfText(bytes, '-f', '1', '-l', '1'), pdfText(bytes, '-nodiag', '-f', '1', '-l', '1'));
    expect(droppedLetters(squeeze('ĐÃ THU HỒI'), dropped)).toBe('');
  });

  it('answers an unknown code with 404 not_found and issues no copy', async () => {
    const response = await app.request('/api/v1/records/00000000000000000000000000000000/pdf');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('not_found');
  });

  describe('when the request names another host (SPEC §3)', () => {
    it('prints the configured public origin, never the Host header, in the QR of a copy', async () => {
      const response = await app.request(`/api/v1/records/${code}/pdf`, { headers: { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' } });
      expect(response.status).toBe(200);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect(qrOfFirstPage(bytes)).toMatch(new RegExp(`^https://hocba\\.hanoi\\.edu\\.vn/tra-cuu/${code}\\?ban=\\d+$`));
      expect(Buffer.from(bytes).toString('latin1')).not.toContain('evil.example');
    });

    it('refuses to issue a copy without a configured public origin (503 public_url_missing), numbering and journaling nothing', async () => {
      const bare = api.appWith({ publicUrl: undefined });
      const before = (await api.registry.getRecord(code))!.copies.count;
      const response = await bare.request(`http://evil.example/api/v1/records/${code}/pdf`, { headers: { Host: 'evil.example' } });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'public_url_missing' });
      expect((await api.registry.getRecord(code))!.copies.count).toBe(before);
    });
  });

  describe('when asked with HEAD', () => {
    it('answers 200 for a record and 404 for an unknown code, and issues, numbers and journals no copy', async () => {
      const before = (await api.registry.getRecord(code))!.copies.count;
      const head = await app.request(`/api/v1/records/${code}/pdf`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toBe('application/pdf');
      expect(head.headers.get('x-copy-number')).toBeNull();
      expect(await head.arrayBuffer()).toHaveProperty('byteLength', 0);
      const unknown = await app.request(`/api/v1/records/${'0'.repeat(32)}/pdf`, { method: 'HEAD' });
      expect(unknown.status).toBe(404);
      expect((await api.registry.getRecord(code))!.copies.count).toBe(before);
      expect(await api.registry.findCopy(code, before + 1)).toBeNull();
    });
  });
});
