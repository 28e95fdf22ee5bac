// `hocba school revoke-token` through the real binary, on a PGlite folder and on PostgreSQL: school A gets two
// tokens (`school add`, then `school cert --issue-token`), school B one; revoking A's first by its number leaves A's
// second working; revoking A by code ends the rest; each revoked token is then refused by the school routes with the
// existing 401 token_invalid while B's still works; each revocation is journaled with the token numbers.
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
const SCHOOL_A = '01002001';
const SCHOOL_B = '01002002';

const TARGETS = cliTargets('hocba-school-revoke');

interface Issued { tokenId: number; token: string }

describe.each(TARGETS)('hocba school revoke-token on $name', (target) => {
  let where: Awaited<ReturnType<(typeof TARGETS)[number]['setUp']>>;
  const run = (args: string[]) => runHocba([...args, ...where.args], { ...where.env, HOCBA_ACTOR: 'le.van.hai', LC_ALL: 'C.UTF-8' });
  const add = async (code: string): Promise<Issued> => {
    const made = await run(['school', 'add', '--code', code, '--name', `Trường Tiểu học số ${code.slice(-1)}`, '--json']);
    expect(made.code, made.stderr).toBe(0);
    return JSON.parse(made.stdout) as Issued;
  };
  /** A school route's answer to each token (GET a package that does not exist: 404 once authenticated), in-process over the same database. */
  async function statusesOf(tokens: string[]): Promise<number[]> {
    const database: Database = await openDatabase(where.open);
    try {
      const { registry } = wireRegistry(database);
      const app = createApp({ registry, verifyUpload: createUploadVerifier({ registry, workers: 0 }).verifyUpload });
      const statuses: number[] = [];
      for (const token of tokens) {
        const response = await app.request(`/api/v1/packages/${'B'.repeat(32)}`, { headers: { Authorization: `Bearer ${token}` } });
        // A refusal must be the existing authentication error, not some other 401.
        if (response.status === 401) expect(((await response.json()) as { code?: string }).code).toBe('token_invalid');
        statuses.push(response.status);
      }
      return statuses;
    } finally {
      await database.close();
    }
  }

  let first: Issued;
  let second: Issued;
  let other: Issued;
  beforeAll(async () => {
    where = await target.setUp();
    first = await add(SCHOOL_A);
    other = await add(SCHOOL_B);
    const issued = await run(['school', 'cert', '--code', SCHOOL_A, '--issue-token']);
    expect(issued.code, issued.stderr).toBe(0);
    const [, id, token] = /^token #(\d+) issued\ntoken: (\S+)\n$/.exec(issued.stdout)!;
    second = { tokenId: Number(id), token: token! };
  }, SLOW);
  afterAll(async () => {
    await where?.drop();
  });

  it('revokes one token by its number, then every live token of the school; the school routes refuse each from then on', async () => {
    expect(await statusesOf([first.token, second.token, other.token])).toEqual([404, 404, 404]);
    const one = await run(['school', 'revoke-token', '--code', SCHOOL_A, '--token-id', String(first.tokenId)]);
    expect([one.code, one.stdout], one.stderr).toEqual([0, `school ${SCHOOL_A}: revoked #${first.tokenId}\n`]);
    expect(await statusesOf([first.token, second.token, other.token])).toEqual([401, 404, 404]);
    const all = await run(['school', 'revoke-token', '--code', SCHOOL_A, '--json']);
    expect([all.code, JSON.parse(all.stdout)], all.stderr).toEqual([0, { schoolCode: SCHOOL_A, tokenIds: [second.tokenId] }]);
    expect(await statusesOf([first.token, second.token, other.token])).toEqual([401, 401, 404]);
    const database = await openDatabase(where.open);
    try {
      const journaled = await database.query<{ kind: string; actor: string; subject: string; detail: unknown }>(
        "select kind, actor, subject, detail from events where kind in ('token_issue', 'token_revoke') order by id");
      expect(journaled).toEqual([
        { kind: 'token_issue', actor: ACTOR, subject: SCHOOL_A, detail: { tokenId: first.tokenId } },
        { kind: 'token_issue', actor: ACTOR, subject: SCHOOL_B, detail: { tokenId: other.tokenId } },
        { kind: 'token_issue', actor: ACTOR, subject: SCHOOL_A, detail: { tokenId: second.tokenId } },
        { kind: 'token_revoke', actor: ACTOR, subject: SCHOOL_A, detail: { tokenIds: [first.tokenId] } },
        { kind: 'token_revoke', actor: ACTOR, subject: SCHOOL_A, detail: { tokenIds: [second.tokenId] } },
      ]);
    } finally {
      await database.close();
    }
  }, SLOW);

  it("refuses a school with no live token, another school's token number and an unknown school; explains itself with --help", async () => {
    const again = await run(['school', 'revoke-token', '--code', SCHOOL_A]);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('[school_token_unknown]')]);
    const foreign = await run(['school', 'revoke-token', '--code', SCHOOL_A, '--token-id', String(other.tokenId)]);
    expect([foreign.code, foreign.stderr]).toEqual([1, expect.stringContaining('[school_token_unknown]')]);
    const unknown = await run(['school', 'revoke-token', '--code', '01009999']);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('[school_unknown]')]);
    const badNumber = await run(['school', 'revoke-token', '--code', SCHOOL_B, '--token-id', 'x']);
    expect(badNumber.code).toBe(64);
    const help = await run(['school', 'revoke-token', '--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('--token-id N')]);
    // Nothing of the refused runs reached B's token.
    expect(await statusesOf([other.token])).toEqual([404]);
  }, SLOW);
});
