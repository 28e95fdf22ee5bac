// The database away maps to a coded 503 (not a 500): real driver errors — a refused port, a database that does
// not exist, a backend terminated by an administrator — each through drizzle's wrapper too; other errors stay 500.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { sql } from 'drizzle-orm';
import { isDatabaseUnavailable } from '../../../api/http/database-errors.ts';
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
  const clients: postgres.Sql[] = [];
  const client = (url: string) => {
    const made = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 3 });
    clients.push(made);
    return made;
  };
  let port: number;
  beforeAll(async () => {
    port = await closedPort();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end({ timeout: 1 })));
  });

  it('maps a refused connection, directly and through drizzle, to 503 service_unavailable with Retry-After', async () => {
    const direct = await errorOf(() => client(`postgres://postgres@127.0.0.1:${port}/x`)`select 1`);
    const wrapped = await errorOf(() => drizzle(client(`postgres://postgres@127.0.0.1:${port}/x`)).execute(sql`select 1`));
    for (const error of [direct, wrapped]) {
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(toWireError(error)).toMatchObject({ status: 503, code: 'service_unavailable', headers: { 'Retry-After': '5' } });
    }
  });

  it('maps a missing database (3D000) and a terminated backend (57P01) to 503', async () => {
    const missing = new URL(TEST_POSTGRES_URL);
    missing.pathname = '/hocba_no_such_database';
    expect(toWireError(await errorOf(() => client(missing.toString())`select 1`))).toMatchObject({ status: 503, code: 'service_unavailable' });
    const victim = client(TEST_POSTGRES_URL);
    const [{ pid }] = await victim`select pg_backend_pid() as pid` as unknown as [{ pid: number }];
    const killed = errorOf(() => victim`select pg_sleep(5)`);
    await new Promise((done) => setTimeout(done, 200));
    await client(TEST_POSTGRES_URL)`select pg_terminate_backend(${pid})`;
    const error = await killed;
    expect((error as { code?: string }).code).toMatch(/57P01|CONNECTION_CLOSED/);
    expect(toWireError(error)).toMatchObject({ status: 503, code: 'service_unavailable' });
  });

  it('keeps other errors, SQL errors included, a 500 internal_error', async () => {
    const syntax = await errorOf(() => client(TEST_POSTGRES_URL).unsafe('selec 1'));
    expect((syntax as { code?: string }).code).toBe('42601');
    for (const error of [syntax, new Error('bug'), new TypeError('x is undefined'), 'a string']) {
      expect(isDatabaseUnavailable(error)).toBe(false);
      expect(toWireError(error)).toMatchObject({ status: 500, code: 'internal_error' });
    }
  });
});
