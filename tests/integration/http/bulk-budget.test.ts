// Bulk verification charges every listed code to the asker's budget, not every request (issue 11, SPEC §9): a list
// of N codes costs N, so a client cannot look up codes by the thousand per minute in requests that each pass.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { createServerAnswers } from '../../../api/server/answers.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures } from '../../helpers/signed-records.ts';
import { json, openApi, type Api } from './setup.ts';

const fx = await makeFixtures();

const codes = (n: number) => Array.from({ length: n }, () => randomUUID().replaceAll('-', '').toUpperCase());

describe.each(databasesUnderTest())('the bulk code budget on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  beforeAll(async () => ({ database, api } = await openApi(open, fx)));
  afterAll(() => database?.close());

  it('counts each listed code: 5 codes in one request spend a budget of 5, the next single code is refused until the minute ends', async () => {
    const server = createServerAnswers({ registry: api.registry, bulkCodesPerMinute: 5, clock: () => api.clock.now, publicUrl: 'https://hocba.example.vn' });
    const app = api.appWith({ answers: server.answers });
    const batch = (n: number) => app.request('/api/v1/verify/batch', json({ codes: codes(n) }));
    const first = await batch(5);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { results: unknown[] }).results).toHaveLength(5);
    const second = await batch(1);
    expect(second.status).toBe(429);
    expect(await second.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    api.clock.now = new Date(api.clock.now.getTime() + 60_000);
    expect((await batch(5)).status).toBe(200);
    expect((await batch(2)).status).toBe(429);
    api.clock.now = new Date(api.clock.now.getTime() + 60_000);
    await server.close();
  });

  it('keeps one asker\'s spent budget from touching another asker', async () => {
    const server = createServerAnswers({ registry: api.registry, bulkCodesPerMinute: 3, clock: () => api.clock.now, publicUrl: 'https://hocba.example.vn' });
    expect(await server.answers.verifyCodes(codes(3), { actor: 'api:one' })).toMatchObject({ kind: 'rows' });
    expect(await server.answers.verifyCodes(codes(1), { actor: 'api:one' })).toMatchObject({ kind: 'limited' });
    expect(await server.answers.verifyCodes(codes(3), { actor: 'api:two' })).toMatchObject({ kind: 'rows' });
    await server.close();
  });
});
