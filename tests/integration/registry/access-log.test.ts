// Lookups off the write path (issue 13): a lookup only reads and is noted in the access log, written in batches with
// no lock; counts are exact (single and bulk); the buffer stays bounded; retention deletes exactly the old rows and
// nothing else can; the public view never reads the package or XML bytes; a held audit-chain lock stops no lookup.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { openDatabase } from '../../../db/client.ts';
import { CHAIN_LOCK } from '../../../api/registry/audit.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import type { Registry } from '../../../api/registry/index.ts';
import { createFreshDatabase, databasesUnderTest, sqlStateOf, TEST_POSTGRES_URL, withClient } from '../../helpers/database.ts';
import { BEFORE_LOCK, makeRegistryFixtures, newLookupCode, openRegistryFixture, SCHOOL_A, setUpRegistry, type Fixture } from './setup.ts';

const DAY = 86_400_000;
const pki = await makeRegistryFixtures();

async function accepted(fx: Fixture, count: number): Promise<string[]> {
  const codes = Array.from({ length: count }, () => newLookupCode());
  const packages = await Promise.all(codes.map((lookupCode) => fx.pkg({ lookupCode, schoolCode: SCHOOL_A })));
  const results = await fx.registry.submitPackages(SCHOOL_A, packages, BEFORE_LOCK);
  expect(results.map((result) => result.status)).toEqual(codes.map(() => 'accepted'));
  return codes;
}

const stateOf = (work: Promise<unknown>) => work.then(() => 'done', (error: unknown) => sqlStateOf(error) ?? String(error));

describe.each(databasesUnderTest())('the access log on $name', ({ open }) => {
  let database: Database;
  let fx: Fixture;
  let codes: string[];
  /** A second registry on the same database, with its own buffer settings. */
  const wired: { close(): Promise<void> }[] = [];
  const registryWith = (accessLog: NonNullable<Parameters<typeof wireRegistry>[1]>['accessLog']): Registry => {
    const one = wireRegistry(database, { clock: () => BEFORE_LOCK, ...(accessLog ? { accessLog } : {}) });
    wired.push(one);
    return one.registry;
  };
  const rowsOf = async (code: string) => database.query<{ kind: string; requester: string }>(
    'select kind, requester from access_log where lookup_code = $1 order by id', [code]);

  beforeAll(async () => {
    ({ database, fx } = await openRegistryFixture(open, pki));
    codes = await accepted(fx, 4);
  });
  afterAll(async () => {
    for (const one of wired) await one.close();
    await database?.close();
  });

  describe('when records are looked up', () => {
    it('writes no audit event and counts every lookup exactly, single and bulk, once flushed', async () => {
      const [one, two] = codes as [string, string];
      const [{ n: eventsBefore }] = await database.query<{ n: number }>('select count(*)::int as n from events') as [{ n: number }];
      for (let i = 0; i < 5; i++) expect((await fx.registry.getRecord(one, { actor: `api:${i}` }))?.lookupCode).toBe(one);
      await Promise.all(Array.from({ length: 40 }, (_, i) => fx.registry.getRecord(two.toLowerCase(), { actor: `portal:${i % 3}` })));
      await fx.registry.journalLookups([one, two], { actor: 'api:bulk' });
      // Without an asker (the school's own reads, HEAD of a copy) nothing is noted.
      await fx.registry.getRecord(one);
      await fx.registry.flushAccessLog();
      expect(await fx.registry.countLookups(one)).toEqual({ lookupCode: one, lookups: 6, since: BEFORE_LOCK.toISOString() });
      expect((await fx.registry.countLookups(two))?.lookups).toBe(41);
      expect((await rowsOf(one)).map((row) => row.kind)).toEqual(['single', 'single', 'single', 'single', 'single', 'batch']);
      expect(await database.query('select count(*)::int as n from events')).toEqual([{ n: eventsBefore }]);
      expect(fx.registry.accessLogCounters).toMatchObject({ noted: 47, written: 47, failedFlushes: 0, lost: 0 });
    });

    it('counts from a given instant, and answers null for a record that does not exist', async () => {
      const code = codes[2]!;
      await fx.registry.getRecord(code, { actor: 'api:old', now: new Date(BEFORE_LOCK.getTime() - 10 * DAY) });
      await fx.registry.getRecord(code, { actor: 'api:new', now: BEFORE_LOCK });
      await fx.registry.flushAccessLog();
      expect(await fx.registry.countLookups(code)).toMatchObject({ lookups: 2, since: new Date(BEFORE_LOCK.getTime() - 10 * DAY).toISOString() });
      expect(await fx.registry.countLookups(code, { since: new Date(BEFORE_LOCK.getTime() - DAY) })).toEqual({ lookupCode: code, lookups: 1, since: new Date(BEFORE_LOCK.getTime() - DAY).toISOString() });
      expect(await fx.registry.countLookups(newLookupCode())).toBeNull();
      expect(await fx.registry.countLookups('not a code')).toBeNull();
    });

    it('writes the lookups still in memory when the registry closes', async () => {
      const registry = registryWith({ flushMs: 3_600_000, batchSize: 1000 });
      const code = codes[3]!;
      const before = (await fx.registry.countLookups(code))!.lookups;
      for (let i = 0; i < 3; i++) await registry.getRecord(code, { actor: 'api:x' });
      expect(registry.accessLogCounters).toMatchObject({ noted: 3, written: 0 });
      await registry.close();
      expect((await fx.registry.countLookups(code))!.lookups).toBe(before + 3);
    });
  });

  describe('when lookups come faster than the buffer is written', () => {
    it('never holds more than maxPending entries: a lookup that would pass it waits for a flush (counted)', async () => {
      const registry = registryWith({ maxPending: 10, batchSize: 1000, flushMs: 3_600_000 });
      const code = codes[0]!;
      const before = (await fx.registry.countLookups(code))!.lookups;
      for (let i = 0; i < 25; i++) await registry.getRecord(code, { actor: 'api:seq' });
      // The 11th and the 21st found the buffer full: two flushes of ten, five still waiting.
      expect(registry.accessLogCounters).toMatchObject({ noted: 25, written: 20, waits: 2, peakPending: 10, flushes: 2 });
      await Promise.all(Array.from({ length: 50 }, () => registry.getRecord(code, { actor: 'api:burst' })));
      expect(registry.accessLogCounters.peakPending).toBeLessThanOrEqual(10);
      expect(registry.accessLogCounters.noted).toBe(75);
      await registry.flushAccessLog();
      expect(registry.accessLogCounters).toMatchObject({ written: 75, lost: 0 });
      expect((await fx.registry.countLookups(code))!.lookups).toBe(before + 75);
    });

    it('takes one bulk verification larger than the bound whole, into an empty buffer', async () => {
      const registry = registryWith({ maxPending: 2, batchSize: 1000, flushMs: 3_600_000 });
      await registry.journalLookups([codes[1]!, codes[2]!, codes[3]!], { actor: 'api:bulk' });
      expect(registry.accessLogCounters).toMatchObject({ noted: 3, peakPending: 3, waits: 0 });
      await registry.getRecord(codes[1]!, { actor: 'api:after' });
      expect(registry.accessLogCounters).toMatchObject({ noted: 4, written: 3, waits: 1 });
      await registry.flushAccessLog();
    });
  });

  describe('retention', () => {
    it('deletes exactly the lookups older than the period, and refuses a period under 30 days', async () => {
      const code = codes[3]!;
      // The database's own clock, which the prune function measures ages against (never this process's).
      const [{ now }] = await database.query<{ now: Date }>('select now() as now') as [{ now: Date }];
      const ages = [400, 366, 364, 31, 1];
      for (const age of ages) await fx.registry.getRecord(code, { actor: `api:age${age}`, now: new Date(now.getTime() - age * DAY) });
      await fx.registry.flushAccessLog();
      const kept = async () => (await rowsOf(code)).map((row) => row.requester).filter((requester) => requester.startsWith('api:age'));
      const counted = async (where: string, days: number) => (await database.query<{ n: number }>(
        `select count(*)::int as n from access_log where ${where}`, [new Date(now.getTime() - days * DAY).toISOString()]))[0]!.n;
      expect(await kept()).toEqual(ages.map((age) => `api:age${age}`));
      // The earlier tests' lookups (a June 2025 clock) are old too: every row before the cut-off goes, none after it.
      const [old, young] = [await counted('at < $1', 365), await counted('at >= $1', 365)];
      expect(old).toBeGreaterThanOrEqual(2);
      expect(await fx.registry.pruneAccessLog({ now })).toBe(old);
      expect([await counted('at < $1', 365), await counted('at >= $1', 365)]).toEqual([0, young]);
      expect(await kept()).toEqual(['api:age364', 'api:age31', 'api:age1']);
      expect(await fx.registry.pruneAccessLog({ now })).toBe(0);
      expect(await fx.registry.pruneAccessLog({ days: 30, now })).toBe(2);
      expect(await kept()).toEqual(['api:age1']);
      await expect(fx.registry.pruneAccessLog({ days: 29, now })).rejects.toThrow(RangeError);
      // The database refuses it too, and a `now` in the future reaches no further than its own clock.
      expect(await stateOf(database.query('select hocba_prune_access_log(29, now())'))).toBe('HB001');
      expect(await database.query(`select hocba_prune_access_log(30, now() + interval '10 years')::int as n`)).toEqual([{ n: 0 }]);
      expect(await kept()).toEqual(['api:age1']);
    });

    it('refuses any other UPDATE, DELETE or TRUNCATE, even a DELETE marked as a prune for a recent row', async () => {
      const [{ n }] = await database.query<{ n: number }>('select count(*)::int as n from access_log') as [{ n: number }];
      expect(n).toBeGreaterThan(0);
      expect(await stateOf(database.query(`update access_log set requester = 'x'`))).toBe('HB001');
      expect(await stateOf(database.query(`delete from access_log`))).toBe('HB001');
      expect(await stateOf(database.query(`truncate access_log`))).toBe('HB001');
      const forged = database.db.transaction(async (tx) => {
        // A mark far ahead of any clock: the guard must still keep rows younger than 30 days.
        await tx.execute(sql`select set_config('hocba.access_log_prune_before', '2999-01-01T00:00:00.000Z', true)`);
        await tx.execute(sql`delete from access_log`);
      });
      expect(await stateOf(forged)).toBe('HB001');
      expect(await database.query('select count(*)::int as n from access_log')).toEqual([{ n }]);
    });
  });
});

// PostgreSQL only: what needs a second session or a second role (PGlite has one session and one superuser).
describe.each(databasesUnderTest().filter((under) => under.name === 'postgres'))('the read side on PostgreSQL ($name)', () => {
  let fresh: Awaited<ReturnType<typeof createFreshDatabase>>;
  let database: Database;
  let fx: Fixture;
  let codes: string[];
  const role = `hocba_reader_${randomBytes(5).toString('hex')}`;
  const roleUrl = () => {
    const url = new URL(fresh.url);
    url.username = role;
    return url.toString();
  };

  beforeAll(async () => {
    fresh = await createFreshDatabase();
    database = await openDatabase({ url: fresh.url });
    fx = await setUpRegistry(database, pki);
    codes = await accepted(fx, 3);
  });
  afterAll(async () => {
    await database?.close();
    await fresh?.drop();
    await withClient(TEST_POSTGRES_URL, (admin) => admin.query(`drop role if exists ${role}`));
  });

  /** Sessions of this database waiting on a lock. */
  const waiters = async () => (await database.query<{ n: number }>(
    "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"))[0]!.n;

  it('answers lookups (single and bulk) and writes their access log while another session holds the audit chain lock', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    let holding!: () => void;
    const held = new Promise<void>((resolve) => { holding = resolve; });
    const holder = withClient(fresh.url, async (client) => {
      await client.query('select pg_advisory_lock($1)', [CHAIN_LOCK]);
      holding();
      await released;
      await client.query('select pg_advisory_unlock($1)', [CHAIN_LOCK]);
    });
    await held;
    try {
      let settled = false;
      const reads = (async () => {
        const views = await Promise.all(codes.map((code) => fx.registry.getRecord(code, { actor: 'api:locked' })));
        await fx.registry.journalLookups(codes, { actor: 'api:locked-bulk' });
        await fx.registry.flushAccessLog();
        return views.map((view) => view?.lookupCode);
      })().finally(() => { settled = true; });
      // Had any of it asked for the chain's lock, a session would wait on it here (and the reads would never end).
      let sawWaiter = false;
      while (!settled) {
        if ((await waiters()) > 0) sawWaiter = true;
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(await reads).toEqual(codes);
      expect(sawWaiter).toBe(false);
      expect(await database.query(`select count(*)::int as n from access_log where requester like 'api:locked%'`)).toEqual([{ n: 6 }]);
      // The control: a state change does take the chain's lock, and waits for it.
      const change = fx.registry.setLockDates('2030-2031', { main: '2031-06-30', supplementary: '2031-08-14' }, { now: BEFORE_LOCK });
      for (let tries = 0; (await waiters()) === 0; tries++) if (tries > 2000) throw new Error('the state change never waited');
      release();
      await change;
    } finally {
      release();
      await holder;
    }
  });

  it('answers a public lookup as a role that may not read the package column (the exact XML route, which inflates it, may not)', async () => {
    const columns = (await database.query<{ column_name: string }>(
      "select column_name from information_schema.columns where table_name = 'records' and column_name <> 'package'")).map((row) => `"${row.column_name}"`);
    await database.query(`create role ${role} login`);
    await database.query(`grant select (${columns.join(', ')}) on records to ${role}`);
    await database.query(`grant select on schools, pdf_copies, lock_dates, transfers, access_log, drizzle.__drizzle_migrations to ${role}`);
    await database.query(`grant usage on schema drizzle to ${role}`);
    await database.query(`grant insert on access_log to ${role}`);
    await database.query(`grant usage on sequence access_log_id_seq to ${role}`);
    const reader = await openDatabase({ url: roleUrl(), migrate: false });
    const { registry, close } = wireRegistry(reader, { clock: () => BEFORE_LOCK });
    try {
      const view = await registry.getRecord(codes[0]!, { actor: 'api:reader' });
      expect([view?.lookupCode, view?.status, view?.copies]).toEqual([codes[0], 'valid', { count: 0, lastIssuedAt: null }]);
      expect((await registry.getOwnRecord(SCHOOL_A, codes[0]!))?.receipt.lookupCode).toBe(codes[0]);
      await registry.flushAccessLog();
      // The control: reading the XML needs the column this role lacks.
      expect(await stateOf(registry.loadRecordXml(codes[0]!))).toBe('42501');
    } finally {
      await close();
      await reader.close();
    }
    expect((await fx.registry.countLookups(codes[0]!))!.lookups).toBeGreaterThanOrEqual(1);
  });

  it('lets a row-only role prune through the function, but not delete old rows itself', async () => {
    await database.query(`grant delete on access_log to ${role}`);
    await database.query(`insert into access_log (at, lookup_code, requester, kind) values (now() - interval '400 days', $1, 'api:ancient', 'single')`, [codes[1]]);
    const asRole = <T>(work: (client: pg.Client) => Promise<T>) => withClient(roleUrl(), work);
    const forged = asRole(async (client) => {
      await client.query('begin');
      await client.query(`select set_config('hocba.access_log_prune_before', $1, true)`, [new Date().toISOString()]);
      await client.query(`delete from access_log where requester = 'api:ancient'`);
      await client.query('commit');
    });
    expect(await stateOf(forged)).toBe('HB001');
    // The earlier lookups (a June 2025 clock) are past the period too: every row before the cut-off goes, none after.
    const [{ old, young }] = await database.query<{ old: number; young: number }>(`select count(*) filter (where at < now() - interval '365 days')::int as old,
      count(*) filter (where at >= now() - interval '365 days')::int as young from access_log`) as [{ old: number; young: number }];
    const pruned = await asRole(async (client) => (await client.query('select hocba_prune_access_log(365, now())::int as n')).rows);
    expect(pruned).toEqual([{ n: old }]);
    expect(await database.query('select count(*)::int as n from access_log')).toEqual([{ n: young }]);
    expect(await database.query(`select count(*)::int as n from access_log where requester = 'api:ancient'`)).toEqual([{ n: 0 }]);
  });
});
