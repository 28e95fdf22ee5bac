// `hocba transfer add|list|recall` through the real binary, on a PGlite folder and on PostgreSQL, over a registry
// holding a real signed record of school A: a transfer to school B is recorded and journaled as the command's user,
// listed, refused when A no longer manages the student, and the moved student's record is recalled by the operator.
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/client.ts';
import { decodePackage } from '../../../api/index.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import { cliTargets, runHocba, type CliResult } from '../../helpers/hocba.ts';
import { enrolFixtures, makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';

const ACTOR = `cli:tran.thi.mai@${hostname()}`;
/** A day long past, so the transfer's date is valid whenever the test runs on the real clock. */
const DATE = '2021-09-06';
/** Each command opens the database and migrates it: on a loaded machine that takes a while. */
const SLOW = 600_000;

function hocba(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runHocba(args, { ...env, HOCBA_ACTOR: 'tran.thi.mai', LC_ALL: 'C.UTF-8' });
}

const TARGETS = cliTargets('hocba-transfer-cli');

let fx: Fixtures;
beforeAll(async () => {
  fx = await makeFixtures();
}, SLOW);

describe.each(TARGETS)('hocba transfer on $name', (target) => {
  let where: Awaited<ReturnType<(typeof TARGETS)[number]['setUp']>>;
  let student = '';
  let record = '';
  const run = (args: string[]) => hocba([...args, ...where.args], where.env);

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
      await enrolFixtures(wired.registry, fx);
      const pkg = await fx.packaged(SCHOOLS.a, 1);
      student = /<MaHocSinh>(\d{10})<\/MaHocSinh>/.exec(decodePackage(pkg).toString('utf8'))![1]!;
      const [result] = await wired.registry.submitPackages(SCHOOLS.a.code, [pkg]);
      expect(result!.status).toBe('accepted');
      record = result!.lookupCode!;
      await wired.close();
    } finally {
      await database.close();
    }
  }, SLOW);
  afterAll(async () => {
    await where?.drop();
  });

  it('records a transfer, journaled as the command\'s user, and refuses the same one again (A no longer manages the student)', async () => {
    const args = ['transfer', 'add', '--student', student, '--from', SCHOOLS.a.code, '--to', SCHOOLS.b.code, '--date', DATE, '--reason', 'Gia đình chuyển nơi ở'];
    const added = await run([...args, '--json']);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({
      studentCode: student, fromSchool: SCHOOLS.a.code, toSchool: SCHOOLS.b.code, effectiveDate: DATE, reason: 'Gia đình chuyển nơi ở', recordedBy: ACTOR, records: [record],
    });
    const again = await run(args);
    expect([again.code, again.stderr]).toEqual([1, expect.stringMatching(/^hocba transfer add: \[transfer_student_not_at_school\]/)]);
    expect(await query<{ actor: string; subject: string }>(`select actor, subject from events where kind = 'transfer'`)).toEqual([{ actor: ACTOR, subject: student }]);
  }, SLOW);

  it('lists it in one line and recalls the moved student\'s record as the operator', async () => {
    const listed = await run(['transfer', 'list', '--student', student]);
    expect([listed.code, listed.stdout]).toEqual([0, `#1  ${student}  ${SCHOOLS.a.code} → ${SCHOOLS.b.code}  on 06/09/2021  recorded ${listed.stdout.split('recorded ')[1]!.split(' by ')[0]} by ${ACTOR}: Gia đình chuyển nơi ở\n`]);
    const recalled = await run(['transfer', 'recall', record, '--reason', 'Học sinh đã chuyển trường']);
    expect([recalled.code, recalled.stdout], recalled.stderr).toEqual([0, `recalled  ${record}  ${SCHOOLS.a.code}  ${fx.schoolYear}\n`]);
    expect(await query<{ actor: string }>(`select actor from events where kind = 'recall'`)).toEqual([{ actor: ACTOR }]);
  }, SLOW);

  it('explains its usage: --help, a missing --reason, a date that is not one', async () => {
    const help = await run(['transfer', 'add', '--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('never where to')]);
    const missing = await run(['transfer', 'add', '--student', student, '--from', SCHOOLS.b.code, '--to', SCHOOLS.c.code, '--date', DATE]);
    expect([missing.code, missing.stderr]).toEqual([64, expect.stringContaining('--reason is required')]);
    const bad = await run(['transfer', 'add', '--student', student, '--from', SCHOOLS.b.code, '--to', SCHOOLS.c.code, '--date', '06/09/2021', '--reason', 'x']);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('[transfer_date_invalid]')]);
  }, SLOW);
});
