// `hocba province revoke` through the real binary on a national instance, on a PGlite folder and on PostgreSQL: two
// tokens of province 01 and one of 79 made by `province add`; revoking one of 01's by its number leaves the other
// working; revoking province 01 ends the rest; each revoked token is then refused by /api/v1/national/* with the
// existing 401 token_invalid while 79's still works; each revocation is journaled with the token numbers.
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../db/client.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import { createUploadVerifier } from '../../../api/server/verify-upload.ts';
import { createApp } from '../../../api/http/app.ts';
import { cliTargets, runHocba } from '../../helpers/hocba.ts';

const ACTOR = `cli:le.van.hai@${hostname()}`;
/** Each command opens the database and migrates it: on a loaded machine that takes a while. */
const SLOW = 300_000;

const TARGETS = cliTargets('hocba-province-revoke');

interface Added { provinceCode: string; tokenId: number; token: string }

describe.each(TARGETS)('hocba province revoke on $name', (target) => {
  let where: Awaited<ReturnType<(typeof TARGETS)[number]['setUp']>>;
  const run = (args: string[]) => runHocba([...args, ...where.args], { ...where.env, HOCBA_ACTOR: 'le.van.hai', LC_ALL: 'C.UTF-8' });
  const add = async (code: string): Promise<Added> => {
    const made = await run(['province', 'add', '--code', code, '--json']);
    expect(made.code, made.stderr).toBe(0);
    return JSON.parse(made.stdout) as Added;
  };
  /** The national routes' answer to each token, from an in-process national app over the same database (PGlite: one opener at a time). */
  async function statusesOf(tokens: string[]): Promise<number[]> {
    const database: Database = await openDatabase(where.open);
    try {
      const { registry } = wireRegistry(database);
      const app = createApp({ registry, verifyUpload: createUploadVerifier({ registry, workers: 0 }).verifyUpload, national: true });
      const statuses: number[] = [];
      for (const token of tokens) {
        const response = await app.request('/api/v1/national/cursor', { headers: { Authorization: `Bearer ${token}` } });
        const body = (await response.json()) as { code?: string };
        // A refusal must be the existing authentication error, not some other 401.
        if (response.status === 401) expect(body.code).toBe('token_invalid');
        statuses.push(response.status);
      }
      return statuses;
    } finally {
      await database.close();
    }
  }

  let first: Added;
  let second: Added;
  let other: Added;
  beforeAll(async () => {
    where = await target.setUp();
    first = await add('01');
    second = await add('01');
    other = await add('79');
  }, SLOW);
  afterAll(async () => {
    await where?.drop();
  });

  it('revokes one token by its number, then every live token of a province; the national routes refuse each from then on', async () => {
    expect(await statusesOf([first.token, second.token, other.token])).toEqual([200, 200, 200]);
    const one = await run(['province', 'revoke', '--token-id', String(first.tokenId)]);
    expect([one.code, one.stdout], one.stderr).toEqual([0, `province 01: revoked #${first.tokenId}\n`]);
    expect(await statusesOf([first.token, second.token, other.token])).toEqual([401, 200, 200]);
    const all = await run(['province', 'revoke', '--code', '01', '--json']);
    expect([all.code, JSON.parse(all.stdout)], all.stderr).toEqual([0, { provinceCode: '01', tokenIds: [second.tokenId] }]);
    expect(await statusesOf([first.token, second.token, other.token])).toEqual([401, 401, 200]);
    const database = await openDatabase(where.open);
    try {
      const journaled = await database.query<{ actor: string; subject: string; detail: unknown }>("select actor, subject, detail from events where kind = 'province_revoke' order by id");
      expect(journaled).toEqual([
        { actor: ACTOR, subject: '01', detail: { tokenIds: [first.tokenId] } },
        { actor: ACTOR, subject: '01', detail: { tokenIds: [second.tokenId] } },
      ]);
    } finally {
      await database.close();
    }
  }, SLOW);

  it('refuses a target with no live token (province_token_unknown), a code that is no province, and both or neither option; explains itself with --help', async () => {
    const again = await run(['province', 'revoke', '--code', '01']);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('[province_token_unknown]')]);
    const byId = await run(['province', 'revoke', '--token-id', String(first.tokenId)]);
    expect([byId.code, byId.stderr]).toEqual([1, expect.stringContaining('[province_token_unknown]')]);
    const wrong = await run(['province', 'revoke', '--code', '74']);
    expect([wrong.code, wrong.stderr]).toEqual([1, expect.stringContaining('[province_code_invalid]')]);
    const both = await run(['province', 'revoke', '--code', '79', '--token-id', String(other.tokenId)]);
    expect([both.code, both.stderr]).toEqual([64, expect.stringContaining('exactly one of --code P or --token-id N')]);
    const neither = await run(['province', 'revoke']);
    expect(neither.code).toBe(64);
    const help = await run(['province', 'revoke', '--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('--token-id N')]);
    // Nothing of the refused runs reached 79's token.
    expect(await statusesOf([other.token])).toEqual([200]);
  }, SLOW);
});
