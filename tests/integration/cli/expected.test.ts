// `hocba expected set|list` through the real binary, on a PGlite folder and on PostgreSQL: one school's count and a
// CSV import are saved and journaled as the command's user, a wrong line or unknown school saves nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/client.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import { cliTargets, runHocba, type CliResult } from '../../helpers/hocba.ts';

const SCHOOL = '01001001';
const OTHER = '01001002';
const YEAR = '2025-2026';
const ACTOR = `cli:tran.thi.mai@${hostname()}`;
/** Each command opens the database and migrates it: on a loaded machine that takes a while. */
const SLOW = 600_000;


function hocba(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runHocba(args, { ...env, HOCBA_ACTOR: 'tran.thi.mai', LC_ALL: 'C.UTF-8' });
}

const TARGETS = cliTargets('hocba-expected-cli');

describe.each(TARGETS)('hocba expected on $name', (target) => {
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
      await wired.registry.addSchool({ code: OTHER, name: 'Trường Tiểu học Nguyễn Du', provinceCode: '01', certificates: [] });
      await wired.close();
    } finally {
      await database.close();
    }
  }, SLOW);
  afterAll(async () => {
    await where?.drop();
  });

  it("sets one school's count, imports a CSV, lists both with who set them, and journals each as the command's user", async () => {
    const one = await run(['expected', 'set', '--year', YEAR, '--school', SCHOOL, '--count', '120']);
    expect([one.code, one.stdout], one.stderr).toEqual([0, `expected counts of 1 school(s) saved for school year ${YEAR}\n`]);
    const csv = join(mkdtempSync(join(tmpdir(), 'hocba-expected-csv-')), 'so-du-kien.csv');
    writeFileSync(csv, `\uFEFFma_truong,so_du_kien\r\n${OTHER},80\r\n${SCHOOL},130\r\n`);
    const imported = await run(['expected', 'set', '--year', YEAR, '--csv', csv]);
    expect([imported.code, imported.stdout], imported.stderr).toEqual([0, `expected counts of 2 school(s) saved for school year ${YEAR}\n`]);
    const listed = JSON.parse((await run(['expected', 'list', '--year', YEAR, '--json'])).stdout) as { schoolCode: string; expected: number; updatedBy: string }[];
    expect(listed.map((row) => [row.schoolCode, row.expected, row.updatedBy])).toEqual([[SCHOOL, 130, ACTOR], [OTHER, 80, ACTOR]]);
    const text = await run(['expected', 'list', '--year', YEAR, '--school', OTHER]);
    expect(text.stdout).toMatch(new RegExp(`^${OTHER}  ${YEAR}  80  set .* by ${ACTOR}\\n$`));
    expect(await query<{ actor: string; subject: string; expected: string }>(`select actor, subject, detail->>'expected' as expected from events where kind = 'expected_count' order by id`))
      .toEqual([{ actor: ACTOR, subject: SCHOOL, expected: '120' }, { actor: ACTOR, subject: OTHER, expected: '80' }, { actor: ACTOR, subject: SCHOOL, expected: '130' }]);
  }, SLOW);

  it('saves nothing from a CSV with a wrong line (naming it) or an unknown school, and explains its usage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hocba-expected-bad-'));
    writeFileSync(join(dir, 'sai.csv'), `${SCHOOL},1\n${OTHER},nhiều\n`);
    const wrong = await run(['expected', 'set', '--year', YEAR, '--csv', join(dir, 'sai.csv'), '--lang', 'vi']);
    expect([wrong.code, wrong.stderr]).toEqual([1, expect.stringMatching(/^hocba expected set: \[expected_count_invalid\] Dòng 2 /)]);
    writeFileSync(join(dir, 'la.csv'), `${SCHOOL},1\n99999999,2\n`);
    const unknown = await run(['expected', 'set', '--year', YEAR, '--csv', join(dir, 'la.csv')]);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('[school_unknown]')]);
    expect(await query<{ expected: number }>(`select expected from expected_counts where school_code = '${SCHOOL}'`)).toEqual([{ expected: 130 }]);
    const both = await run(['expected', 'set', '--year', YEAR, '--school', SCHOOL, '--count', '1', '--csv', join(dir, 'la.csv')]);
    expect([both.code, both.stderr]).toEqual([64, expect.stringContaining('either --school C --count N or --csv FILE')]);
    const noCount = await run(['expected', 'set', '--year', YEAR, '--school', SCHOOL]);
    expect([noCount.code, noCount.stderr]).toEqual([64, expect.stringContaining('--count is required')]);
    const help = await run(['expected', 'set', '--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining("The same file the console's")]);
  }, SLOW);
});
