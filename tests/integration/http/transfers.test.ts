// Transfers (chuyển trường) through the HTTP API on PGlite and PostgreSQL, with real signed records and an injected
// clock (10/05/2026, before the 2025-2026 lock): an operator moves a student from school A to school B (journaled,
// logged without the student or B); from then on A's push for the student is refused (student_transferred), A may
// no longer recall or replace its record (record_transferred) but an operator may, B's push is accepted, and A's
// record answers exactly as before but for `studentMoved`. Then every refusal of a transfer request, a transfer back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { decodePackage, encodePackage, parseEntry } from '../../../api/index.ts';
import { generateSampleXml } from '../../../api/samples/index.ts';
import { databasesUnderTest, sqlStateOf } from '../../helpers/database.ts';
import { makeFixtures, SCHOOLS, type Fixtures, type SchoolFixture } from '../../helpers/signed-records.ts';
import { bearer, json, setUpApi, type Api } from './setup.ts';

const NOW = new Date('2026-05-10T09:00:00+07:00');
const YEAR = '2025-2026';
const USER = 'lan.nguyen';
const PASSWORD = 'Sở Giáo dục Hà Nội 2026';
const { a: A, b: B, c: C } = SCHOOLS;

let fx: Fixtures;
beforeAll(async () => {
  fx = await makeFixtures({ now: NOW });
});

type Json = Record<string, unknown> & { code?: string; lookupCode?: string; errors?: { code: string; path?: string }[] };

describe.each(databasesUnderTest())('transfers through the HTTP API on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  let token: string;
  const call = async (path: string, init: RequestInit = {}, as = token) => {
    const response = await api.app.request(path, { ...init, headers: { ...bearer(as), ...(init.headers as Record<string, string> | undefined) } });
    return [response.status, (await response.json()) as Json] as const;
  };
  const post = (path: string, body: unknown, as = token) => call(path, { method: 'POST', body: JSON.stringify(body) }, as);
  const push = (school: 'a' | 'b' | 'c', pkg: string) => post('/api/v1/packages', { package: pkg }, api.tokens[school]);
  const answer = async (code: string) => (await api.app.request(`/api/v1/records/${code}`)).json() as Promise<Json>;
  /** A real package signed by the school's seal and teacher; `student` puts the given MaHocSinh in before signing. */
  async function packageOf(school: SchoolFixture, seed: number, student?: string, lookupCode?: string): Promise<string> {
    let xml = generateSampleXml({
      level: school.level, grade: school.grade, schoolYear: YEAR, schoolCode: school.code, schoolName: school.name, provinceCode: '01', seed,
      ...(lookupCode ? { lookupCode } : {}),
    });
    if (student) xml = xml.replace(/<MaHocSinh>\d{10}<\/MaHocSinh>/, `<MaHocSinh>${student}</MaHocSinh>`);
    return encodePackage(await fx.sign(await fx.sign(xml, school.seal, 'CoSoGiaoDuc'), school.teacher, 'GVCN'));
  }
  const studentOf = (pkg: string) => /<MaHocSinh>(\d{10})<\/MaHocSinh>/.exec(decodePackage(pkg).toString('utf8'))![1]!;

  let student = '';
  let first = '';
  let other = '';
  let before: Json;

  beforeAll(async () => {
    database = await open();
    api = await setUpApi(database, fx);
    await api.registry.addOperator({ username: USER, displayName: 'Nguyễn Thị Lan', password: PASSWORD }, { now: NOW });
    const response = await api.app.request('/api/v1/operator/login', json({ username: USER, password: PASSWORD }));
    token = ((await response.json()) as { token: string }).token;
    const pkg = await packageOf(A, 1);
    student = studentOf(pkg);
    const [status, receipt] = await push('a', pkg);
    expect(status).toBe(201);
    first = receipt.lookupCode!;
    const [, second] = await push('a', await packageOf(A, 2));
    other = second.lookupCode!;
    before = await answer(first);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('records a transfer (201), journals every fact of it and logs it without the student or the receiving school', async () => {
    const body = { studentCode: student, fromSchool: A.code, toSchool: B.code, effectiveDate: '2026-05-04', reason: 'Gia đình chuyển nơi ở' };
    const [status, transfer] = await post('/api/v1/operator/transfers', body);
    expect([status, transfer]).toEqual([201, {
      id: expect.any(Number), ...body, recordedAt: NOW.toISOString(), recordedBy: `operator:${USER}`, records: [first],
    }]);
    const [event] = await database.query<{ actor: string; subject: string; detail: unknown }>(
      `select actor, subject, detail from events where kind = 'transfer'`);
    expect(event).toEqual({
      actor: `operator:${USER}`, subject: student,
      detail: { id: transfer.id, ...body, records: [first] },
    });
    const pending = await database.query<{ body: string }>(`select body from (select convert_from(body, 'UTF8') as body from log_pending where subject = $1) as found where body like '% transferred%'`, [A.code]);
    expect(pending).toHaveLength(1);
    const entry = parseEntry(pending[0]!.body);
    expect(entry).toEqual({ kind: 'transferred', fields: { transfer: String(transfer.id), from: A.code, date: '2026-05-04', 'reason-sha256': expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(String(pending[0]!.body)).not.toContain(student);
    expect(String(pending[0]!.body)).not.toContain(B.code);
    // A transfer is a fact: the database itself refuses to change or delete its row (migration 0008, HB001).
    const refusal = async (sql: string) => sqlStateOf(await database.query(sql).then(() => null, (error: unknown) => error));
    expect([await refusal(`update transfers set to_school = '${C.code}'`), await refusal('delete from transfers')]).toEqual(['HB001', 'HB001']);
  });

  it('refuses the old school\'s new record for the student with student_transferred (422), and its recall and replacement with record_transferred (409)', async () => {
    const [status, refused] = await push('a', await packageOf(A, 1, student, '7D3C2B1A0F9E4D8C8B7A6F5E4D3C2B1A'));
    expect([status, refused.errors?.map((error) => [error.code, error.path])])
      .toEqual([422, [['student_transferred', 'MaHocSinh'], ['student_year_taken', 'MaHocSinh']]]);
    // In a batch the rule is per package: the moved student's record is refused, another student's accepted.
    const [batch, results] = await post('/api/v1/packages', {
      packages: [await packageOf(A, 1, student, '8D3C2B1A0F9E4D8C8B7A6F5E4D3C2B1A'), await packageOf(A, 3)],
    }, api.tokens.a);
    expect([batch, (results.results as { status: string; errors?: { code: string }[] }[]).map((result) => [result.status, result.errors?.[0]?.code])])
      .toEqual([200, [['rejected', 'student_transferred'], ['accepted', undefined]]]);
    const [recall, recalled] = await post(`/api/v1/records/${first}/recall`, { reason: 'Sai điểm' }, api.tokens.a);
    const [replace, replaced] = await post(`/api/v1/records/${first}/replace`, { package: await packageOf(A, 1, student, '6D3C2B1A0F9E4D8C8B7A6F5E4D3C2B1A') }, api.tokens.a);
    expect([[recall, recalled.code], [replace, replaced.code]]).toEqual([[409, 'record_transferred'], [409, 'record_transferred']]);
  });

  it('answers the old record exactly as before but for studentMoved, and says nothing of the new school', async () => {
    const after = await answer(first);
    expect([before.studentMoved, after.studentMoved]).toEqual([false, true]);
    expect({ ...after, studentMoved: false }).toEqual(before);
    expect(JSON.stringify(after)).not.toContain(B.code);
    expect((await answer(other)).studentMoved).toBe(false);
  });

  it('lets an operator replace and recall the moved student\'s record (not another record: record_not_transferred), then accepts the new school\'s push', async () => {
    const [refusedStatus, refused] = await post(`/api/v1/operator/records/${other}/recall`, { reason: 'Sai' });
    expect([refusedStatus, refused.code]).toEqual([409, 'record_not_transferred']);

    const successor = '5D3C2B1A0F9E4D8C8B7A6F5E4D3C2B1A';
    const [replaceStatus, replaced] = await post(`/api/v1/operator/records/${first}/replace`, { package: await packageOf(A, 1, student, successor) });
    expect([replaceStatus, replaced.lookupCode]).toEqual([201, successor]);
    const [event] = await database.query<{ actor: string; kind: string }>(`select actor, kind from events where subject = $1 and kind = 'replace'`, [successor]);
    expect(event).toEqual({ actor: `operator:${USER}`, kind: 'replace' });
    expect(await answer(first)).toMatchObject({ lifecycle: 'replaced', replacedBy: successor, studentMoved: true });

    const [recallStatus, recalled] = await post(`/api/v1/operator/records/${successor}/recall`, { reason: 'Học sinh đã chuyển trường giữa năm' });
    expect([recallStatus, recalled.lifecycle, recalled.studentMoved]).toEqual([200, 'recalled', true]);

    const [pushed, receipt] = await push('b', await packageOf(B, 9, student));
    expect([pushed, receipt.status]).toEqual([201, 'accepted']);
    expect((await answer(receipt.lookupCode!)).studentMoved).toBe(false);
    // A third school is not the one managing the student either.
    const [third, thirdRefusal] = await push('c', await packageOf(C, 9, student));
    expect([third, thirdRefusal.errors?.map((error) => error.code)]).toEqual([422, ['student_transferred', 'student_year_taken_elsewhere']]);
  });

  it('answers each refusal of a transfer request with its code and status', async () => {
    const body = { studentCode: student, fromSchool: B.code, toSchool: C.code, effectiveDate: '2026-05-08', reason: 'Chuyển trường' };
    const answers = await Promise.all([
      post('/api/v1/operator/transfers', { ...body, toSchool: B.code }),
      post('/api/v1/operator/transfers', { ...body, studentCode: '12345' }),
      post('/api/v1/operator/transfers', { ...body, studentCode: '0199999999' }),
      post('/api/v1/operator/transfers', { ...body, fromSchool: A.code }),
      post('/api/v1/operator/transfers', { ...body, effectiveDate: '2026-05-11' }),
      post('/api/v1/operator/transfers', { ...body, effectiveDate: '2026-05-03' }),
      post('/api/v1/operator/transfers', { ...body, effectiveDate: '2026-02-30' }),
      post('/api/v1/operator/transfers', { ...body, reason: '  \u0000 ' }),
      post('/api/v1/operator/transfers', { ...body, toSchool: '01009999' }),
      post('/api/v1/operator/transfers', { ...body, extra: 1 }),
      post('/api/v1/operator/transfers', body, api.tokens.b),
      call('/api/v1/operator/transfers', {}, ''),
    ]);
    expect(answers.map(([status, found]) => [status, found.code])).toEqual([
      [400, 'transfer_same_school'], [400, 'student_code_invalid'], [404, 'transfer_student_unknown'], [409, 'transfer_student_not_at_school'],
      [400, 'transfer_date_invalid'], [400, 'transfer_date_invalid'], [400, 'transfer_date_invalid'], [400, 'transfer_reason_missing'],
      [404, 'school_unknown'], [400, 'invalid_request'], [401, 'token_invalid'], [401, 'unauthorized'],
    ]);
    const [, list] = await call(`/api/v1/operator/transfers?student=${student}`);
    expect((list.transfers as { fromSchool: string }[]).map((t) => t.fromSchool)).toEqual([A.code]);
  });

  it('transfers the student back: the old school manages them again and the other one no longer', async () => {
    const [, bRecords] = await call(`/api/v1/operator/transfers?school=${B.code}`);
    expect((bRecords.transfers as unknown[]).length).toBe(1);
    const [status] = await post('/api/v1/operator/transfers', { studentCode: student, fromSchool: B.code, toSchool: A.code, effectiveDate: '2026-05-09', reason: 'Trở lại trường cũ' });
    expect(status).toBe(201);
    const bRecord = (await database.query<{ code: string }>(`select lookup_code as code from records where school_code = $1 and student_code = $2`, [B.code, student]))[0]!.code;
    expect([(await answer(first)).studentMoved, (await answer(bRecord)).studentMoved]).toEqual([false, true]);
    const [recall, refused] = await post(`/api/v1/records/${bRecord}/recall`, { reason: 'Sai' }, api.tokens.b);
    expect([recall, refused.code]).toEqual([409, 'record_transferred']);
    const [, list] = await call(`/api/v1/operator/transfers?student=${student}`);
    expect((list.transfers as { fromSchool: string; toSchool: string }[]).map((t) => [t.fromSchool, t.toSchool])).toEqual([[A.code, B.code], [B.code, A.code]]);
  });
});
