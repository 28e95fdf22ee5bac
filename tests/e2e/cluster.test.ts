// The deployment of docs/DEPLOY.md on this machine, every part real and started here: two `hocba serve` processes
// behind HAProxy (health checks on /healthz), a PostgreSQL streaming replica (DATABASE_READ_URL), budgets shared in
// Redis. Proves: any node serves any request; proxy headers count from HAProxy's address only; and the failure
// drills — a node killed under load loses no request (HAProxy retries), the replica stopped leaves lookups running
// from the primary, the primary away answers writes with the coded 503 while reads go on from the replica, and
// writes work again once it is back. "The primary away" is a relay in front of it cut: the machine's shared
// PostgreSQL is never stopped (the replica streams from it directly, as a standby would from a live primary).
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry } from '../../api/index.ts';
import { ensureSiteBuilt } from '../../scripts/build-site.ts';
import { createFreshDatabase, type FreshDatabase } from '../helpers/database.ts';
import { startHaproxy, type RunningHaproxy } from '../helpers/haproxy.ts';
import { freePort, startReplica, type Replica } from '../helpers/replica.ts';
import { startServe } from '../helpers/serve.ts';
import { enrolFixtures, makeFixtures, SCHOOLS, type Fixtures } from '../helpers/signed-records.ts';
import { startDatabaseProxy, type DatabaseProxy } from '../security/support/db-proxy.ts';

const REDIS_URL = process.env.HOCBA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const HAPROXY_SOURCE = '127.0.0.2';
const LOGIN_LIMIT = 3;

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One HTTP request from a chosen local address (127.0.0.x are all this machine), no keep-alive. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: options.method ?? 'GET', headers: { Connection: 'close', ...options.headers }, agent: false,
      ...(options.from ? { localAddress: options.from } : {}),
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

let fx: Fixtures;
let token: string;
let fresh: FreshDatabase;
let replica: Replica;
let primary: DatabaseProxy;
let haproxy: RunningHaproxy;
const nodes: { name: string; port: number; url: string; child: ChildProcess }[] = [];
let seeded: string[] = [];
let seed = 70_000;

async function startNode(name: string, port: number, haproxyPort: number): Promise<(typeof nodes)[number]> {
  const started = await startServe([
    '--port', String(port), '--workers', '1', '--log-level', 'error',
    '--trusted-proxies', `${HAPROXY_SOURCE}/32`, '--limits-store', REDIS_URL,
    '--public-rate-limit', '0', '--page-rate-limit', '0', '--school-rate-limit', '0', '--login-rate-limit', String(LOGIN_LIMIT),
  ], {
    DATABASE_URL: primary.url, DATABASE_READ_URL: replica.urlOf(fresh.url), HOCBA_PUBLIC_URL: `http://127.0.0.1:${haproxyPort}`,
  });
  return { name, port, url: started.url, child: started.child };
}

/** Pushes fresh packages through HAProxy; the lookup codes of the accepted ones. */
async function push(count: number): Promise<Answer & { codes: string[] }> {
  const packages = [];
  for (let i = 0; i < count; i += 1) packages.push(await fx.packaged(SCHOOLS.a, (seed += 1)));
  const answer = await send(`${haproxy.url}/api/v1/packages`, {
    method: 'POST', body: JSON.stringify({ packages }), headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  });
  const results = answer.status === 201 || answer.status === 200 ? (JSON.parse(answer.body) as { results: { lookupCode: string; status: string }[] }).results : [];
  return { ...answer, codes: results.filter((result) => result.status === 'accepted').map((result) => result.lookupCode) };
}

/** `concurrency` loops of GET lookups through HAProxy until `during` settles; every answer's status. */
async function underLoad(paths: readonly string[], during: () => Promise<void>, concurrency = 8): Promise<number[]> {
  const statuses: number[] = [];
  let done = false;
  const loops = Array.from({ length: concurrency }, async (_, loop) => {
    for (let i = loop; !done; i += concurrency) {
      try {
        statuses.push((await send(`${haproxy.url}${paths[i % paths.length]!}`)).status);
      } catch {
        statuses.push(0);
      }
    }
  });
  // Some load before and after the event, so it really happens under load.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await during();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  done = true;
  await Promise.all(loops);
  return statuses;
}

const tally = (statuses: readonly number[]) => statuses.reduce<Record<number, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

beforeAll(async () => {
  await ensureSiteBuilt();
  fx = await makeFixtures();
  fresh = await createFreshDatabase('hocba_cluster');
  // The schema and the school, on the primary before the base backup.
  const setup = await openRegistry({ url: fresh.url });
  token = (await enrolFixtures(setup.registry, fx, [SCHOOLS.a])).get(SCHOOLS.a.code)!;
  await setup.close();
  replica = await startReplica();
  primary = await startDatabaseProxy(fresh.url);
  const [haproxyPort, port1, port2] = [await freePort(), await freePort(), await freePort()];
  // In order, whichever is up first: nodes[0] is n1, nodes[1] is n2.
  nodes.push(...await Promise.all([startNode('n1', port1, haproxyPort), startNode('n2', port2, haproxyPort)]));
  haproxy = await startHaproxy({ port: haproxyPort, servers: nodes.map(({ name, port }) => ({ name, port })), checkMs: 500 });
  const pushed = await push(6);
  if (pushed.codes.length !== 6) throw new Error(`the seed push answered ${pushed.status}: ${pushed.body.slice(0, 2000)}`);
  seeded = pushed.codes;
  await replica.caughtUp();
}, 300_000);

afterAll(async () => {
  await haproxy?.stop();
  for (const node of nodes) {
    if (node.child.exitCode === null && node.child.signalCode === null) {
      const exited = new Promise((resolve) => node.child.once('exit', resolve));
      node.child.kill('SIGTERM');
      await exited;
    }
  }
  await primary?.close();
  await replica?.remove();
  await fresh?.drop();
}, 120_000);

describe('two nodes behind HAProxy', () => {
  it('both nodes are up, and any node serves any request: one node\'s write is read on the other at once', async () => {
    expect(await haproxy.states()).toEqual({ n1: 'UP', n2: 'UP' });
    const { codes } = await push(1);
    const [code] = codes as [string];
    // Not yet replayed or not, each node finds it (the replica's miss goes to the primary).
    for (const node of nodes) {
      const answer = await send(`${node.url}/api/v1/records/${code}`);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ lookupCode: code });
    }
    // Round robin: of four requests through HAProxy each node gets some; JSON and HTML alike.
    for (let i = 0; i < 4; i += 1) {
      expect((await send(`${haproxy.url}/api/v1/records/${code}`)).status).toBe(200);
      const page = await send(`${haproxy.url}/tra-cuu/${code}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain(code.slice(0, 4));
    }
  });

  it('believes X-Forwarded-For from HAProxy only, and the login budget is one across both nodes', async () => {
    const login = (base: string, from: string, headers: Record<string, string> = {}) => send(`${base}/api/v1/operator/login`, {
      method: 'POST', from, body: JSON.stringify({ username: 'nobody', password: 'not the password at all' }),
      headers: { 'Content-Type': 'application/json', ...headers },
    });
    // From 127.0.0.1 through HAProxy: a forged X-Forwarded-For is replaced by HAProxy, so it buys no fresh budget.
    const spent = [];
    for (let i = 0; i <= LOGIN_LIMIT; i += 1) spent.push((await login(haproxy.url, '127.0.0.1', { 'X-Forwarded-For': `198.51.100.${i}` })).status);
    expect(spent).toEqual([...Array.from({ length: LOGIN_LIMIT }, () => 401), 429]);
    // Another client (127.0.0.3) through HAProxy has its own budget: HAProxy's header is believed.
    expect((await login(haproxy.url, '127.0.0.3')).status).toBe(401);
    // Straight to each node, 127.0.0.3 claims to be someone else: not a trusted proxy, so the header is ignored
    // and the attempts count against 127.0.0.3 — on the shared budget, whichever node is asked.
    expect((await login(nodes[0]!.url, '127.0.0.3', { 'X-Forwarded-For': '203.0.113.9' })).status).toBe(401);
    expect((await login(nodes[1]!.url, '127.0.0.3', { 'X-Forwarded-For': '203.0.113.9' })).status).toBe(401);
    expect((await login(haproxy.url, '127.0.0.3')).status).toBe(429);
  });
});

describe('failure drills', () => {
  it('a node killed under load loses no request: HAProxy repeats the lost ones on the other node', async () => {
    const paths = seeded.flatMap((code) => [`/api/v1/records/${code}`, `/tra-cuu/${code}`]);
    const victim = nodes[1]!;
    const statuses = await underLoad(paths, async () => {
      victim.child.kill('SIGKILL');
    });
    expect(statuses.length).toBeGreaterThan(50);
    expect(tally(statuses)).toEqual({ 200: statuses.length });
    // The health checks have taken it out.
    let states = await haproxy.states();
    for (let tries = 0; tries < 100 && states.n2 !== 'DOWN'; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      states = await haproxy.states();
    }
    expect(states).toEqual({ n1: 'UP', n2: 'DOWN' });
  });

  it('with the replica stopped, lookups go on from the primary', async () => {
    const paths = seeded.map((code) => `/api/v1/records/${code}`);
    const statuses = await underLoad(paths, () => replica.stop());
    expect(tally(statuses)).toEqual({ 200: statuses.length });
    expect((await send(`${haproxy.url}/healthz`)).status).toBe(200);
    await replica.start();
    await replica.caughtUp();
  });

  it('with the primary away: writes answer the coded 503, reads go on from the replica; writes work again once it is back', async () => {
    const paths = seeded.map((code) => `/api/v1/records/${code}`);
    let refused: Answer | undefined;
    const statuses = await underLoad(paths, async () => {
      await primary.cut();
      // Let the pooled connections notice, then write.
      await new Promise((resolve) => setTimeout(resolve, 300));
      refused = await push(1);
    });
    expect(tally(statuses)).toEqual({ 200: statuses.length });
    expect(refused?.status).toBe(503);
    expect(JSON.parse(refused!.body)).toMatchObject({ code: 'service_unavailable' });
    expect(refused!.headers['retry-after']).toBeDefined();
    // The node stays in HAProxy's rotation: it still answers lookups (its replica does).
    expect((await send(`${haproxy.url}/healthz`)).status).toBe(200);
    expect(await haproxy.states()).toMatchObject({ n1: 'UP' });

    await primary.restore();
    // A pooled connection cut with the relay may fail one more write (Retry-After invites the repeat).
    let again = await push(1);
    if (again.status === 503) again = await push(1);
    expect(again.status).toBe(200);
    expect(again.codes).toHaveLength(1);
    expect((await send(`${haproxy.url}/api/v1/records/${again.codes[0]!}`)).status).toBe(200);
  });
});
