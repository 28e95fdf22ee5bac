// `hocba late-window open|list|close` through the real binary, on a PGlite folder and on PostgreSQL: a window is
// opened with its reason and journaled as the command's user, a second one is refused, closing ends it.
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/client.ts';
import { schoolYearInProgress } from '../../../api/lifecycle/index.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import { cliTargets, runHocba, type CliResult } from '../../helpers/hocba.ts';

const SCHOOL = '01001001';
/** The CLI runs on the real clock: the year in progress is plausible whenever the test runs, and 2099 is ahead. */
const YEAR = schoolYearInProgress(new Date());
const UNTIL = '2099-12-31';
const ACTOR = `cli:tran.thi.mai@${hostname()}`;
/** Each command opens the database and migrates it: on a loaded machine that takes a while. */
const SLOW = 600_000;


function hocba(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runHocba(args, { ...env, HOCBA_ACTOR: 'tran.thi.mai', LC_ALL: 'C.UTF-8' });
}

const TARGETS = cliTargets('hocba-late-window-cli');

describe.each(TARGETS)('hocba late-window on $name', (target) => {
  let where: Awaited<ReturnType<(typeof TARGETS)[number]['setUp']>>;
  const run = (args: string[]) => hocba([...args, ...where.args], where.env);

  /** Reads the database the commands used (opened only while no command runs). */
  async function query<T>(sql: string): Promise<T[]> {
    const database = await openDatabase(where.open);
    try {
      return await database.query<T>(sql);
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    where = await target.setUp();
    const database = await openDatabase(where.open);
    try {
      const wired = wireRegistry(database);
      await wired.registry.addSchool({ code: SCHOOL, name: 'Trường Tiểu học Kim Đồng', provinceCode: '01', certificates: [] });
      await wired.close();
    } finally {
      await database.close();
    }
  }, SLOW);
  afterAll(async () => {
    await where?.drop();
  });

  it('opens a window with its reason, journaled as the command\'s user, and refuses a second one', async () => {
    const opened = await run(['late-window', 'open', '--school', SCHOOL, '--year', YEAR, '--until', UNTIL, '--reason', 'Trường đổi phần mềm', '--json']);
    expect(opened.code, opened.stderr).toBe(0);
    expect(JSON.parse(opened.stdout)).toMatchObject({ schoolCode: SCHOOL, schoolYear: YEAR, until: UNTIL, reason: 'Trường đổi phần mềm', openedBy: ACTOR, open: true });
    const again = await run(['late-window', 'open', '--school', SCHOOL, '--year', YEAR, '--until', UNTIL, '--reason', 'lần hai']);
    expect([again.code, again.stderr]).toEqual([1, expect.stringMatching(/^hocba late-window open: \[late_window_exists\]/)]);
    expect(await query<{ actor: string; reason: string }>(`select actor, detail->>'reason' as reason from events where kind = 'late_window_open'`))
      .toEqual([{ actor: ACTOR, reason: 'Trường đổi phần mềm' }]);
  }, SLOW);

  it('lists it, closes it with a reason, and lists it closed', async () => {
    const listed = await run(['late-window', 'list', '--school', SCHOOL]);
    expect([listed.code, listed.stdout]).toEqual([0, expect.stringMatching(new RegExp(`^#1  ${SCHOOL}  ${YEAR}  until 31/12/2099  OPEN  opened .* by ${ACTOR}: Trường đổi phần mềm\\n$`))]);
    const closed = await run(['late-window', 'close', '--school', SCHOOL, '--year', YEAR, '--reason', 'Đã nhận đủ']);
    expect([closed.code, closed.stdout]).toEqual([0, expect.stringMatching(/^closed  #1 .* closed .* by cli:/)]);
    const after = JSON.parse((await run(['late-window', 'list', '--json'])).stdout) as { open: boolean; closeReason: string }[];
    expect(after.map((window) => [window.open, window.closeReason])).toEqual([[false, 'Đã nhận đủ']]);
    const none = await run(['late-window', 'close', '--school', SCHOOL, '--year', YEAR, '--reason', 'x']);
    expect([none.code, none.stderr]).toEqual([1, expect.stringContaining('[late_window_not_found]')]);
  }, SLOW);

  it('explains its usage: --help, a missing --reason, a date that is not one', async () => {
    const help = await run(['late-window', 'open', '--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('in force from the day it is accepted')]);
    const missing = await run(['late-window', 'open', '--school', SCHOOL, '--year', YEAR, '--until', UNTIL]);
    expect([missing.code, missing.stderr]).toEqual([64, expect.stringContaining('--reason is required')]);
    const bad = await run(['late-window', 'open', '--school', SCHOOL, '--year', YEAR, '--until', '31/12/2099', '--reason', 'x']);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('[late_window_until_invalid]')]);
  }, SLOW);
});
