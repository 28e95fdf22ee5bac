// GET /api/v1/operator/records/{code}/lookups (issue 13) on PGlite and PostgreSQL: only a logged-in operator reads
// it (401 without a token or with a school's); it counts the lookups of every public door (API, bulk) from the
// access log, and says nothing of who asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures, SCHOOLS } from '../../helpers/signed-records.ts';
import { bearer, json, openApi, type Api } from './setup.ts';

const USER = 'minh.tran';
const PASSWORD = 'Sở Giáo dục Hà Nội 2026';

const fx = await makeFixtures();

describe.each(databasesUnderTest())('lookup counts for operators through the HTTP API on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  let token: string;
  let code: string;
  const countOf = (lookupCode: string, as?: string, query = '') => api.app.request(`/api/v1/operator/records/${lookupCode}/lookups${query}`, as ? { headers: bearer(as) } : {});

  beforeAll(async () => {
    ({ database, api } = await openApi(open, fx));
    await api.registry.addOperator({ username: USER, displayName: 'Trần Minh', password: PASSWORD }, { now: fx.now });
    token = ((await (await api.app.request('/api/v1/operator/login', json({ username: USER, password: PASSWORD }))).json()) as { token: string }).token;
    const pushed = await api.app.request('/api/v1/packages', json({ package: await fx.packaged(SCHOOLS.a, 1301) }, bearer(api.tokens.a)));
    code = ((await pushed.json()) as { lookupCode: string }).lookupCode;
  });
  afterAll(() => database?.close());

  it('answers 401 without a token, and with a school\'s token', async () => {
    for (const as of [undefined, api.tokens.a]) {
      const response = await countOf(code, as);
      expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([401, expect.stringMatching(/^(unauthorized|token_invalid)$/)]);
    }
  });

  it('counts the public lookups of the API and of bulk verification, and names no requester', async () => {
    for (let i = 0; i < 3; i++) expect((await api.app.request(`/api/v1/records/${code}`)).status).toBe(200);
    const bulk = await api.app.request('/api/v1/verify/batch', json({ codes: [code, code.toLowerCase(), '0'.repeat(32)] }));
    expect(bulk.status).toBe(200);
    await api.registry.flushAccessLog();
    const response = await countOf(code.toLowerCase(), token);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json() as Record<string, unknown>;
    expect(body).toEqual({ lookupCode: code, lookups: 4, since: fx.now.toISOString() });
    const since = new Date(fx.now.getTime() + 1).toISOString();
    expect(await (await countOf(code, token, `?since=${encodeURIComponent(since)}`)).json()).toEqual({ lookupCode: code, lookups: 0, since });
  });

  it('answers 404 for an unknown code and 400 for a malformed one', async () => {
    expect((await countOf('0'.repeat(32), token)).status).toBe(404);
    expect((await countOf('not-a-code', token)).status).toBe(400);
    expect((await countOf(code, token, '?since=yesterday')).status).toBe(400);
  });
});
