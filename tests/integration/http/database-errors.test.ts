// The database away maps to a coded 503 (not a 500): real driver errors — a refused port, a database that does
// not exist, a backend terminated by an administrator — each through drizzle's wrapper too; other errors stay 500.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import { isDatabaseUnavailable } from '../../../api/registry/database-errors.ts';
import { toWireError } from '../../../api/http/error-handler.ts';
import { TEST_POSTGRES_URL } from '../../helpers/database.ts';

async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}


describe('database errors on the wire', () => {
  const ends: (() => Promise<void>)[] = [];
  /** A node-postgres client as the server has them: 'error' events listened to, connected lazily by the pool. */
  const pool = (url: string) => {
    const made = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 3000 });
    made.on('error', () => {});
    made.on('connect', (client) => client.on('error', () => {}));
    ends.push(() => made.end());
    return made;
  };
  let port: number;
  beforeAll(async () => {
    port = await closedPort();
  });
  afterAll(async () => {
    await Promise.all(ends.map((end) => end().catch(() => {})));
  });

  it('maps a refused connection, directly and through drizzle, to 503 service_unavailable with Retry-After', async () => {
    const direct = await errorOf(() => pool(`postgres://postgres@127.0.0.1:${port}/x`).query('select 1'));
    const wrapped = await errorOf(() => drizzle(pool(`postgres://postgres@127.0.0.1:${port}/x`)).execute(sql`select 1`));
    for (const error of [direct, wrapped]) {
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(toWireError(error)).toMatchObject({ status: 503, code: 'service_unavailable', headers: { 'Retry-After': '5' } });
    }
  });

  it('maps a missing database (3D000), a terminated backend (57P01) and its dead connection to 503', async () => {
    const missing = new URL(TEST_POSTGRES_URL);
    missing.pathname = '/hocba_no_such_database';
    expect(toWireError(await errorOf(() => pool(missing.toString()).query('select 1')))).toMatchObject({ status: 503, code: 'service_unavailable' });
    const victim = await pool(TEST_POSTGRES_URL).connect();
    const { pid } = (await victim.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!;
    const killed = errorOf(() => victim.query('select pg_sleep(5)'));
    await new Promise((done) => setTimeout(done, 200));
    await pool(TEST_POSTGRES_URL).query('select pg_terminate_backend($1)', [pid]);
    const error = await killed;
    expect((error as { code?: string }).code ?? (error as Error).message).toMatch(/57P01|Connection terminated unexpectedly/);
    // The same client afterwards: no SQLSTATE, only node-postgres's message.
    const afterwards = await errorOf(() => victim.query('select 1'));
    expect((afterwards as Error).message).toMatch(/not queryable|Connection terminated unexpectedly/);
    victim.release(true);
    for (const each of [error, afterwards]) expect(toWireError(each)).toMatchObject({ status: 503, code: 'service_unavailable' });
  });

  it('maps a pool that cannot get a connection in time to 503', async () => {
    // Its one connection is taken, so the next query waits for it longer than the pool allows.
    const waited = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 1, connectionTimeoutMillis: 50 });
    ends.push(() => waited.end());
    const taken = await waited.connect();
    const timedOut = await errorOf(() => waited.query('select 1'));
    taken.release();
    expect((timedOut as Error).message).toBe('timeout exceeded when trying to connect');
    expect(toWireError(timedOut)).toMatchObject({ status: 503, code: 'service_unavailable' });
  });

  it('keeps other errors, SQL errors and look-alike messages with a code included, a 500 internal_error', async () => {
    const syntax = await errorOf(() => pool(TEST_POSTGRES_URL).query('selec 1'));
    expect((syntax as { code?: string }).code).toBe('42601');
    const coded = Object.assign(new Error('timeout expired'), { code: 'HB001' });
    for (const error of [syntax, coded, new Error('bug'), new TypeError('x is undefined'), 'a string']) {
      expect(isDatabaseUnavailable(error)).toBe(false);
      expect(toWireError(error)).toMatchObject({ status: 500, code: 'internal_error' });
    }
  });
});
