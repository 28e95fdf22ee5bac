// One budget per client across nodes (SPEC §3, issue 14): two apps, each with its own connection to the Redis on
// this machine (as two processes would have), share every budget — the second refuses once the first has spent
// it; with the store away each still limits in its own memory (never unlimited, never a failed request), and
// counts are shared again once the store is back; limit 0 turns a budget off; no client address reaches the store.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../db/client.ts';
import { connectSharedLimits, type SharedLimits } from '../../../api/http/shared-limits.ts';
import { freePort } from '../../helpers/replica.ts';
import { makeFixtures, type Fixtures } from '../../helpers/signed-records.ts';
import { startDatabaseProxy, type DatabaseProxy } from '../../security/support/db-proxy.ts';
import { bearer, setUpApi, type Api } from './setup.ts';

const REDIS_URL = process.env.HOCBA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `hocba-test:${randomBytes(6).toString('hex')}`;
let fx: Fixtures;
let database: Database;
let api: Api;
const opened: SharedLimits[] = [];
const lookup = (code = '7'.repeat(32)) => `/api/v1/records/${code}`;

/** A node's connection to the store (each test its own prefix, so budgets never leak between tests). */
function store(url: string, name: string): SharedLimits {
  const shared = connectSharedLimits(url, { prefix: `${prefix}:${name}` });
  opened.push(shared);
  return shared;
}

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !condition(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(condition()).toBe(true);
}

beforeAll(async () => {
  fx = await makeFixtures();
  database = await openDatabase({ url: undefined });
  api = await setUpApi(database, fx);
}, 120_000);

afterAll(async () => {
  for (const shared of opened) await shared.close();
  const admin = new Redis(REDIS_URL);
  const keys = await admin.keys(`${prefix}:*`);
  if (keys.length > 0) await admin.del(...keys);
  admin.disconnect();
  await database?.close();
});

describe('shared rate limits in Redis', () => {
  it('two nodes share one public budget per client: the second refuses once the first has spent it', async () => {
    const [a, b] = [store(REDIS_URL, 'public'), store(REDIS_URL, 'public')];
    await until(() => a.connected && b.connected);
    const nodeA = api.appWith({ limits: { publicRequestsPerMinute: 4 }, limiters: a.limiters });
    const nodeB = api.appWith({ limits: { publicRequestsPerMinute: 4 }, limiters: b.limiters });
    for (let i = 0; i < 4; i += 1) expect((await nodeA.request(lookup())).status).toBe(404);
    const refused = await nodeB.request(lookup());
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('Retry-After'))).toBeLessThanOrEqual(60);
    expect(a.counters.fallbacks + b.counters.fallbacks).toBe(0);
    // Written to the store under a hash: no address and no budget key in clear.
    const admin = new Redis(REDIS_URL);
    const keys = await admin.keys(`${prefix}:public*`);
    admin.disconnect();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => /address|local|127\.0\.0\.1/.test(key))).toEqual([]);
  });

  it('shares a school token\'s budget too', async () => {
    const [a, b] = [store(REDIS_URL, 'school'), store(REDIS_URL, 'school')];
    await until(() => a.connected && b.connected);
    const own = (app: ReturnType<Api['appWith']>) => app.request(`/api/v1/packages/${'3'.repeat(32)}`, { headers: bearer(api.tokens.a) });
    const nodeA = api.appWith({ limits: { schoolRequestsPerMinute: 2 }, limiters: a.limiters });
    const nodeB = api.appWith({ limits: { schoolRequestsPerMinute: 2 }, limiters: b.limiters });
    expect((await own(nodeA)).status).toBe(404);
    expect((await own(nodeB)).status).toBe(404);
    expect((await own(nodeA)).status).toBe(429);
    expect((await own(nodeB)).status).toBe(429);
  });

  it('with the store away from the start, each node still limits in its own memory', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const away = store(closed, 'away');
    const node = api.appWith({ limits: { publicRequestsPerMinute: 3 }, limiters: away.limiters });
    for (let i = 0; i < 3; i += 1) expect((await node.request(lookup())).status).toBe(404);
    expect((await node.request(lookup())).status).toBe(429);
    expect(away.counters.fallbacks).toBe(4);
    expect(away.counters.shared).toBe(0);
  });

  it('when the store goes away mid-window, requests are still answered and limited; once back, the shared count holds again', async () => {
    const relay: DatabaseProxy = await startDatabaseProxy(REDIS_URL);
    try {
      const [a, b] = [store(relay.url, 'drill'), store(relay.url, 'drill')];
      await until(() => a.connected && b.connected);
      const nodeA = api.appWith({ limits: { publicRequestsPerMinute: 4 }, limiters: a.limiters });
      const nodeB = api.appWith({ limits: { publicRequestsPerMinute: 4 }, limiters: b.limiters });
      expect((await nodeA.request(lookup())).status).toBe(404);
      expect((await nodeA.request(lookup())).status).toBe(404);
      await relay.cut();
      await until(() => !a.connected);
      // Memory: node A counts from nothing, and stops at the limit.
      const answered = [];
      for (let i = 0; i < 5; i += 1) answered.push((await nodeA.request(lookup())).status);
      expect(answered).toEqual([404, 404, 404, 404, 429]);
      expect(a.counters.fallbacks).toBe(5);
      await relay.restore();
      await until(() => a.connected && b.connected);
      // The store still holds the 2 counted before it went: 2 more anywhere, then refused everywhere.
      expect((await nodeB.request(lookup())).status).toBe(404);
      expect((await nodeA.request(lookup())).status).toBe(404);
      expect((await nodeB.request(lookup())).status).toBe(429);
    } finally {
      await relay.close();
    }
  });

  it('limit 0 turns a budget off: nothing counted, nothing refused, no RateLimit headers', async () => {
    const off = store(REDIS_URL, 'off');
    const node = api.appWith({ limits: { publicRequestsPerMinute: 0 }, limiters: off.limiters });
    for (let i = 0; i < 30; i += 1) {
      const answer = await node.request(lookup());
      expect(answer.status).toBe(404);
      expect(answer.headers.get('RateLimit-Limit')).toBeNull();
    }
    expect(off.counters.shared + off.counters.fallbacks).toBe(0);
    // The in-process default honours 0 the same way.
    const local = api.appWith({ limits: { publicRequestsPerMinute: 0 } });
    for (let i = 0; i < 30; i += 1) expect((await local.request(lookup())).status).toBe(404);
  });

  it('refuses a store URL that is not redis://', () => {
    expect(() => connectSharedLimits('postgres://127.0.0.1/x')).toThrow(/redis:\/\//);
  });
});
