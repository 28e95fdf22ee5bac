// Who the client is behind a reverse proxy, and failed authentication throttled per client (issue 11), through
// the real app on PGlite and PostgreSQL. Requests carry a fake Node socket (the env @hono/node-server passes),
// so each test chooses the peer and the X-Forwarded-For chain a client could send; then a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { openRegistry, type OpenedRegistry } from '../../../api/index.ts';
import { parseTrustedProxies } from '../../../api/http/client-address.ts';
import { startServer, type RunningServer } from '../../../api/server/index.ts';
import { createPortal, type Portal } from '../../../api/server/portal.ts';
import { ensureSiteBuilt } from '../../../scripts/build-site.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { spawnServe } from '../../helpers/serve.ts';
import { makeFixtures, SCHOOLS } from '../../helpers/signed-records.ts';
import { bearer, json, openApi, type Api } from './setup.ts';

const PROXY = '10.0.0.2';
const PROXIES = parseTrustedProxies('127.0.0.1/32,10.0.0.0/8');
const CLIENT = '198.51.100.7';
const OPERATOR = { username: 'lan.nguyen', password: 'mật khẩu đủ dài 2024' };

/** The bindings @hono/node-server hands the app for a request whose socket peer is `peer`. */
function socketOf(peer: string) {
  return { incoming: { socket: { remoteAddress: peer, remoteFamily: peer.includes(':') ? 'IPv6' : 'IPv4' } } };
}
/** A request through the proxy: the client wrote `spoofed` (rotated per request), the proxy appended `client`. */
function viaProxy(client: string, spoofed: string, init: RequestInit = {}) {
  return [{ ...init, headers: { ...(init.headers as Record<string, string> | undefined), 'X-Forwarded-For': `${spoofed}, ${client}` } }, socketOf(PROXY)] as const;
}
function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

const fx = await makeFixtures();

describe.each(databasesUnderTest())('clients behind a proxy on $name', ({ open }) => {
  let database: Database;
  let api: Api;

  beforeAll(async () => {
    ({ database, api } = await openApi(open, fx));
    await api.registry.addOperator({ username: OPERATOR.username, displayName: 'Nguyễn Thị Lan', password: OPERATOR.password }, { now: fx.now });
  });
  afterAll(() => database?.close());

  describe('when a client rotates the left-most X-Forwarded-For hop', () => {
    it('still spends one login budget: 40 attempts → 3 × 401, 37 × 429', async () => {
      // A budget of 3 rather than the default 10: each failed login costs a scrypt.
      const app = api.appWith({ trustedProxies: PROXIES, limits: { loginRequestsPerMinute: 3 } });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) {
        const body = json({ username: `nobody${i}`, password: 'đoán mò' });
        statuses.push((await app.request('/api/v1/operator/login', ...viaProxy(CLIENT, `203.0.113.${i}`, body))).status);
      }
      expect(statuses).toEqual([...Array.from({ length: 3 }, () => 401), ...Array.from({ length: 37 }, () => 429)]);
    });

    it('still spends one lookup budget, while another client behind the same proxy keeps its own', async () => {
      const app = api.appWith({ trustedProxies: PROXIES, limits: { publicRequestsPerMinute: 5 } });
      const lookup = (client: string, spoofed: string) => app.request(`/api/v1/records/${'5'.repeat(32)}`, ...viaProxy(client, spoofed));
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await lookup(CLIENT, `203.0.113.${i}`)).status);
      expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
      expect((await lookup('198.51.100.8', '203.0.113.1')).status).toBe(404);
      // An IPv6 client is one budget per /64 (its whole prefix), rotate the rest as it may.
      const v6: number[] = [];
      for (let i = 1; i <= 6; i++) v6.push((await lookup(`2001:db8:1:2::${i.toString(16)}`, '203.0.113.1')).status);
      expect(v6).toEqual([404, 404, 404, 404, 404, 429]);
    });

    it('writes one requester hash to the access log for one client, another for another', async () => {
      const app = api.appWith({ trustedProxies: PROXIES, ipHashKey: 'k'.repeat(64) });
      const pushed = await api.app.request('/api/v1/packages', json({ package: await fx.packaged(SCHOOLS.a, 811) }, bearer(api.tokens.a)));
      const { lookupCode } = (await pushed.json()) as { lookupCode: string };
      await api.registry.flushAccessLog();
      const before = await database.query<{ id: number }>('select coalesce(max(id), 0)::int as id from access_log');
      const asks: Array<[RequestInit, object]> = [
        [...viaProxy(CLIENT, '1.1.1.1')], [...viaProxy(CLIENT, '2.2.2.2')],
        [{ headers: { 'X-Forwarded-For': '3.3.3.3' } }, socketOf(CLIENT)],
        [...viaProxy('198.51.100.8', '1.1.1.1')],
      ];
      for (const [init, env] of asks) expect((await app.request(`/api/v1/records/${lookupCode}`, init, env)).status).toBe(200);
      await api.registry.flushAccessLog();
      const rows = await database.query<{ actor: string }>("select requester as actor from access_log where id > $1 and kind = 'single' order by id", [before[0]!.id]);
      const actors = rows.map((row) => row.actor);
      expect(actors).toHaveLength(4);
      // Through the proxy twice and straight from the socket: the same client, the same hash.
      expect(new Set(actors.slice(0, 3)).size).toBe(1);
      expect(actors[3]).not.toBe(actors[0]);
    });
  });

  describe('when authentication keeps failing from one address', () => {
    it('answers 1,000 wrong school tokens with 30 × 401 then 970 × 429, and refuses the right token too', async () => {
      const app = api.appWith({ trustedProxies: PROXIES });
      const path = `/api/v1/packages/${'6'.repeat(32)}`;
      const statuses: number[] = [];
      for (let i = 0; i < 1000; i++) {
        statuses.push((await app.request(path, ...viaProxy(CLIENT, `203.0.113.${i % 256}`, { headers: bearer(`wrong-token-${i}`) }))).status);
      }
      expect(tally(statuses)).toEqual({ 401: 30, 429: 970 });
      expect(statuses.indexOf(429)).toBe(30);
      const right = await app.request(path, ...viaProxy(CLIENT, '1.1.1.1', { headers: bearer(api.tokens.a) }));
      expect(right.status).toBe(429);
      expect(Number(right.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect(await right.json()).toMatchObject({ code: 'rate_limited' });
      // The same budget holds the operator login; another address is untouched.
      expect((await app.request('/api/v1/operator/login', ...viaProxy(CLIENT, '1.1.1.1', json(OPERATOR)))).status).toBe(429);
      expect((await app.request(path, ...viaProxy('198.51.100.8', '1.1.1.1', { headers: bearer(api.tokens.a) }))).status).toBe(404);
    });

    it('counts school, operator and login failures in one budget, and opens again when the window ends', async () => {
      const start = api.clock.now;
      try {
        const app = api.appWith({ trustedProxies: PROXIES, limits: { authFailuresPerWindow: 3, authFailureWindowMs: 15 * 60_000 } });
        const as = (init: RequestInit) => viaProxy(CLIENT, '1.1.1.1', init);
        const statuses = [
          (await app.request('/api/v1/operator/schools', ...as({ headers: bearer('wrong') }))).status,
          (await app.request('/api/v1/operator/login', ...as(json({ ...OPERATOR, password: 'sai mật khẩu rồi' })))).status,
          (await app.request(`/api/v1/packages/${'6'.repeat(32)}`, ...as({}))).status,
          (await app.request(`/api/v1/packages/${'6'.repeat(32)}`, ...as({ headers: bearer(api.tokens.a) }))).status,
          (await app.request('/api/v1/operator/login', ...as(json(OPERATOR)))).status,
        ];
        expect(statuses).toEqual([401, 401, 401, 429, 429]);
        // Public routes are not authentication: untouched.
        expect((await app.request(`/api/v1/records/${'6'.repeat(32)}`, ...as({}))).status).toBe(404);
        api.clock.now = new Date(start.getTime() + 15 * 60_000 - 1000);
        const late = await app.request(`/api/v1/packages/${'6'.repeat(32)}`, ...as({ headers: bearer(api.tokens.a) }));
        expect([late.status, late.headers.get('Retry-After')]).toEqual([429, '1']);
        api.clock.now = new Date(start.getTime() + 15 * 60_000);
        expect((await app.request(`/api/v1/packages/${'6'.repeat(32)}`, ...as({ headers: bearer(api.tokens.a) }))).status).toBe(404);
        expect((await app.request('/api/v1/operator/login', ...as(json(OPERATOR)))).status).toBe(200);
      } finally {
        api.clock.now = start;
      }
    });
  });
});

describe('a real server behind a loopback proxy', () => {
  let opened: OpenedRegistry;
  let trusting: RunningServer;
  let direct: RunningServer;
  let portal: Portal;

  beforeAll(async () => {
    await ensureSiteBuilt();
    opened = await openRegistry();
    const limits = { publicRequestsPerMinute: 3 };
    const trustedProxies = parseTrustedProxies('127.0.0.1/32,::1/128');
    portal = await createPortal({ registry: opened.registry, requestsPerMinute: 3, trustedProxies });
    trusting = await startServer({ registry: opened.registry, port: 0, limits, trustedProxies, portal: portal.handler });
    direct = await startServer({ registry: opened.registry, port: 0, limits });
  }, 180_000);
  afterAll(async () => {
    await trusting?.close();
    await direct?.close();
    await portal?.close();
    await opened?.close();
  });

  const ask = (server: RunningServer, path: string, forwardedFor: string) =>
    fetch(`${server.url}${path}`, { headers: { 'X-Forwarded-For': forwardedFor } }).then(async (r) => {
      await r.arrayBuffer();
      return r.status;
    });
  const lookup = (server: RunningServer, forwardedFor: string) => ask(server, `/api/v1/records/${'7'.repeat(32)}`, forwardedFor);

  it('reads the socket peer (getConnInfo) and believes X-Forwarded-For only from a trusted one', async () => {
    const rotated: number[] = [];
    for (let i = 0; i < 4; i++) rotated.push(await lookup(trusting, `203.0.113.${i}, ${CLIENT}`));
    expect(rotated).toEqual([404, 404, 404, 429]);
    expect(await lookup(trusting, '198.51.100.8')).toBe(404);
    // Without trusted proxies every header is the client's word: one budget for the socket, whatever it says.
    const spoofing: number[] = [];
    for (let i = 0; i < 4; i++) spoofing.push(await lookup(direct, `198.51.100.${i}`));
    expect(spoofing).toEqual([404, 404, 404, 429]);
  });

  it('gives the portal the same client: a rotated first hop still spends one page budget', async () => {
    const pages: number[] = [];
    for (let i = 0; i < 4; i++) pages.push(await ask(trusting, '/tra-cuu?ma=abc', `203.0.113.${i}, ${CLIENT}`));
    expect(pages).toEqual([400, 400, 400, 429]);
    expect(await ask(trusting, '/tra-cuu?ma=abc', '203.0.113.1, 198.51.100.9')).toBe(400);
  });
});

describe('hocba serve --trusted-proxies', () => {
  it('refuses the old --trust-proxy and a list that is not CIDRs, before opening anything (exit 64)', async () => {
    // The parsing itself is in tests/unit/http/client-address.test.ts; here the option and the variable reach it.
    const outcomes = await Promise.all([
      spawnServe(['--trust-proxy', '--port', '0']),
      spawnServe(['--trusted-proxies', '127.0.0.1/32,10.0.0.0/33', '--port', '0']),
      spawnServe(['--port', '0'], { HOCBA_TRUSTED_PROXIES: 'localhost' }),
    ]);
    const ended = outcomes.map((outcome) => ('code' in outcome ? [outcome.code, outcome.output.split('\n')[0]] : ['listening']));
    expect(ended).toEqual([
      [64, 'hocba serve: --trust-proxy is gone: name the proxies instead, e.g. --trusted-proxies 127.0.0.1/32,10.0.0.0/8'],
      [64, 'hocba serve: --trusted-proxies (or HOCBA_TRUSTED_PROXIES): "10.0.0.0/33" is not an IP address or CIDR block (e.g. 10.0.0.0/8, 127.0.0.1, fd00::/8)'],
      [64, 'hocba serve: --trusted-proxies (or HOCBA_TRUSTED_PROXIES): "localhost" is not an IP address or CIDR block (e.g. 10.0.0.0/8, 127.0.0.1, fd00::/8)'],
    ]);
  }, 240_000);
});
