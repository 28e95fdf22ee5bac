// One lock order for every lifecycle transaction (issue 11): concurrent recall, replace and copy of one record
// end with one winner and coded refusals for the others, never a deadlock (a 500 at the door).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { rejectionCode } from '../../helpers/error-codes.ts';
import { BEFORE_LOCK, makeRegistryFixtures, newLookupCode, openRegistryFixture, SCHOOL_A, type Fixture } from './setup.ts';
import { studentCodeOf } from './records.ts';

const pki = await makeRegistryFixtures();

/** Sessions of this database waiting on a lock (PostgreSQL only). */
async function waiters(database: Database): Promise<number> {
  const [row] = await database.query<{ n: number }>(
    "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
  );
  return row!.n;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  // Polls the database's own view of who waits; bounded by a count of tries, not by a clock.
  for (let tries = 0; tries < 2_000; tries++) {
    if (await check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the expected lock waits never formed');
}

describe.each(databasesUnderTest())('lifecycle lock order on $name', ({ name, open }) => {
  let database: Database;
  let fx: Fixture;

  beforeAll(async () => ({ database, fx } = await openRegistryFixture(open, pki)));
  afterAll(() => database?.close());

  async function accepted(): Promise<string> {
    const code = newLookupCode();
    const [result] = await fx.registry.submitPackages(SCHOOL_A, [await fx.pkg({ lookupCode: code, schoolCode: SCHOOL_A })], BEFORE_LOCK);
    expect(result?.status).toBe('accepted');
    return code;
  }

  /**
   * Starts each action in turn. On PostgreSQL a third session holds the record's row lock meanwhile, and each
   * action is started only once the one before waits on a lock, so the interleaving that deadlocked before
   * (recall holding the row and asking for the journal, replace holding the journal and asking for the row)
   * happens on every run; then the row is let go. PGlite has one session: its transactions take turns.
   */
  async function race(code: string, actions: (() => Promise<unknown>)[]): Promise<(string | undefined)[]> {
    if (name !== 'postgres') return Promise.all(actions.map((action) => rejectionCode(action())));
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    let holding!: () => void;
    const held = new Promise<void>((resolve) => { holding = resolve; });
    const blocker = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from records where lookup_code = ${code} for update`);
      holding();
      await released;
    });
    await held;
    const before = await waiters(database);
    const running: Promise<string | undefined>[] = [];
    for (const action of actions) {
      running.push(rejectionCode(action()));
      const expected = before + running.length;
      await until(async () => (await waiters(database)) >= expected);
    }
    release();
    await blocker;
    return Promise.all(running);
  }

  it('settles replace + replace + recall of one record: one wins, the others are refused with a code', async () => {
    const code = await accepted();
    const first = await fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_A, studentCode: studentCodeOf(code), note: 'sửa lần một' });
    const second = await fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_A, studentCode: studentCodeOf(code), note: 'sửa lần hai' });
    const outcomes = await race(code, [
      () => fx.registry.recallRecord(SCHOOL_A, code, 'nhầm lớp', BEFORE_LOCK),
      () => fx.registry.replaceRecord(SCHOOL_A, code, first, BEFORE_LOCK),
      () => fx.registry.replaceRecord(SCHOOL_A, code, second, BEFORE_LOCK),
    ]);
    const winners = outcomes.filter((outcome) => outcome === undefined);
    expect(winners).toHaveLength(1);
    const view = await fx.registry.getRecord(code);
    const refusal = view?.status === 'recalled' ? 'already_recalled' : 'already_replaced';
    expect(outcomes.filter((outcome) => outcome !== undefined)).toEqual([refusal, refusal]);
    expect((await fx.registry.verifyAuditChain()).ok).toBe(true);
  });

  it('numbers a copy and settles a recall and a replacement issued at the same time', async () => {
    const code = await accepted();
    const successor = await fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_A, studentCode: studentCodeOf(code), note: 'sửa' });
    const outcomes = await race(code, [
      () => fx.registry.recordCopy(code, null, BEFORE_LOCK),
      () => fx.registry.replaceRecord(SCHOOL_A, code, successor, BEFORE_LOCK),
      () => fx.registry.recallRecord(SCHOOL_A, code, 'nhầm lớp', BEFORE_LOCK),
    ]);
    expect(outcomes[0]).toBeUndefined();
    const view = await fx.registry.getRecord(code);
    expect(view?.copies.count).toBe(1);
    const refusal = view?.status === 'recalled' ? 'already_recalled' : 'already_replaced';
    expect(outcomes.slice(1).sort()).toEqual([refusal, undefined].sort());
    expect((await fx.registry.verifyAuditChain()).ok).toBe(true);
  });
});
