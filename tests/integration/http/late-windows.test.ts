// SPEC §8 through the HTTP API on PGlite and PostgreSQL, with an injected clock (03/12/2026): a school's push for a
// locked year answers 422 year_locked until an operator opens a late window (journaled), a record accepted in it is
// in force from its acceptance, closing the window shuts it again; a second record for a student and year is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { encodePackage } from '../../../api/index.ts';
import { generateSampleXml } from '../../../api/samples/index.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures, SCHOOLS } from '../../helpers/signed-records.ts';
import { bearer, json, openApi, type Api } from './setup.ts';

const NOW = new Date('2026-12-03T09:00:00+07:00');
const USER = 'lan.nguyen';
const PASSWORD = 'Sở Giáo dục Hà Nội 2026';
const A = SCHOOLS.a;

const fx = await makeFixtures({ now: NOW });

interface Body { code?: string; message?: string; status?: string; lookupCode?: string; errors?: { code: string; path?: string; message: string }[] }

describe.each(databasesUnderTest())('late windows through the HTTP API on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  let token: string;
  const call = async (path: string, init: RequestInit = {}, as = token) => {
    const response = await api.app.request(path, { ...init, headers: { ...bearer(as), ...(init.headers as Record<string, string> | undefined) } });
    return [response.status, (await response.json()) as Body & Record<string, unknown>] as const;
  };
  const post = (path: string, body: unknown, as = token) => call(path, { method: 'POST', body: JSON.stringify(body) }, as);
  const pushA = (pkg: string) => post('/api/v1/packages', { package: pkg }, api.tokens.a);
  /** A real signed package of school A for a school year (the sample's seed picks the student). */
  async function packageOf(schoolYear: string, seed: number, edit: (xml: string) => string = (xml) => xml): Promise<string> {
    const xml = edit(generateSampleXml({ level: A.level, grade: A.grade, schoolYear, schoolCode: A.code, schoolName: A.name, provinceCode: '01', seed }));
    return encodePackage(await fx.sign(await fx.sign(xml, A.seal, 'CoSoGiaoDuc'), A.teacher, 'GVCN'));
  }

  beforeAll(async () => {
    ({ database, api } = await openApi(open, fx));
    await api.registry.addOperator({ username: USER, displayName: 'Nguyễn Thị Lan', password: PASSWORD }, { now: NOW });
    const response = await api.app.request('/api/v1/operator/login', json({ username: USER, password: PASSWORD }));
    token = ((await response.json()) as { token: string }).token;
  });
  afterAll(() => database?.close());

  it('refuses last year\'s record with 422 year_locked, accepts it once a window is open (in force from today), and not after closing', async () => {
    const [refused, body] = await pushA(await packageOf('2025-2026', 1));
    expect([refused, body.errors?.map((error) => [error.code, error.path])]).toEqual([422, [['year_locked', 'NamHoc']]]);
    expect(body.errors![0]!.message).toContain('2026-06-30');

    const [status, opened] = await post('/api/v1/operator/late-windows', { schoolCode: A.code, schoolYear: '2025-2026', until: '2026-12-10', reason: 'Trường đổi phần mềm học bạ' });
    expect([status, opened]).toEqual([201, {
      id: expect.any(Number), schoolCode: A.code, schoolYear: '2025-2026', until: '2026-12-10', reason: 'Trường đổi phần mềm học bạ',
      openedAt: NOW.toISOString(), openedBy: `operator:${USER}`, closedAt: null, closedBy: null, closeReason: null, open: true,
    }]);
    const [events] = await database.query<{ actor: string; subject: string; reason: string }>(
      `select actor, subject, detail->>'reason' as reason from events where kind = 'late_window_open'`);
    expect(events).toEqual({ actor: `operator:${USER}`, subject: A.code, reason: 'Trường đổi phần mềm học bạ' });

    const [accepted, receipt] = await pushA(await packageOf('2025-2026', 1));
    expect(accepted).toBe(201);
    const record = await api.app.request(`/api/v1/records/${receipt.lookupCode!}`);
    expect(await record.json()).toMatchObject({ status: 'in_force', lifecycle: 'valid', locked: true, lockDate: '2026-06-30', effectiveFrom: '2026-12-03' });

    const [listed, list] = await call(`/api/v1/operator/late-windows?school=${A.code}&year=2025-2026`);
    expect([listed, (list.windows as { id: number; open: boolean }[]).map((w) => [w.id, w.open])]).toEqual([200, [[opened.id, true]]]);

    const [closedStatus, closed] = await post('/api/v1/operator/late-windows/close', { schoolCode: A.code, schoolYear: '2025-2026', reason: 'Đã nhận đủ' });
    expect([closedStatus, closed.open, closed.closedBy, closed.closeReason]).toEqual([200, false, `operator:${USER}`, 'Đã nhận đủ']);
    const [again, late] = await pushA(await packageOf('2025-2026', 2));
    expect([again, late.errors?.map((error) => error.code)]).toEqual([422, ['year_locked']]);
  });

  it('answers refusals with their codes and statuses', async () => {
    const body = { schoolCode: A.code, schoolYear: '2025-2026', until: '2026-12-10', reason: 'lần hai' };
    await post('/api/v1/operator/late-windows', body);
    const answers = await Promise.all([
      post('/api/v1/operator/late-windows', body),
      post('/api/v1/operator/late-windows', { ...body, schoolCode: '01009999' }),
      post('/api/v1/operator/late-windows', { ...body, schoolCode: SCHOOLS.b.code, until: '2026-12-01' }),
      post('/api/v1/operator/late-windows', { ...body, schoolCode: SCHOOLS.b.code, reason: '   ' }),
      post('/api/v1/operator/late-windows', { ...body, schoolCode: SCHOOLS.b.code, schoolYear: '2099-2100' }),
      post('/api/v1/operator/late-windows/close', { schoolCode: SCHOOLS.c.code, schoolYear: '2025-2026', reason: 'x' }),
      post('/api/v1/operator/late-windows', { ...body, until: undefined }),
      post('/api/v1/operator/late-windows', body, api.tokens.a),
      call('/api/v1/operator/late-windows', {}, ''),
    ]);
    expect(answers.map(([status, answer]) => [status, answer.code])).toEqual([
      [409, 'late_window_exists'], [404, 'school_unknown'], [422, 'late_window_until_invalid'], [400, 'late_window_reason_missing'],
      [422, 'school_year_implausible'], [404, 'late_window_not_found'], [400, 'invalid_request'], [401, 'token_invalid'], [401, 'unauthorized'],
    ]);
  });

  it('refuses an implausible year and a second record for one student and year, naming the first to the school', async () => {
    const [status, implausible] = await pushA(await packageOf('2099-2100', 3));
    expect([status, implausible.errors?.map((error) => error.code)]).toEqual([422, ['school_year_implausible']]);
    const [, first] = await pushA(await packageOf('2026-2027', 4));
    const [second, taken] = await pushA(await packageOf('2026-2027', 4, (xml) => xml.replace(/<MaTraCuu>[0-9A-F]{32}<\/MaTraCuu>/, '<MaTraCuu>5C1D4B0A7E6F4A2B9C3D8E7F6A5B4C3D</MaTraCuu>')));
    expect([second, taken.errors?.map((error) => [error.code, error.path])]).toEqual([422, [['student_year_taken', 'MaHocSinh']]]);
    expect(taken.errors![0]!.message).toContain(first.lookupCode!);
  });
});
