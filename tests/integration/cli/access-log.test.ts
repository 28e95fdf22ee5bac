// `hocba access-log count|prune` through the real binary on PostgreSQL (issue 13): the count of a record's lookups
// (never who asked), retention that deletes exactly the lookups past the period, and a period under 30 days refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry } from '../../../api/index.ts';
import { createFreshDatabase, type FreshDatabase } from '../../helpers/database.ts';
import { enrolFixtures, makeFixtures, SCHOOLS } from '../../helpers/signed-records.ts';
import { runHocba } from '../../helpers/hocba.ts';

const DAY = 86_400_000;
/** Each command opens the database and checks its migrations: on a loaded machine that takes a while. */
const SLOW = 300_000;

describe('hocba access-log on PostgreSQL', () => {
  let fresh: FreshDatabase;
  let code: string;
  const env = () => ({ DATABASE_URL: fresh.url });

  beforeAll(async () => {
    fresh = await createFreshDatabase('hocba_accesslog_cli');
    const fx = await makeFixtures();
    const opened = await openRegistry({ url: fresh.url });
    try {
      await enrolFixtures(opened.registry, fx, [SCHOOLS.a]);
      const [result] = await opened.registry.submitPackages(SCHOOLS.a.code, [await fx.packaged(SCHOOLS.a, 1401)]);
      code = (result as { lookupCode: string }).lookupCode;
      const now = Date.now();
      for (const age of [400, 10, 1, 0]) await opened.registry.getRecord(code, { actor: `api:age${age}`, now: new Date(now - age * DAY) });
    } finally {
      // Closing writes the lookups still buffered.
      await opened.close();
    }
  }, SLOW);
  afterAll(async () => {
    await fresh?.drop();
  });

  it('counts the lookups of a record, as text and JSON, and answers 1 for an unknown code', async () => {
    const json = await runHocba(['access-log', 'count', code.toLowerCase(), '--json'], env());
    expect([json.code, json.stderr]).toEqual([0, '']);
    const counted = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(counted).sort()).toEqual(['lookupCode', 'lookups', 'since']);
    expect(counted).toMatchObject({ lookupCode: code, lookups: 4 });
    const since = await runHocba(['access-log', 'count', code, '--since', new Date(Date.now() - 5 * DAY).toISOString()], env());
    expect([since.code, since.stdout]).toEqual([0, expect.stringMatching(new RegExp(`^${code}: 2 lookup\\(s\\) since `))]);
    expect((await runHocba(['access-log', 'count', '0'.repeat(32)], env())).code).toBe(1);
  }, SLOW);

  it('prunes exactly the lookups past the period, and refuses a period under 30 days', async () => {
    const short = await runHocba(['access-log', 'prune', '--days', '29'], env());
    expect([short.code, short.stderr]).toEqual([64, expect.stringContaining('--days must be an integer from 30')]);
    const pruned = await runHocba(['access-log', 'prune'], env());
    expect([pruned.code, pruned.stdout]).toEqual([0, 'access log: 1 lookup(s) older than 365 days deleted\n']);
    const counted = await runHocba(['access-log', 'count', code, '--json'], env());
    expect(JSON.parse(counted.stdout)).toMatchObject({ lookups: 3 });
    const help = await runHocba(['access-log', 'prune', '--help'], {});
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('--days N')]);
  }, SLOW);
});
