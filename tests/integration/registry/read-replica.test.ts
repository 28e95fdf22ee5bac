// DATABASE_READ_URL on a REAL streaming replica (pg_basebackup -R, started and removed here): public reads go to the
// replica, a code the replica has not replayed yet is still found (the primary answers the miss), a school reads back
// its own write on the primary, a replica that is away costs one failed attempt and then rests, and a primary that
// is away (a relay cut in front of it: the shared server itself is never stopped) leaves every replayed record readable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../db/client.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import type { Registry } from '../../../api/registry/index.ts';
import { createFreshDatabase, type FreshDatabase } from '../../helpers/database.ts';
import { startReplica, type Replica } from '../../helpers/replica.ts';
import type { Fixtures } from '../../helpers/signed-records.ts';
import { startDatabaseProxy, type DatabaseProxy } from '../../security/support/db-proxy.ts';
import { BEFORE_LOCK, makeRegistryFixtures, newLookupCode, SCHOOL_A, setUpRegistry, type Fixture } from './setup.ts';

let pki: Fixtures;
let fresh: FreshDatabase;
let replica: Replica;
/** The primary as the registry sees it: through a relay this suite can cut. */
let primary: DatabaseProxy;
let database: Database;
let fx: Fixture;
let registry: Registry;
let close: () => Promise<void>;

async function accept(count: number): Promise<string[]> {
  const codes = Array.from({ length: count }, () => newLookupCode());
  const packages = await Promise.all(codes.map((lookupCode) => fx.pkg({ lookupCode, schoolCode: SCHOOL_A })));
  const results = await registry.submitPackages(SCHOOL_A, packages, BEFORE_LOCK);
  expect(results.map((result) => result.status)).toEqual(codes.map(() => 'accepted'));
  return codes;
}

const counts = () => ({ ...registry.readCounters });

beforeAll(async () => {
  pki = await makeRegistryFixtures();
  fresh = await createFreshDatabase('hocba_replica');
  // Schema and enrolment first, on the primary: the base backup then carries them.
  const setup = await openDatabase({ url: fresh.url });
  fx = await setUpRegistry(setup, pki);
  await setup.close();
  replica = await startReplica();
  primary = await startDatabaseProxy(fresh.url);
  database = await openDatabase({ url: primary.url, readUrls: [replica.urlOf(fresh.url)] });
  const wired = wireRegistry(database, { clock: () => BEFORE_LOCK });
  registry = wired.registry;
  fx = { ...fx, registry };
  close = async () => {
    await wired.close();
    await database.close();
  };
}, 240_000);

afterAll(async () => {
  await close?.();
  await primary?.close();
  await replica?.remove();
  await fresh?.drop();
}, 60_000);

describe('public reads with a streaming replica', () => {
  it('a lookup of a replayed record is answered by the replica, not the primary', async () => {
    const [code] = await accept(1) as [string];
    await replica.caughtUp();
    const before = counts();
    const view = await registry.getRecord(code);
    expect(view?.lookupCode).toBe(code);
    expect(counts().replica - before.replica).toBe(1);
    expect(counts().missFallbacks - before.missFallbacks).toBe(0);
    expect(counts().primary - before.primary).toBe(0);
  });

  it('a replica that has not replayed a change answers from before it: the public read really is the replica', async () => {
    const [code] = await accept(1) as [string];
    await replica.caughtUp();
    await replica.pauseReplay();
    try {
      await registry.recallRecord(SCHOOL_A, code, 'Nhập sai điểm môn Toán', BEFORE_LOCK);
      // The school reads back its own write on the primary at once (read-after-write)…
      expect((await registry.getOwnRecord(SCHOOL_A, code, BEFORE_LOCK))?.status).toBe('recalled');
      // …the public read is the replica's, which has not replayed the recall yet.
      expect((await registry.getRecord(code))?.status).toBe('valid');
    } finally {
      await replica.resumeReplay();
    }
    await replica.caughtUp();
    expect((await registry.getRecord(code))?.status).toBe('recalled');
  });

  it('a code accepted but not yet replayed is still found: the primary answers the replica\'s miss', async () => {
    await replica.pauseReplay();
    try {
      const [code] = await accept(1) as [string];
      const before = counts();
      const view = await registry.getRecord(code);
      expect(view?.lookupCode).toBe(code);
      const xml = await registry.loadRecordXml(code);
      expect(xml?.byteLength).toBeGreaterThan(1000);
      expect(await registry.findByDigest(view!.digest)).toEqual([code]);
      expect(counts().missFallbacks - before.missFallbacks).toBe(3);
      // A code nobody has is a miss on both: asked of the primary too, and still null.
      expect(await registry.getRecord(newLookupCode())).toBeNull();
      expect(counts().missFallbacks - before.missFallbacks).toBe(4);
    } finally {
      await replica.resumeReplay();
    }
  });

  it('with the replica stopped, lookups continue from the primary; the replica rests, then serves again once back', async () => {
    const codes = await accept(3);
    await replica.caughtUp();
    await replica.stop();
    try {
      const before = counts();
      for (const code of codes) expect((await registry.getRecord(code))?.lookupCode).toBe(code);
      // One failed attempt, then the replica is left alone for its rest: the other reads go straight to the primary.
      expect(counts().errorFallbacks - before.errorFallbacks).toBe(1);
      expect(counts().primary - before.primary).toBe(2);
      expect(counts().replica - before.replica).toBe(0);
    } finally {
      await replica.start();
    }
    await replica.caughtUp();
    // Its rest (REPLICA_RETRY_MS) over, the replica answers again.
    let served = false;
    for (let tries = 0; tries < 100 && !served; tries += 1) {
      const before = counts().replica;
      await registry.getRecord(codes[0]!);
      served = counts().replica > before;
      if (!served) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(served).toBe(true);
  });

  it('with the primary away, replayed records stay readable from the replica, a miss stays a miss, and writes fail', async () => {
    const [code] = await accept(1) as [string];
    await replica.caughtUp();
    await primary.cut();
    try {
      const before = counts();
      expect((await registry.getRecord(code))?.lookupCode).toBe(code);
      expect(await registry.getRecord(newLookupCode())).toBeNull();
      expect(counts().replica - before.replica).toBe(1);
      expect(counts().primaryAway - before.primaryAway).toBe(1);
      await expect(accept(1)).rejects.toThrow();
    } finally {
      await primary.restore();
    }
    const [after] = await accept(1) as [string];
    expect((await registry.getRecord(after))?.lookupCode).toBe(after);
  });
});

describe('without DATABASE_READ_URL', () => {
  it('every public read goes to the one database; a read URL beside PGlite is refused', async () => {
    const local = await openDatabase();
    try {
      const wired = wireRegistry(local, {});
      expect(await wired.registry.getRecord(newLookupCode())).toBeNull();
      expect(wired.registry.readCounters).toMatchObject({ primary: 1, replica: 0, missFallbacks: 0, errorFallbacks: 0 });
      await wired.close();
    } finally {
      await local.close();
    }
    await expect(openDatabase({ readUrls: ['postgres://127.0.0.1:1/x'] })).rejects.toThrow(/DATABASE_URL/);
  });
});
