// Issue 14: what one push costs the database, counted statement by statement (drizzle's logger on the primary),
// on both drivers. A push is one journaled transaction whatever its size: the batch's `push` event is written with
// its first slice (it had a transaction of its own), and the chain lock is asked for once per transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { BEFORE_LOCK, makeRegistryFixtures, newLookupCode, openRegistryFixture, SCHOOL_A, type Fixture } from './setup.ts';

const pki = await makeRegistryFixtures();

/** The statement's verb and table, e.g. `insert records`; transaction control as `begin` / `commit`. */
function shapeOf(query: string): string {
  const text = query.trim().toLowerCase();
  if (/^(begin|commit|rollback)\b/.test(text)) return text.split(/\s/)[0]!;
  if (text.includes('pg_advisory_xact_lock')) return 'lock chain';
  if (text.startsWith('select concat_ws')) return 'select trust version';
  const table = /(?:from|into|update)\s+"([a-z_]+)"/.exec(text)?.[1] ?? '?';
  return `${text.split(/\s/)[0]} ${table}`;
}

/** What every push of 1 to 32 new packages sends, in order, once the trust material is cached. */
const ONE_PUSH = [
  'select trust version',
  'select records', // repeats of stored documents, one query for the slice
  'lock chain',
  'select lock_dates', // SPEC §8 under the chain lock: locked years,
  'select records', // a second record in force for a student and year,
  'select transfers', // the school that manages each student now
  'insert records',
  'insert submissions',
  'select events', // the chain's head
  'insert events', // `push` and one event per package, one statement
  'insert log_pending',
];

describe.each(databasesUnderTest())('the statements of a push on $name', ({ name, open }) => {
  const sent: string[] = [];
  let database: Database;
  let fx: Fixture;

  beforeAll(async () => {
    ({ database, fx } = await openRegistryFixture(() => open({ logger: { logQuery: (query) => void sent.push(shapeOf(query)) } }), pki));
    // The first push also reads the trust material into the cache (counted in integrity.test.ts).
    await fx.registry.submitPackages(SCHOOL_A, [await fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_A })], BEFORE_LOCK);
  });
  afterAll(() => database?.close());

  async function statementsOfPush(count: number): Promise<string[]> {
    const packages = await Promise.all(Array.from({ length: count }, () => fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_A })));
    sent.length = 0;
    const results = await fx.registry.submitPackages(SCHOOL_A, packages, BEFORE_LOCK);
    expect(results.map((result) => result.status)).toEqual(packages.map(() => 'accepted'));
    // node-postgres sends BEGIN/COMMIT as statements; PGlite's transactions do not pass through drizzle's logger.
    return sent.filter((shape) => shape !== 'begin' && shape !== 'commit');
  }

  it('sends exactly these statements for one package, in one transaction', async () => {
    expect(await statementsOfPush(1)).toEqual(ONE_PUSH);
    if (name === 'postgres') expect(sent.filter((shape) => shape === 'begin')).toHaveLength(1);
  });

  it('sends the same statements for a batch of three: set-based, not per package', async () => {
    expect(await statementsOfPush(3)).toEqual(ONE_PUSH);
    if (name === 'postgres') expect(sent.filter((shape) => shape === 'commit')).toHaveLength(1);
  });

  it('journals the batch as one `push` event followed by its packages, in the same transaction', async () => {
    const [{ kind, detail }] = await database.query<{ kind: string; detail: { packages: number } }>(
      `select kind, detail from events where kind = 'push' order by id desc limit 1`,
    ) as [{ kind: string; detail: { packages: number } }];
    expect({ kind, detail }).toEqual({ kind: 'push', detail: { packages: 3 } });
    const tail = await database.query<{ kind: string }>(`select kind from events order by id desc limit 4`);
    expect(tail.map((row) => row.kind)).toEqual(['accept', 'accept', 'accept', 'push']);
  });
});
