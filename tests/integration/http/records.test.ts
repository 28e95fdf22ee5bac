import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { decodePackage, encodePackage } from '../../../api/index.ts';
import { sampleLookupCode } from '../../../api/samples/index.ts';
import { RecordAnswer } from '../../../api/http/schemas.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures, SCHOOLS } from '../../helpers/signed-records.ts';
import { afterLockOf, bearer, json, openApi, type Api } from './setup.ts';

const fx = await makeFixtures();

describe.each(databasesUnderTest())('public records and corrections on $name', ({ open }) => {
  let database: Database;
  let api: Api;

  beforeAll(async () => ({ database, api } = await openApi(open, fx)));
  afterAll(() => database?.close());

  /** Pushes a fresh record of school A; returns its code, package and exact XML. */
  async function pushed(seed: number) {
    const pkg = await fx.packaged(SCHOOLS.a, seed);
    const response = await api.app.request('/api/v1/packages', json({ package: pkg }, bearer(api.tokens.a)));
    expect(response.status).toBe(201);
    const { lookupCode } = (await response.json()) as { lookupCode: string };
    return { code: lookupCode, pkg, xml: decodePackage(pkg) };
  }

  /** The record of `seed` with a corrected comment under a new code, sealed and co-signed again. */
  async function corrected(seed: number, oldCode: string, newCode: string): Promise<string> {
    const xml = fx.unsigned(SCHOOLS.a, seed).replaceAll(oldCode, newCode).replace(/<NhanXet>[^<]*<\/NhanXet>/, '<NhanXet>Đã sửa nhận xét.</NhanXet>');
    const sealed = await fx.sign(xml, SCHOOLS.a.seal, 'CoSoGiaoDuc');
    return encodePackage(await fx.sign(sealed, SCHOOLS.a.teacher, 'GVCN'));
  }

  describe('GET /api/v1/records/{code}', () => {
    it('shows status, lock, effective date, report and content, with the personal id masked', async () => {
      const { code, xml } = await pushed(201);
      const personalId = /<MaDinhDanh>(\d{12})<\/MaDinhDanh>/.exec(xml.toString('utf8'))![1]!;
      const grouped = `${code.slice(0, 4)} ${code.slice(4, 8)}-${code.slice(8).toLowerCase()}`;
      const response = await api.app.request(`/api/v1/records/${encodeURIComponent(grouped)}`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toContain(personalId);
      const body = JSON.parse(text);
      expect(body).toMatchObject({
        lookupCode: code, status: 'not_locked', lifecycle: 'valid', locked: false, lockDate: `${fx.schoolYear.slice(5)}-06-30`,
        effectiveFrom: `${fx.schoolYear.slice(5)}-06-30`, replacedBy: null, replaces: null,
        schoolCode: SCHOOLS.a.code, schoolName: SCHOOLS.a.name, personalId: `********${personalId.slice(-4)}`,
        report: { verdict: 'valid', signatures: [expect.objectContaining({ role: 'CoSoGiaoDuc' }), expect.objectContaining({ role: 'GVCN' })] },
        content: expect.objectContaining({ lookupCode: code }),
      });
      expect(body.report.record).toBeUndefined();
      // The documented shape (OpenAPI `Record`) is the answer's, key for key: no field undocumented, none missing.
      expect(RecordAnswer.strict().safeParse(body).error?.issues).toBeUndefined();
    });

    it('answers an unknown code with 404 not_found and a malformed one with 400 lookup_code_invalid', async () => {
      const unknown = await api.app.request(`/api/v1/records/${'AB'.repeat(16)}`);
      expect(unknown.status).toBe(404);
      const body = await unknown.json();
      expect(body).toEqual({ code: 'not_found', message: expect.any(String), requestId: expect.any(String) });
      expect(unknown.headers.get('X-Request-Id')).toBe(body.requestId);
      const malformed = await api.app.request('/api/v1/records/xyz');
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ code: 'lookup_code_invalid' });
    });

    it('downloads the exact stored XML bytes as an attachment, on proof of the student\'s personal id', async () => {
      const { code, xml } = await pushed(202);
      const personalId = /<MaDinhDanh>(\d{12})<\/MaDinhDanh>/.exec(xml.toString('utf8'))![1]!;
      const response = await api.app.request(`/api/v1/records/${code.toLowerCase()}/xml`, json({ personalId }));
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toBe('application/xml; charset=utf-8');
      expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="hoc-ba-[0-9A-F]{32}\.xml"$/);
      expect(Buffer.from(await response.arrayBuffer()).equals(xml)).toBe(true);
      expect((await api.app.request(`/api/v1/records/${'0'.repeat(32)}/xml`, json({ personalId }))).status).toBe(404);
    });
  });

  describe('recall and replace', () => {
    it('recalls before the lock, shows why, and refuses a second recall with already_recalled (409)', async () => {
      const { code } = await pushed(211);
      const recall = (token: string) => api.app.request(`/api/v1/records/${code}/recall`, json({ reason: 'Nhập sai điểm' }, bearer(token)));
      expect((await recall(api.tokens.b)).status).toBe(403);
      const response = await recall(api.tokens.a);
      expect(response.status).toBe(200);
      const recalled = await response.json();
      expect(recalled).toMatchObject({ lookupCode: code, status: 'recalled', recallReason: 'Nhập sai điểm', effectiveFrom: null });
      expect(RecordAnswer.strict().safeParse(recalled).error?.issues).toBeUndefined();
      const again = await recall(api.tokens.a);
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ code: 'already_recalled' });
    });

    it('refuses a recall after the lock date with locked (409) and shows the record locked', async () => {
      const { code } = await pushed(212);
      api.clock.now = afterLockOf(fx.schoolYear);
      try {
        const response = await api.app.request(`/api/v1/records/${code}/recall`, json({ reason: 'muộn' }, bearer(api.tokens.a)));
        expect(response.status).toBe(409);
        expect(await response.json()).toMatchObject({ code: 'locked' });
        expect(await (await api.app.request(`/api/v1/records/${code}`)).json()).toMatchObject({ status: 'in_force', lifecycle: 'valid', locked: true });
      } finally {
        api.clock.now = fx.now;
      }
    });

    it('answers recall_reason_missing (400) for an empty reason', async () => {
      const { code } = await pushed(213);
      const response = await api.app.request(`/api/v1/records/${code}/recall`, json({ reason: ' ' }, bearer(api.tokens.a)));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'recall_reason_missing' });
    });

    it('replaces a record with a corrected one and links both ways', async () => {
      const { code } = await pushed(214);
      // The successor: the same student and year, a corrected comment, a new lookup code, signed again.
      const successorCode = sampleLookupCode('successor', 1);
      const successor = await corrected(214, code, successorCode);
      const response = await api.app.request(`/api/v1/records/${code}/replace`, json({ package: successor }, bearer(api.tokens.a)));
      const body = await response.json();
      expect(body.errors ?? []).toEqual([]);
      expect(body).toMatchObject({ status: 'accepted', lookupCode: successorCode });
      expect(response.status).toBe(201);
      expect(await (await api.app.request(`/api/v1/records/${code}`)).json()).toMatchObject({ status: 'replaced', replacedBy: successorCode, effectiveFrom: null });
      expect(await (await api.app.request(`/api/v1/records/${successorCode}`)).json()).toMatchObject({ status: 'not_locked', lifecycle: 'valid', replaces: code });
      const twice = await api.app.request(`/api/v1/records/${code}/replace`, json({ package: await corrected(214, code, sampleLookupCode('successor', 2)) }, bearer(api.tokens.a)));
      expect(twice.status).toBe(409);
      expect(await twice.json()).toMatchObject({ code: 'already_replaced' });
    });
  });
});
