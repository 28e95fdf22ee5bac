// Database loss on PostgreSQL, in-process server (workers 0): the database taken away mid-push (the backend
// terminated inside the batch transaction) or entirely (a relay cuts every connection and refuses new ones).
// A push then answers a coded 503 with a request id and nothing internal, leaves nothing half-written, and the
// same push succeeds once the database is back; /healthz follows the database (503, then 200).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry, type OpenedRegistry, type Receipt } from '../../api/index.ts';
import { startServer, type RunningServer } from '../../api/server/index.ts';
import { TEST_POSTGRES_URL, withClient } from '../helpers/database.ts';
import { enrolFixtures, makeFixtures, SCHOOLS, type Fixtures } from '../helpers/signed-records.ts';
import { startDatabaseProxy, type DatabaseProxy } from './support/db-proxy.ts';
import { findHalfWritten } from './support/half-written.ts';
import { createFreshDatabase, type FreshDatabase } from './support/processes.ts';

const within = <T>(ms: number, work: Promise<T> | undefined) =>
  Promise.race([work, new Promise((done) => setTimeout(done, ms).unref())]);
type Result = { status: string; receipt?: Receipt; errors?: unknown };

describe('database loss mid-request (PostgreSQL)', () => {
  let fresh: FreshDatabase;
  let proxy: DatabaseProxy;
  let opened: OpenedRegistry;
  let server: RunningServer;
  let fx: Fixtures;
  let token: string;
  let dbName: string;
  let seed = 52_000;
  const batch = async (size: number) => Promise.all(Array.from({ length: size }, () => fx.packaged(SCHOOLS.a, seed++)));

  beforeAll(async () => {
    fresh = await createFreshDatabase('hocba_dbloss');
    dbName = new URL(fresh.url).pathname.slice(1);
    proxy = await startDatabaseProxy(fresh.url);
    fx = await makeFixtures();
    opened = await openRegistry({ url: proxy.url, workers: 0 });
    const { registry } = opened;
    token = (await enrolFixtures(registry, fx, [SCHOOLS.a])).get(SCHOOLS.a.code)!;
    server = await startServer({ registry, port: 0, workers: 0, ping: () => opened.ping() });
  }, 120_000);
  afterAll(async () => {
    // Bounded: a driver connection left broken by the loss must not hang the suite.
    await within(5000, server?.close());
    await within(5000, opened?.close());
    await within(5000, proxy?.close());
    await fresh?.drop();
  });

  const push = (packages: string[]) => fetch(`${server.url}/api/v1/packages`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ packages }),
  });
  const health = async () => (await fetch(`${server.url}/healthz`)).status;

  /** A coded 503: catalogue code, request id, a Retry-After, and nothing of the driver, the SQL or the database. */
  async function expectUnavailable(response: Response): Promise<void> {
    const text = await response.text();
    expect(response.status, text).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const body = JSON.parse(text) as { code: string; requestId: string };
    expect(body.code).toBe('service_unavailable');
    expect(body.requestId).toMatch(/\S{8,}/);
    expect(text).not.toMatch(/postgres|ECONN|CONNECTION_|terminat|insert|select|57P01|hocba_dbloss|\bat \w/i);
  }

  /** Nothing half-written: every record has its accepted submission and accept event, nothing names a missing record. */
  async function expectConsistent(): Promise<number> {
    return withClient(fresh.url, async (db) => {
      expect(await findHalfWritten(async (text) => (await db.query(text)).rows)).toEqual([]);
      const { rows: [counted] } = await db.query<{ n: number }>('select count(*)::int as n from records');
      return counted!.n;
    });
  }

  async function expectAllAccepted(response: Response, size: number): Promise<Result[]> {
    expect(response.status).toBe(200);
    const { results } = await response.json() as { results: Result[] };
    expect(results).toHaveLength(size);
    for (const result of results) expect(result, JSON.stringify(result.errors)).toMatchObject({ status: 'accepted' });
    return results;
  }

  it('pushes a batch while the database is there', async () => {
    await expectAllAccepted(await push(await batch(5)), 5);
    expect(await expectConsistent()).toBe(5);
  });

  it('rolls back a batch whose connection is terminated inside its transaction, then takes the same batch', async () => {
    const packages = await batch(20);
    const terminated: number[] = [];
    let pushing = true;
    // Watch the server's backends and terminate the one that is inside the batch transaction.
    const killer = withClient(TEST_POSTGRES_URL, async (admin) => {
      while (pushing && terminated.length === 0) {
        const { rows } = await admin.query<{ done: boolean; pid: number }>(`select pg_terminate_backend(pid) as done, pid from pg_stat_activity
          where datname = $1 and pid <> pg_backend_pid() and (state like 'idle in transaction%' or query ilike 'insert into "records"%')`, [dbName]);
        for (const row of rows) if (row.done) terminated.push(row.pid);
      }
    });
    const response = await push(packages);
    pushing = false;
    await killer;
    expect(terminated.length, 'the batch transaction was seen and terminated').toBeGreaterThan(0);
    await expectUnavailable(response);
    // All or nothing: none of the 20 packages is stored; the earlier 5 are untouched; the server still answers.
    expect(await expectConsistent()).toBe(5);
    expect(await health()).toBe(200);
    // Recovery: the pool dropped the broken connection; the same batch is taken whole.
    await expectAllAccepted(await push(packages), 20);
    expect(await expectConsistent()).toBe(25);
    expect(await opened.registry.verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('answers 503 while the database is unreachable and recovers when it returns', async () => {
    const packages = await batch(5);
    expect(await health()).toBe(200);
    await proxy.cut();
    try {
      expect(await health()).toBe(503);
      await expectUnavailable(await push(packages));
      await expectUnavailable(await fetch(`${server.url}/api/v1/records/${'0'.repeat(32)}`));
      expect(await health()).toBe(503);
    } finally {
      await proxy.restore();
    }
    expect(await health()).toBe(200);
    // A pooled connection that failed while the database was away may fail once more (503 + Retry-After);
    // the client repeats, as the answer invites. The push is idempotent, so repeating is safe.
    let response = await push(packages);
    for (let tries = 1; response.status === 503 && tries < 3; tries++) {
      await expectUnavailable(response);
      response = await push(packages);
    }
    const results = await expectAllAccepted(response, 5);
    expect(await expectConsistent()).toBe(30);
    expect(await opened.registry.verifyAuditChain()).toMatchObject({ ok: true });
    // Pushed again: the same receipts (the client that never got an answer may safely repeat).
    const again = await push(packages);
    const { results: repeated } = await again.json() as { results: Result[] };
    expect(repeated.map((r) => r.receipt?.receiptId)).toEqual(results.map((r) => r.receipt?.receiptId));
  });
});
