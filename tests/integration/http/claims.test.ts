// The claims check of admissions offices (issue 18, POST /api/v1/verify/claims): per applicant, each record's
// status, whether the identity matches (never the stored values), and per declared value matches / differs (with the
// registry's value) / not in the record — the same answers from the CSV Excel writes (Vietnamese headers, semicolon,
// BOM) and from JSON, every record found journaled as a lookup, every row charged to the asker's budget.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import type { ClaimResult, ClaimsSummary } from '../../../api/index.ts';
import type { HocBaRecord, SecondaryRecord, SecondarySubjectResult } from '../../../api/record/index.ts';
import { createServerAnswers } from '../../../api/server/answers.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures, SCHOOLS } from '../../helpers/signed-records.ts';
import { afterLockOf, bearer, json, openApi, type Api } from './setup.ts';

const fx = await makeFixtures();

const unknownCode = () => randomUUID().replaceAll('-', '').toUpperCase();
const vnScore = (score: number) => String(score).replace('.', ',');

interface Seeded { code: string; record: SecondaryRecord; personalIdLast4: string }

describe.each(databasesUnderTest())('the claims check on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  let records: Seeded[];
  let recalled: Seeded;
  beforeAll(async () => {
    ({ database, api } = await openApi(open, fx));
    const pushed = await api.registry.submitPackages(SCHOOLS.c.code, await Promise.all([1, 2, 3, 4].map((seed) => fx.packaged(SCHOOLS.c, 700 + seed))), fx.now);
    records = [];
    for (const result of pushed) {
      if (result.status !== 'accepted') throw new Error(JSON.stringify(result));
      const view = (await api.registry.getRecord(result.lookupCode))!;
      records.push({ code: result.lookupCode, record: view.content as HocBaRecord as SecondaryRecord, personalIdLast4: view.personalId!.slice(-4) });
    }
    recalled = records.pop()!;
    await api.registry.recallRecord(SCHOOLS.c.code, recalled.code, 'nhập sai', fx.now);
    // Admissions read records after the year's lock (30/6): in force, not still correctable.
    api.clock.now = afterLockOf(fx.schoolYear);
  });
  afterAll(() => database?.close());

  const toan = (seeded: Seeded) => {
    const subject = seeded.record.results.subjects.find((s: SecondarySubjectResult) => s.code === 'TOAN')!;
    if (subject.assessment !== 'score') throw new Error('Toán is scored');
    return subject;
  };

  const lost = unknownCode();
  /** One list of applicants, as an office would keep it; each row names the problems it must get, exactly. */
  function applicants() {
    const [one, two, three] = records as [Seeded, Seeded, Seeded];
    return [
      { ref: 'TS001', codes: [one.code], dob: one.record.dateOfBirth, last4: one.personalIdLast4,
        declared: { 'Toán 12 CN': vnScore(toan(one).year), 'Học tập 12 CN': one.record.results.learning.year, 'Rèn luyện 12 HK2': one.record.results.conduct.term2 },
        problems: [] },
      { ref: 'TS002', codes: [two.code], dob: two.record.dateOfBirth, last4: '',
        declared: { 'Toán 12 CN': String(toan(two).year >= 9.5 ? toan(two).year - 0.5 : toan(two).year + 0.5) },
        problems: ['value_differs'] },
      { ref: 'TS003', codes: [three.code], dob: '01/01/1990', last4: three.personalIdLast4, declared: {}, problems: ['identity_differs'] },
      { ref: 'TS004', codes: [lost], dob: '', last4: '', declared: {}, problems: ['record_not_found'] },
      { ref: 'TS005', codes: ['không phải mã'], dob: '', last4: '', declared: {}, problems: ['code_unreadable'] },
      { ref: 'TS006', codes: [one.code], dob: '', last4: '', declared: { 'Khoa học tự nhiên 12 CN': '9' }, problems: ['value_absent'] },
      { ref: 'TS007', codes: [one.code], dob: '', last4: '', declared: { 'Toán 11 CN': '9' }, problems: ['no_record_for_grade'] },
      { ref: 'TS008', codes: [one.code, two.code], dob: '', last4: '', declared: {}, problems: ['different_students'] },
      { ref: 'TS009', codes: [recalled.code], dob: '', last4: '', declared: {}, problems: ['record_not_in_force'] },
      { ref: 'TS010', codes: [one.code], dob: '', last4: '', declared: { 'Toán 12 HK1': 'mười' }, problems: ['value_unreadable'] },
      { ref: '=HYPERLINK("http://x")', codes: [one.code], dob: '', last4: '', declared: {}, problems: [] },
    ];
  }
  const NAMES = ['Toán 12 CN', 'Học tập 12 CN', 'Rèn luyện 12 HK2', 'Khoa học tự nhiên 12 CN', 'Toán 11 CN', 'Toán 12 HK1'];

  function asCsv(separator: ',' | ';', bom: boolean): string {
    const cell = (text: string) => (/[",;\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
    const header = ['Mã hồ sơ', 'Họ và tên', 'Mã tra cứu 1', 'Mã tra cứu 2', 'Ngày sinh', 'CCCD 4 số cuối', ...NAMES];
    const lines = applicants().map((row) => [row.ref, 'Nguyễn Văn Á', row.codes[0] ?? '', row.codes[1] ?? '', row.dob, row.last4,
      ...NAMES.map((name) => (row.declared as Record<string, string>)[name] ?? '')].map(cell).join(separator));
    return `${bom ? '\uFEFF' : ''}${[header.join(separator), ...lines].join('\r\n')}\r\n`;
  }
  const asJson = () => ({
    rows: applicants().map((row) => ({ ref: row.ref, codes: row.codes, dateOfBirth: row.dob || null, personalIdLast4: row.last4 || null, declared: row.declared })),
  });
  const post = (body: string, type: string, accept = 'application/json') =>
    api.app.request('/api/v1/verify/claims', { method: 'POST', body, headers: { 'Content-Type': type, Accept: accept } });

  it('answers each applicant with exactly the problems it has; a differing value carries the registry\'s value, identity never the stored one', async () => {
    const response = await post(JSON.stringify(asJson()), 'application/json');
    expect(response.status).toBe(200);
    const { results, summary } = (await response.json()) as { results: ClaimResult[]; summary: ClaimsSummary };
    expect(results.map((result) => [result.ref, result.problems])).toEqual(applicants().map((row) => [row.ref, row.problems]));
    expect(results.map((result) => result.confirmed)).toEqual(applicants().map((row) => row.problems.length === 0));
    const [one, two] = records as [Seeded, Seeded];
    expect(results[0]!.identity).toBe('matches');
    expect(results[0]!.values.map((value) => [value.outcome, value.registry])).toEqual([['matches', null], ['matches', null], ['matches', null]]);
    expect(results[1]!.values).toEqual([{ grade: 12, subject: 'toan', subjectName: 'Toán', term: 'CN', declared: asJson().rows[1]!.declared['Toán 12 CN'], outcome: 'differs', registry: String(toan(two).year) }]);
    expect(results[2]!.identity).toBe('differs');
    expect(results[0]!.records).toEqual([{ input: one.code, code: one.code, status: 'in_force', grade: 12, schoolYear: fx.schoolYear, schoolName: SCHOOLS.c.name }]);
    expect(results[8]!.records[0]!.status).toBe('recalled');
    // Nothing stored about the person is in the answer: not the date of birth, not the last four digits.
    const text = JSON.stringify(results.slice(2, 3));
    expect(text).not.toContain(records[2]!.record.dateOfBirth);
    expect(text).not.toContain(records[2]!.personalIdLast4);
    expect(summary.rows).toBe(11);
    expect(summary.confirmed).toBe(2);
    expect(summary.problems).toMatchObject({ value_differs: 1, identity_differs: 1, record_not_found: 1, code_unreadable: 1, value_absent: 1, no_record_for_grade: 1, different_students: 1, record_not_in_force: 1, value_unreadable: 1 });
  });

  it('gives the same rows for the CSV as Excel writes it (Vietnamese headers, semicolon or comma, BOM or not) as for JSON', async () => {
    const fromJson = ((await (await post(JSON.stringify(asJson()), 'application/json')).json()) as { results: ClaimResult[] }).results;
    for (const [separator, bom] of [[';', true], [',', false], [';', false], [',', true]] as const) {
      const response = await post(asCsv(separator, bom), 'text/csv; charset=utf-8');
      expect(response.status).toBe(200);
      const fromCsv = ((await response.json()) as { results: ClaimResult[] }).results;
      // The CSV has empty cells where JSON has no key: the same declared values, so the same answers.
      expect(fromCsv).toEqual(fromJson);
    }
  });

  it('answers CSV that Excel opens in Vietnamese: BOM, the documented header, one line per applicant, formulas defused', async () => {
    const response = await post(JSON.stringify(asJson()), 'application/json', 'text/csv');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await response.arrayBuffer());
    // Excel reads a CSV as UTF-8 only after this byte order mark (Response#text would drop it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.split('\r\n')[0]).toBe('\uFEFFref,result,problems,code_1,status_1,code_2,status_2,code_3,status_3,identity,values_matching,values_differing,values_other,details');
    expect(text.startsWith('\uFEFFref,result,problems,code_1,status_1,code_2,status_2,code_3,status_3,identity,values_matching,values_differing,values_other,details\r\n')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(12);
    expect(lines[2]).toContain('Có điểm/kết quả khai khác học bạ');
    expect(lines[2]).toContain(`Toán 12 CN: khai ${asJson().rows[1]!.declared['Toán 12 CN']}, học bạ ${toan(records[1]!).year}`);
    expect(lines[11]!.startsWith(`"'=HYPERLINK(""http://x"")",confirmed,`)).toBe(true);
  });

  it('streams NDJSON: one line per applicant in order, then the summary', async () => {
    const response = await post(JSON.stringify(asJson()), 'application/json', 'application/x-ndjson');
    const lines = (await response.text()).trimEnd().split('\n').map((line) => JSON.parse(line) as ClaimResult | { summary: ClaimsSummary });
    expect(lines).toHaveLength(12);
    expect(lines.slice(0, 11).map((line) => (line as ClaimResult).ref)).toEqual(applicants().map((row) => row.ref));
    expect((lines[11] as { summary: ClaimsSummary }).summary.rows).toBe(11);
  });

  it('reads a chunk\'s records in one statement on a single database, unknown codes included (counted reads)', async () => {
    const before = api.registry.readCounters.primary;
    const views = await api.registry.getRecords([records[0]!.code, records[1]!.code, unknownCode(), unknownCode()]);
    expect([...views.keys()].sort()).toEqual([records[0]!.code, records[1]!.code].sort());
    expect(api.registry.readCounters.primary - before).toBe(1);
  });

  it('journals every record found as a lookup, once per code and request', async () => {
    const [one] = records as [Seeded];
    await api.registry.flushAccessLog();
    const before = (await api.registry.countLookups(one.code))!.lookups;
    await (await post(JSON.stringify(asJson()), 'application/json')).arrayBuffer();
    await api.registry.flushAccessLog();
    expect((await api.registry.countLookups(one.code))!.lookups - before).toBe(1);
  });

  it('refuses a list it cannot read with the reason and where: unknown column, no code column, four code columns, not UTF-8, an open quote', async () => {
    const refused = async (body: string | Uint8Array<ArrayBuffer>) => {
      const response = await api.app.request('/api/v1/verify/claims', { method: 'POST', body, headers: { 'Content-Type': 'text/csv' } });
      expect(response.status).toBe(400);
      return (await response.json()) as { code: string; message: string };
    };
    expect(await refused('ma_tra_cuu;Toán 12 CA\r\nX;1\r\n')).toMatchObject({ code: 'claims_column_unknown', message: expect.stringContaining('2 "Toán 12 CA"') });
    expect((await refused('ngay_sinh\r\n01/01/2008\r\n')).code).toBe('claims_code_column_missing');
    expect((await refused('code_1,code_2,code_3,code_4\r\na,b,c,d\r\n')).code).toBe('claims_too_many_codes');
    // "Mã" in Windows-1258 (Excel's plain CSV): 0x4D 0xE3 is not UTF-8.
    expect((await refused(new Uint8Array([0x4d, 0xe3, 0x0d, 0x0a, 0x31]))).code).toBe('claims_csv_not_utf8');
    expect(await refused('ma_tra_cuu\r\n"ABC\r\n')).toMatchObject({ code: 'claims_csv_unreadable', message: expect.stringContaining('2') });
    // Malformed JSON: the reason in the message's language, never the parser's English inside Vietnamese.
    const malformed = await api.app.request('/api/v1/verify/claims', { method: 'POST', body: '{"rows": [', headers: { 'Content-Type': 'application/json' } });
    expect(malformed.status).toBe(400);
    const said = (await malformed.json()) as { code: string; message: string };
    expect(said.code).toBe('invalid_request');
    expect(said.message).not.toMatch(/Malformed|JSON in request/);
    const unknownName = await api.app.request('/api/v1/verify/claims', json({ rows: [{ codes: ['X'], declared: { 'Toán mười hai': '8' } }] }));
    expect(await unknownName.json()).toMatchObject({ code: 'claims_value_name_unknown' });
  });

  it('takes 10,000 applicants and refuses 10,001 with batch_too_large before looking anything up', async () => {
    const rows = (n: number) => `ma_tra_cuu\r\n${Array.from({ length: n }, () => 'X').join('\r\n')}\r\n`;
    const over = await post(rows(10_001), 'text/csv');
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ code: 'batch_too_large' });
  });

  it('charges every applicant to the asker\'s budget: a list of 5 spends a budget of 5, the next row is refused until the minute ends', async () => {
    const server = createServerAnswers({ registry: api.registry, claimsRowsPerMinute: 5, clock: () => api.clock.now, publicUrl: 'https://hocba.example.vn' });
    const app = api.appWith({ answers: server.answers });
    const list = (n: number) => app.request('/api/v1/verify/claims', json({ rows: Array.from({ length: n }, () => ({ codes: [unknownCode()] })) }));
    expect((await list(5)).status).toBe(200);
    const second = await list(1);
    expect(second.status).toBe(429);
    api.clock.now = new Date(api.clock.now.getTime() + 60_000);
    expect((await list(5)).status).toBe(200);
    api.clock.now = afterLockOf(fx.schoolYear);
    await server.close();
  });

  it('names a record still correctable (before the lock date) as record_not_locked, so no row is confirmed on it', async () => {
    api.clock.now = fx.now;
    const response = await post(JSON.stringify({ rows: [{ codes: [records[0]!.code] }] }), 'application/json');
    const { results } = (await response.json()) as { results: ClaimResult[] };
    expect(results.map((result) => [result.confirmed, result.problems, result.records[0]!.status])).toEqual([[false, ['record_not_locked'], 'not_locked']]);
    api.clock.now = afterLockOf(fx.schoolYear);
  });

  it('answers a school token nothing more than the public: the route needs no token and ignores one', async () => {
    const response = await api.app.request('/api/v1/verify/claims', { method: 'POST', body: JSON.stringify(asJson()), headers: bearer(api.tokens.c) });
    expect(response.status).toBe(200);
  });
});
