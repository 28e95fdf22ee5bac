// SPEC §8 at push, through the real registry (engine, database) on PGlite and PostgreSQL, with an injected clock:
// a year whose lock has passed is refused unless the Sở opened a late window, a record accepted in one is in force
// from its acceptance, school years are plausible, and a student has one record in force per school year.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import type { PackageResult, Registry } from '../../../api/registry/index.ts';
import { wireRegistry, type WiredRegistry } from '../../../api/registry/open.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { rejectionCode } from '../../helpers/error-codes.ts';
import { enrolFixtures, makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';
import { recordPackage, studentCodeOf, type TestRecord } from './records.ts';
import { newLookupCode } from './setup.ts';

/** 03/12/2026, 09:00 in Hanoi: 2024-2025 locked on 30/06/2025, 2026-2027 in progress. */
const NOW = new Date('2026-12-03T09:00:00+07:00');
const A = SCHOOLS.a.code;
const B = SCHOOLS.b.code;
const OPERATOR = 'operator:lan.nguyen';

let pki: Fixtures;
beforeAll(async () => {
  pki = await makeFixtures({ now: NOW });
});

const codesOf = (result: PackageResult | undefined) => (result?.status === 'rejected' ? result.errors.map((error) => [error.code, error.path]) : []);

describe.each(databasesUnderTest())('the record lifecycle at push on $name', ({ open }) => {
  let database: Database;
  let registry: Registry;
  let wired: WiredRegistry | undefined;
  const clock = { now: NOW };
  const pkg = (record: TestRecord) => recordPackage(pki, record);
  const push = async (school: string, record: Omit<TestRecord, 'schoolCode'>, at = clock.now) =>
    (await registry.submitPackages(school, [await pkg({ ...record, schoolCode: school })], at))[0];
  const journal = (kind: string) => database.query<{ actor: string; subject: string; detail: Record<string, unknown> }>(
    'select actor, subject, detail from events where kind = $1 order by id', [kind]);

  beforeAll(async () => {
    database = await open();
    // The server's wiring (engine, proof of existence at receipt), on this database and clock.
    wired = wireRegistry(database, { clock: () => clock.now });
    registry = wired.registry;
    await enrolFixtures(registry, pki);
  });
  afterAll(async () => {
    await wired?.close();
    await database?.close();
  });

  describe('a year whose lock date has passed', () => {
    it('refuses a record of 2024-2025 pushed on 03/12/2026 with year_locked at NamHoc, and stores nothing', async () => {
      const code = newLookupCode();
      const result = await push(A, { lookupCode: code, schoolYear: '2024-2025' });
      expect(codesOf(result)).toEqual([['year_locked', 'NamHoc']]);
      expect(result).toMatchObject({ errors: [{ message: expect.stringContaining('2025-06-30') }] });
      expect(await registry.getRecord(code)).toBeNull();
    });

    it('accepts it while a late window is open for that school and year, in force from its acceptance, never before', async () => {
      const window = await registry.openLateWindow(
        { schoolCode: A, schoolYear: '2024-2025', until: '2026-12-10', reason: 'Trường chuyển đổi phần mềm, nộp bổ sung' }, { now: NOW, actor: OPERATOR });
      expect(window).toMatchObject({ schoolCode: A, schoolYear: '2024-2025', until: '2026-12-10', open: true, openedBy: OPERATOR, closedAt: null });
      const code = newLookupCode();
      expect(await push(A, { lookupCode: code, schoolYear: '2024-2025' })).toMatchObject({ status: 'accepted' });
      expect(await registry.getRecord(code, { now: NOW })).toMatchObject({ status: 'valid', locked: true, lockDate: '2025-06-30', effectiveFrom: '2026-12-03' });
      // The window is for that school and that year only.
      expect(codesOf(await push(B, { lookupCode: newLookupCode(), schoolYear: '2024-2025' }))).toEqual([['year_locked', 'NamHoc']]);
      expect(codesOf(await push(A, { lookupCode: newLookupCode(), schoolYear: '2023-2024' }))).toEqual([['year_locked', 'NamHoc']]);
      expect(await journal('late_window_open')).toEqual([{
        actor: OPERATOR, subject: A, detail: { id: window.id, schoolYear: '2024-2025', until: '2026-12-10', reason: 'Trường chuyển đổi phần mềm, nộp bổ sung' },
      }]);
    });

    it('refuses a second window while one is open, and bad windows with precise codes', async () => {
      const input = { schoolCode: A, schoolYear: '2024-2025', until: '2026-12-20', reason: 'lần hai' };
      expect(await rejectionCode(registry.openLateWindow(input, { now: NOW }))).toBe('late_window_exists');
      expect(await rejectionCode(registry.openLateWindow({ ...input, schoolCode: '01009999' }, { now: NOW }))).toBe('school_unknown');
      expect(await rejectionCode(registry.openLateWindow({ ...input, schoolCode: B, until: '2026-12-02' }, { now: NOW }))).toBe('late_window_until_invalid');
      expect(await rejectionCode(registry.openLateWindow({ ...input, schoolCode: B, until: '2026-02-30' }, { now: NOW }))).toBe('late_window_until_invalid');
      expect(await rejectionCode(registry.openLateWindow({ ...input, schoolCode: B, reason: ' \u0000 ' }, { now: NOW }))).toBe('late_window_reason_missing');
      expect(await rejectionCode(registry.openLateWindow({ ...input, schoolCode: B, schoolYear: '1990-1991' }, { now: NOW }))).toBe('school_year_implausible');
      expect(await rejectionCode(registry.closeLateWindow(B, '2024-2025', 'không có', { now: NOW }))).toBe('late_window_not_found');
      expect(await journal('late_window_open')).toHaveLength(1);
    });

    it('refuses again once the window is closed (journaled with its reason) or its last day is over', async () => {
      const closedAt = new Date(NOW.getTime() + 3_600_000);
      const closed = await registry.closeLateWindow(A, '2024-2025', 'Đã nhận đủ', { now: closedAt, actor: OPERATOR });
      expect(closed).toMatchObject({ open: false, closedAt, closedBy: OPERATOR, closeReason: 'Đã nhận đủ' });
      expect(codesOf(await push(A, { lookupCode: newLookupCode(), schoolYear: '2024-2025' }, closedAt))).toEqual([['year_locked', 'NamHoc']]);
      expect(await journal('late_window_close')).toEqual([{ actor: OPERATOR, subject: A, detail: { id: closed.id, schoolYear: '2024-2025', reason: 'Đã nhận đủ' } }]);
      // A window whose last day is over lets nothing in either, and another may then be opened.
      await registry.openLateWindow({ schoolCode: B, schoolYear: '2024-2025', until: '2026-12-04', reason: 'một ngày' }, { now: closedAt, actor: OPERATOR });
      expect(await push(B, { lookupCode: newLookupCode(), schoolYear: '2024-2025' }, new Date('2026-12-04T23:59:00+07:00'))).toMatchObject({ status: 'accepted' });
      const dayAfter = new Date('2026-12-05T00:00:00+07:00');
      expect(codesOf(await push(B, { lookupCode: newLookupCode(), schoolYear: '2024-2025' }, dayAfter))).toEqual([['year_locked', 'NamHoc']]);
      const windows = await registry.listLateWindows({ schoolYear: '2024-2025', now: dayAfter });
      expect(windows.map((w) => [w.schoolCode, w.until, w.open, w.closeReason])).toEqual([[A, '2026-12-10', false, 'Đã nhận đủ'], [B, '2026-12-04', false, null]]);
    });

    it('keeps the windows from deletion and from any change but one closing', async () => {
      const refused = async (sql: string) => {
        try {
          await database.query(sql);
          return 'done';
        } catch (error) {
          return (error as { code?: string }).code ?? String(error);
        }
      };
      expect(await refused(`delete from late_windows`)).toBe('HB001');
      expect(await refused(`update late_windows set until = '2030-01-01'`)).toBe('HB001');
      expect(await refused(`update late_windows set close_reason = 'sửa' where closed_at is not null`)).toBe('HB001');
    });
  });

  describe('plausible school years (2020-2021 to the year in progress)', () => {
    it.each(['1990-1991', '2099-2100', '2027-2028'])('refuses %s with school_year_implausible at NamHoc', async (schoolYear) => {
      const result = await push(A, { lookupCode: newLookupCode(), schoolYear });
      expect(codesOf(result)).toEqual([['school_year_implausible', 'NamHoc']]);
      expect(result).toMatchObject({ errors: [{ message: expect.stringContaining('2026-2027') }] });
    });
  });

  describe('one record in force per student and school year', () => {
    const year = '2026-2027';

    it('refuses another document for the same student and year, naming the record to replace to its own school only', async () => {
      const first = newLookupCode();
      const student = studentCodeOf(first);
      expect(await push(A, { lookupCode: first, schoolYear: year })).toMatchObject({ status: 'accepted' });
      const second = await push(A, { lookupCode: newLookupCode(), schoolYear: year, studentCode: student, note: 'bản khác' });
      expect(codesOf(second)).toEqual([['student_year_taken', 'MaHocSinh']]);
      expect(JSON.stringify(second)).toContain(first);
      const elsewhere = await push(B, { lookupCode: newLookupCode(), schoolYear: year, studentCode: student });
      expect(codesOf(elsewhere)).toEqual([['student_year_taken_elsewhere', 'MaHocSinh']]);
      expect(JSON.stringify(elsewhere)).not.toContain(first);
      const [{ n }] = await database.query<{ n: number }>(`select count(*)::int as n from records where student_code = $1 and school_year = $2`, [student, year]) as [{ n: number }];
      expect(n).toBe(1);
    });

    it('lets the replacement through, and a new record once the old one is recalled', async () => {
      const first = newLookupCode();
      const student = studentCodeOf(first);
      await push(A, { lookupCode: first, schoolYear: year });
      const successor = newLookupCode();
      const replaced = await registry.replaceRecord(A, first, await pkg({ lookupCode: successor, schoolCode: A, schoolYear: year, studentCode: student, note: 'đã sửa' }), NOW);
      expect(replaced).toMatchObject({ status: 'accepted', lookupCode: successor });
      await registry.recallRecord(A, successor, 'Nhập nhầm học sinh', NOW);
      expect(await push(A, { lookupCode: newLookupCode(), schoolYear: year, studentCode: student, note: 'mới' })).toMatchObject({ status: 'accepted' });
    });

    it('admits one of two documents for one student in a batch, and one of two concurrent pushes', async () => {
      const student = studentCodeOf(newLookupCode());
      const packages = await Promise.all(['một', 'hai'].map((note) => pkg({ lookupCode: newLookupCode(), schoolCode: A, schoolYear: year, studentCode: student, note })));
      const batch = await registry.submitPackages(A, packages, NOW);
      expect(batch.map((result) => result.status)).toEqual(['accepted', 'rejected']);
      expect(codesOf(batch[1])).toEqual([['student_year_taken', 'MaHocSinh']]);

      const racer = studentCodeOf(newLookupCode());
      const racing = await Promise.all(['ba', 'bốn'].map((note) => pkg({ lookupCode: newLookupCode(), schoolCode: A, schoolYear: year, studentCode: racer, note })));
      const results = (await Promise.all(racing.map((text) => registry.submitPackages(A, [text], NOW)))).flat();
      expect(results.map((result) => result.status).sort()).toEqual(['accepted', 'rejected']);
      expect(results.flatMap(codesOf)).toEqual([['student_year_taken', 'MaHocSinh']]);
      expect((await registry.verifyAuditChain()).ok).toBe(true);
    });
  });
});
