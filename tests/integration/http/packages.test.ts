import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { encodePackage } from '../../../api/index.ts';
import { OwnRecordAnswer } from '../../../api/http/schemas.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures, SCHOOLS } from '../../helpers/signed-records.ts';
import { bearer, json, openApi, type Api } from './setup.ts';

const fx = await makeFixtures();

interface Result { lookupCode: string | null; status: string; receipt?: { receiptId: string; lookupCode: string; digest: string }; errors?: { code: string; path?: string; signature?: number }[] }

describe.each(databasesUnderTest())('POST /api/v1/packages on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  const push = (body: unknown, token = api.tokens.a) => api.app.request('/api/v1/packages', json(body, bearer(token)));

  beforeAll(async () => ({ database, api } = await openApi(open, fx)));
  afterAll(() => database?.close());

  describe('when one good package is pushed', () => {
    it('answers 201 with a receipt, and the same receipt for the same bytes again', async () => {
      const pkg = await fx.packaged(SCHOOLS.a, 101);
      const first = await push({ package: pkg });
      expect(first.status).toBe(201);
      const body = (await first.json()) as Result;
      expect(body).toMatchObject({ status: 'accepted', receipt: { lookupCode: body.lookupCode, schoolCode: SCHOOLS.a.code } });
      expect(body.lookupCode).toMatch(/^[0-9A-F]{32}$/);
      const again = await push({ package: pkg });
      expect(again.status).toBe(201);
      expect(await again.json()).toEqual(body);
    });

    it('rejects another document under the same lookup code with code_taken (422)', async () => {
      const pkg = await fx.packaged(SCHOOLS.a, 102);
      const first = (await (await push({ package: pkg })).json()) as Result;
      const other = await fx.packaged(SCHOOLS.a, 103, { lookupCode: first.lookupCode! });
      const response = await push({ package: other });
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ lookupCode: first.lookupCode, status: 'rejected', errors: [{ code: 'code_taken' }] });
    });
  });

  describe('when a batch is pushed', () => {
    it('answers 200 with one result per package, in order', async () => {
      const good1 = await fx.packaged(SCHOOLS.a, 111);
      const good2 = await fx.packaged(SCHOOLS.a, 112);
      const response = await push({ packages: [good1, 'không phải base64!', good2, ''] });
      expect(response.status).toBe(200);
      const { results } = (await response.json()) as { results: Result[] };
      expect(results.map((r) => [r.status, r.errors?.[0]?.code])).toEqual([
        ['accepted', undefined], ['rejected', 'package_not_base64'], ['accepted', undefined], ['rejected', 'package_empty'],
      ]);
    });

    it('refuses more than 500 packages with batch_too_large (413) before checking any', async () => {
      const response = await push({ packages: Array.from({ length: 501 }, () => 'x') });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ code: 'batch_too_large', path: 'packages' });
    });
  });

  describe('when a package is bad', () => {
    it('rejects a tampered package with digest_mismatch', async () => {
      const xml = await fx.signed(SCHOOLS.a, 121);
      const tampered = xml.replace(/<HoTen>[^<]+<\/HoTen>/, '<HoTen>Nguyễn Văn Giả</HoTen>');
      expect(tampered).not.toBe(xml);
      const response = await push({ package: encodePackage(tampered) });
      expect(response.status).toBe(422);
      const body = (await response.json()) as Result;
      // Both signatures (the homeroom teacher's and the school's seal) cover DuLieu, and each is broken by the change.
      expect(body.errors!.map((e) => [e.code, e.signature])).toEqual([['digest_mismatch', 1], ['digest_mismatch', 2]]);
    });

    it("rejects another school's record with school_mismatch at MaTruong", async () => {
      const response = await push({ package: await fx.packaged(SCHOOLS.a, 122) }, api.tokens.b);
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ status: 'rejected', errors: [{ code: 'school_mismatch', path: 'MaTruong' }] });
    });

    it('rejects bad base64 with package_not_base64 and a gzip bomb with package_bomb', async () => {
      const notBase64 = await push({ package: '@@@@' });
      expect(await notBase64.json()).toMatchObject({ lookupCode: null, status: 'rejected', errors: [{ code: 'package_not_base64' }] });
      const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20)).toString('base64');
      const response = await push({ package: bomb });
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ status: 'rejected', errors: [{ code: 'package_bomb' }] });
    });

    it('answers a body that is not the contract with invalid_request (400) and its path', async () => {
      const both = await push({ package: 'a', packages: [] });
      expect(both.status).toBe(400);
      expect(await both.json()).toMatchObject({ code: 'invalid_request' });
      const wrongType = await push({ packages: ['a', 7] });
      expect(await wrongType.json()).toMatchObject({ code: 'invalid_request', path: 'packages.1' });
      const malformed = await api.app.request('/api/v1/packages', { method: 'POST', body: '{"package":', headers: bearer(api.tokens.a) });
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ code: 'invalid_request', path: 'body' });
    });
  });

  describe('when the caller is not a school', () => {
    it('answers 401 unauthorized without a token and token_invalid with a wrong one', async () => {
      const none = await api.app.request('/api/v1/packages', json({ package: 'x' }));
      expect(none.status).toBe(401);
      expect(none.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
      expect(await none.json()).toMatchObject({ code: 'unauthorized' });
      const wrong = await push({ package: 'x' }, `${api.tokens.a.slice(0, -2)}xx`);
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ code: 'token_invalid' });
    });
  });

  describe('GET /api/v1/packages/{code}', () => {
    it("shows the school its own record with the receipt, and another school's with 403 not_your_record", async () => {
      const pushed = (await (await push({ package: await fx.packaged(SCHOOLS.a, 131) })).json()) as Result;
      const code = pushed.lookupCode!;
      const own = await api.app.request(`/api/v1/packages/${code.toLowerCase()}`, { headers: bearer(api.tokens.a) });
      expect(own.status).toBe(200);
      const body = await own.json();
      expect(body).toMatchObject({ lookupCode: code, status: 'not_locked', lifecycle: 'valid', receipt: pushed.receipt });
      // The documented shape (OpenAPI `OwnRecord`) is the answer's, key for key.
      expect(OwnRecordAnswer.strict().safeParse(body).error?.issues).toBeUndefined();
      const other = await api.app.request(`/api/v1/packages/${code}`, { headers: bearer(api.tokens.b) });
      expect(other.status).toBe(403);
      expect(await other.json()).toMatchObject({ code: 'not_your_record' });
      const unknown = await api.app.request(`/api/v1/packages/${'0'.repeat(32)}`, { headers: bearer(api.tokens.a) });
      expect(unknown.status).toBe(404);
    });
  });

  describe('when the body is over the size limit', () => {
    it('answers 413 body_too_large before reading it whole', async () => {
      const small = api.appWith({ limits: { pushBodyBytes: 1024 } });
      const response = await small.request('/api/v1/packages', json({ package: 'A'.repeat(4096) }, bearer(api.tokens.a)));
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ code: 'body_too_large' });
    });
  });
});
