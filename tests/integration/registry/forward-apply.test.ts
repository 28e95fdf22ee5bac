// The national apply of forwarded accepts is set-based (api/registry/forward-accepts.ts): a batch of plain accepts
// costs the same number of SQL statements whether it holds 2 records or 6, counted on a database that logs every
// statement drizzle sends (the statements are the same on PGlite and PostgreSQL; the apply itself is run on both by
// tests/integration/http/forwarding.test.ts and tests/integration/cli/forward.test.ts). A code already held stops
// the run at that item, as one at a time would: the items before it are applied, it is refused code_taken.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../db/client.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import type { ForwardItem, Registry } from '../../../api/registry/index.ts';
import { openLoggedDatabase } from '../../security/support/logged-database.ts';
import { enrolFixtures, makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';

const newCode = () => randomUUID().replace(/-/g, '').toUpperCase();

describe('the national apply of a batch of accepts', () => {
  let fx: Fixtures;
  let provinceDb: Database;
  let nationalDb: Awaited<ReturnType<typeof openLoggedDatabase>>;
  let national: Registry;
  let items: ForwardItem[];
  let province: Registry;

  beforeAll(async () => {
    fx = await makeFixtures();
    provinceDb = await openDatabase();
    province = wireRegistry(provinceDb, { clock: () => fx.now }).registry;
    await enrolFixtures(province, fx, [SCHOOLS.a]);
    const pushed = await province.submitPackages(SCHOOLS.a.code, await Promise.all(Array.from({ length: 11 }, (_, i) => fx.packaged(SCHOOLS.a, 300 + i, { lookupCode: newCode() }))));
    expect(pushed.map((result) => result.status)).toEqual(Array(11).fill('accepted'));
    items = (await province.forwarding.readStream(0, 100, 8 * 1024 * 1024)).items;
    expect(items.map((item) => item.kind)).toEqual(Array(11).fill('accept'));
    nationalDb = await openLoggedDatabase();
    national = wireRegistry(nationalDb, { clock: () => fx.now }).registry;
    await enrolFixtures(national, fx, [SCHOOLS.a]);
    await national.forwarding.addProvince('01');
  }, 120_000);
  afterAll(async () => {
    await provinceDb?.close();
    await nationalDb?.close();
  });

  /** Statements sent while `work` runs, and its answer. */
  async function counted<T>(work: () => Promise<T>): Promise<{ result: T; statements: number; writes: string[] }> {
    const from = nationalDb.statements.length;
    const result = await work();
    const sent = nationalDb.statements.slice(from).map((statement) => statement.sql.replace(/\s+/g, ' ').trim());
    return { result, statements: sent.length, writes: sent.filter((sql) => /^insert into "(records|schools|log_pending)"/.test(sql)) };
  }

  it('writes 2 records and 6 records with the same statements: one insert each into records, schools and the log queue', async () => {
    const two = await counted(() => national.forwarding.receive('01', { after: 0, items: items.slice(0, 2) }));
    expect(two.result).toMatchObject({ applied: 2, refused: null, lastSequence: items[1]!.sequence });
    const six = await counted(() => national.forwarding.receive('01', { after: items[1]!.sequence, items: items.slice(2, 8) }));
    expect(six.result).toMatchObject({ applied: 6, refused: null, lastSequence: items[7]!.sequence });
    expect(six.statements).toBe(two.statements);
    expect(six.writes.map((sql) => sql.split(' (')[0])).toEqual(['insert into "schools"', 'insert into "records"', 'insert into "log_pending"']);
    const stored = await nationalDb.query<{ n: number }>("select count(*)::int as n from records where source_province = '01'");
    const journaled = await nationalDb.query<{ n: number }>("select count(*)::int as n from events where kind = 'accept' and actor = 'province:01'");
    expect([stored[0]!.n, journaled[0]!.n]).toEqual([8, 8]);
    expect(await national.verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('stops a run at a code already held: the items before it applied, it refused code_taken, none after it', async () => {
    // The national store already holds the 10th record (a school pushed it there directly).
    const pkg = Buffer.from(((await provinceDb.query<{ package: Uint8Array }>('select package from records where lookup_code = $1', [(items[9] as { lookupCode: string }).lookupCode]))[0]!).package).toString('latin1');
    expect((await national.submitPackages(SCHOOLS.a.code, [pkg]))[0]!.status).toBe('accepted');
    const ack = await national.forwarding.receive('01', { after: items[7]!.sequence, items: items.slice(8) });
    expect(ack).toMatchObject({ applied: 1, lastSequence: items[8]!.sequence, refused: { sequence: items[9]!.sequence, errors: [{ code: 'code_taken' }] } });
    const held = await nationalDb.query<{ code: string; source: string | null }>('select lookup_code as code, source_province as source from records order by received_at, lookup_code');
    expect(held.filter((row) => row.source === '01')).toHaveLength(9);
    expect(held.map((row) => row.code)).not.toContain((items[10] as { lookupCode: string }).lookupCode);
  });
});
