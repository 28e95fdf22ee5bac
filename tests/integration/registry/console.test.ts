// The operator console's counting core (issue 20) on PGlite and PostgreSQL: the overview's figures equal what SQL
// counts independently in a seeded year, refused pushes are counted per code with the kind of fix, expected counts
// are saved all-or-nothing and journaled, the journal pages and filters, and console sessions end when idle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { isHocbaError } from '../../../api/errors.ts';
import { CONSOLE_IDLE_MS, SESSION_MS } from '../../../api/registry/index.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { AFTER_LOCK, BEFORE_LOCK, makeRegistryFixtures, newLookupCode, SCHOOL_A, SCHOOL_B, setUpRegistry, type Fixture } from './setup.ts';
import type { Fixtures } from '../../helpers/signed-records.ts';
import { studentCodeOf } from './records.ts';

const YEAR = '2024-2025';
const SCHOOL_C = '01009999';
const DAY_MS = 86_400_000;

async function codeOf(work: Promise<unknown>): Promise<string | null> {
  try {
    await work;
    return null;
  } catch (error) {
    if (!isHocbaError(error)) throw error;
    return error.code;
  }
}

describe.each(databasesUnderTest())('the console core on $name', ({ open }) => {
  let database: Database;
  let fx: Fixture;
  let pki: Fixtures;

  beforeAll(async () => {
    pki = await makeRegistryFixtures();
    database = await open();
    fx = await setUpRegistry(database, pki);
    await fx.registry.addSchool({ code: SCHOOL_C, name: 'Trường THCS Chưa Gửi', provinceCode: '01', certificates: [] }, { now: new Date(BEFORE_LOCK.getTime() - DAY_MS) });
    // Two days of pushes: 3 records of A on 1/6, 2 more of A, 1 of B and a replacement on 2/6; one of A recalled.
    const day2 = new Date(BEFORE_LOCK.getTime() + DAY_MS);
    const codesA = [newLookupCode(), newLookupCode(), newLookupCode(), newLookupCode(), newLookupCode()];
    await fx.registry.submitPackages(SCHOOL_A, await Promise.all(codesA.slice(0, 3).map((lookupCode) => fx.pkg({ lookupCode, schoolCode: SCHOOL_A }))), BEFORE_LOCK);
    await fx.registry.submitPackages(SCHOOL_A, await Promise.all(codesA.slice(3).map((lookupCode) => fx.pkg({ lookupCode, schoolCode: SCHOOL_A }))), day2);
    await fx.registry.submitPackages(SCHOOL_B, [await fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_B })], day2);
    await fx.registry.recallRecord(SCHOOL_A, codesA[0]!, 'Sai điểm', day2);
    await fx.registry.replaceRecord(SCHOOL_A, codesA[1]!, await fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_A, studentCode: studentCodeOf(codesA[1]!) }), day2);
    // Refused: two unreadable packages (grade unknown), a record of B (grade 9) pushed by A (school_mismatch, the
    // judge), and one of A's own (grade 5) after the lock date (refused by admission).
    await fx.registry.submitPackages(SCHOOL_A, ['not base64 at all!', '%%%'], BEFORE_LOCK);
    await fx.registry.submitPackages(SCHOOL_A, [await fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_B })], BEFORE_LOCK);
    await fx.registry.submitPackages(SCHOOL_A, [await fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_A })], AFTER_LOCK);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  describe('when the overview of a seeded year is asked', () => {
    it('gives per school and grade exactly the counts SQL gives', async () => {
      const overview = await fx.registry.schoolYearOverview({ schoolYear: YEAR });
      const counted = await database.query<{ school_code: string; grade: number; n: number; recalled: number; replaced: number }>(
        `select school_code, grade, count(*)::int as n, count(*) filter (where status = 'recalled')::int as recalled,
                count(*) filter (where status = 'replaced')::int as replaced
         from records where school_year = $1 group by school_code, grade order by school_code, grade`, [YEAR]);
      // A grade row with records; one with only refusals (A's grade 9) has no records to count.
      const shown = overview.schools.flatMap((school) => school.grades.filter((g) => g.accepted > 0)
        .map((g) => ({ school_code: school.code, grade: g.grade, n: g.accepted, recalled: g.recalled, replaced: g.replaced })));
      expect(shown).toEqual(counted);
      expect(counted.find((row) => row.school_code === SCHOOL_A)).toMatchObject({ n: 6, recalled: 1, replaced: 1 });
      const [refused] = await database.query<{ n: number }>(`select count(*)::int as n from submissions where status = 'rejected' and school_code = $1`, [SCHOOL_A]);
      expect(overview.schools.find((school) => school.code === SCHOOL_A)).toMatchObject({ refused: refused!.n, accepted: 6, inForce: 4 });
      expect(refused!.n).toBe(4);
      expect(overview.totals).toEqual({ accepted: 7, recalled: 1, replaced: 1, refused: 4, schools: 3, unpublished: 1 });
    });

    it('gives the refused pushes per school and grade as SQL counts them, those that never parsed as grade unknown', async () => {
      const overview = await fx.registry.schoolYearOverview({ schoolYear: YEAR });
      const counted = await database.query<{ school_code: string; grade: number | null; n: number }>(
        `select school_code, grade, count(*)::int as n from submissions where status = 'rejected' and received_at >= $1 and received_at < $2
         group by school_code, grade order by school_code, grade nulls last`, [overview.season.from, overview.season.to]);
      const shown = overview.schools.flatMap((school) => [
        ...school.grades.filter((g) => g.refused > 0).map((g) => ({ school_code: school.code, grade: g.grade as number | null, n: g.refused })),
        ...(school.refusedGradeUnknown > 0 ? [{ school_code: school.code, grade: null, n: school.refusedGradeUnknown }] : []),
      ]);
      expect(shown).toEqual(counted);
      expect(counted).toEqual([{ school_code: SCHOOL_A, grade: 5, n: 1 }, { school_code: SCHOOL_A, grade: 9, n: 1 }, { school_code: SCHOOL_A, grade: null, n: 2 }]);
      // Each refusal that parsed keeps the school year its record named; the unreadable ones keep none.
      expect(await database.query(`select grade, school_year from submissions where status = 'rejected' order by id`)).toEqual([
        { grade: null, school_year: null }, { grade: null, school_year: null }, { grade: 9, school_year: YEAR }, { grade: 5, school_year: YEAR },
      ]);
      const a = overview.schools.find((school) => school.code === SCHOOL_A)!;
      expect(a.grades.map((g) => [g.grade, g.accepted, g.refused])).toEqual([[5, 6, 1], [9, 0, 1]]);
      expect(a.refused).toBe(a.grades.reduce((n, g) => n + g.refused, 0) + a.refusedGradeUnknown);
    });

    it('counts acceptances per Vietnam day and shows the year\'s lock dates', async () => {
      const overview = await fx.registry.schoolYearOverview({ schoolYear: YEAR });
      expect(overview.perDay).toEqual([{ day: '2025-06-01', accepted: 3 }, { day: '2025-06-02', accepted: 4 }]);
      expect(overview.lockDates).toEqual({ main: '2025-06-30', supplementary: '2025-08-15' });
    });

    it('lists the schools with nothing published, and pages the table', async () => {
      const unpublished = await fx.registry.schoolYearOverview({ schoolYear: YEAR, onlyUnpublished: true });
      expect(unpublished.schools.map((school) => school.code)).toEqual([SCHOOL_C]);
      expect(unpublished.listed).toBe(1);
      const second = await fx.registry.schoolYearOverview({ schoolYear: YEAR, page: 2, pageSize: 2 });
      expect(second.schools.map((school) => school.code)).toEqual([SCHOOL_C]);
      expect(second.listed).toBe(3);
    });
  });

  describe('when expected counts are set', () => {
    it('saves them, shows completion in percent of records in force, and journals each under the operator', async () => {
      expect(await fx.registry.setExpectedCounts(YEAR, [{ schoolCode: SCHOOL_A, expected: 8 }, { schoolCode: SCHOOL_B, expected: 0 }], { actor: 'operator:lan', now: BEFORE_LOCK })).toBe(2);
      const overview = await fx.registry.schoolYearOverview({ schoolYear: YEAR });
      expect(overview.schools.find((school) => school.code === SCHOOL_A)).toMatchObject({ expected: 8, completion: 50 });
      expect(overview.schools.find((school) => school.code === SCHOOL_B)).toMatchObject({ expected: 0, completion: null });
      const events = await database.query<{ actor: string; subject: string; detail: unknown }>(`select actor, subject, detail from events where kind = 'expected_count' order by id`);
      expect(events).toEqual([
        { actor: 'operator:lan', subject: SCHOOL_A, detail: { schoolYear: YEAR, expected: 8 } },
        { actor: 'operator:lan', subject: SCHOOL_B, detail: { schoolYear: YEAR, expected: 0 } },
      ]);
    });

    it('refuses the whole set for an unknown school or a bad number, saving none', async () => {
      expect(await codeOf(fx.registry.setExpectedCounts(YEAR, [{ schoolCode: SCHOOL_A, expected: 9 }, { schoolCode: '01000000', expected: 1 }]))).toBe('school_unknown');
      expect(await codeOf(fx.registry.setExpectedCounts(YEAR, [{ schoolCode: SCHOOL_A, expected: -1 }]))).toBe('expected_count_invalid');
      expect(await codeOf(fx.registry.setExpectedCounts(YEAR, [{ schoolCode: 'x', expected: 1 }]))).toBe('expected_count_invalid');
      const [row] = await database.query<{ expected: number }>('select expected from expected_counts where school_code = $1', [SCHOOL_A]);
      expect(row!.expected).toBe(8);
    });
  });

  describe('when refusals are summed up', () => {
    it('counts each code per school with the stored message and its kind of fix', async () => {
      const rows = await fx.registry.refusals({ schoolYear: YEAR, schoolCode: SCHOOL_A });
      const counted = await database.query<{ code: string; n: number }>(
        `select e->>'code' as code, count(*)::int as n from submissions, jsonb_array_elements(errors) e
         where status = 'rejected' and school_code = $1 group by 1 order by 2 desc, 1`, [SCHOOL_A]);
      expect(rows.map((row) => ({ code: row.code, n: row.count }))).toEqual(counted);
      expect(rows.find((row) => row.code === 'school_mismatch')).toMatchObject({ kind: 'code', schoolName: expect.any(String) });
      expect(rows.find((row) => row.code === 'package_not_base64')).toMatchObject({ kind: 'format', count: 2, message: expect.stringContaining('Base64') });
      expect(await fx.registry.refusals({ schoolYear: '2023-2024' })).toEqual([]);
    });
  });

  describe('when the journal is browsed', () => {
    it('filters by school and kind and pages newest first without gaps or repeats', async () => {
      const recalls = await fx.registry.journalPage({ kind: 'recall', schoolCode: SCHOOL_A });
      expect(recalls.events.map((event) => event.actor)).toEqual([SCHOOL_A]);
      const all = await database.query<{ id: number }>('select id::int as id from events order by id desc');
      const seen: number[] = [];
      let before: number | undefined;
      for (let pages = 0; pages < 100; pages += 1) {
        const page = await fx.registry.journalPage({ limit: 7, ...(before === undefined ? {} : { before }) });
        seen.push(...page.events.map((event) => event.id));
        if (page.next === null) break;
        before = page.next;
      }
      expect(seen).toEqual(all.map((row) => row.id));
      const day = await fx.registry.journalPage({ from: '2025-06-01', to: '2025-06-01', kind: 'accept' });
      expect(day.events).toHaveLength(3);
    });
  });

  describe('when a console session is idle', () => {
    it('ends it after CONSOLE_IDLE_MS without use and at SESSION_MS however busy, while an API session has no idle limit', async () => {
      await fx.registry.addOperator({ username: 'lan.nguyen', displayName: 'Nguyễn Thị Lan', password: 'Hồ Gươm mùa thu 2026' }, { now: BEFORE_LOCK });
      const t0 = BEFORE_LOCK;
      const at = (ms: number) => new Date(t0.getTime() + ms);
      const cookie = await fx.registry.login('lan.nguyen', 'Hồ Gươm mùa thu 2026', { now: t0, idleMs: CONSOLE_IDLE_MS });
      const bearer = await fx.registry.login('lan.nguyen', 'Hồ Gươm mùa thu 2026', { now: t0 });
      // Used every 29 minutes it lives on; then 30 minutes without use end it.
      let t = 0;
      for (; t + CONSOLE_IDLE_MS - 60_000 < SESSION_MS - CONSOLE_IDLE_MS; t += CONSOLE_IDLE_MS - 60_000) {
        expect(await fx.registry.authenticateOperator(cookie.token, at(t + CONSOLE_IDLE_MS - 60_000))).toMatchObject({ username: 'lan.nguyen' });
      }
      const last = t;
      expect(await fx.registry.authenticateOperator(cookie.token, at(last + CONSOLE_IDLE_MS))).toBeNull();
      expect(await fx.registry.authenticateOperator(bearer.token, at(last + CONSOLE_IDLE_MS))).toMatchObject({ username: 'lan.nguyen' });
      expect(await fx.registry.authenticateOperator(bearer.token, at(SESSION_MS))).toBeNull();
      const busy = await fx.registry.login('lan.nguyen', 'Hồ Gươm mùa thu 2026', { now: t0, idleMs: CONSOLE_IDLE_MS });
      for (let m = 0; m < SESSION_MS; m += 20 * 60_000) expect(await fx.registry.authenticateOperator(busy.token, at(m))).not.toBeNull();
      expect(await fx.registry.authenticateOperator(busy.token, at(SESSION_MS))).toBeNull();
    });
  });

  describe('when certificates and trust are summed up', () => {
    it('lists refused pushes for an unapproved seal, approvals expiring within 60 days and CRLs past their next update', async () => {
      const later = new Date('2030-01-01T00:00:00Z');
      const trust = await fx.registry.trustOverview(BEFORE_LOCK);
      expect(trust.anchors.map((anchor) => anchor.role).sort()).toEqual(['anchor', 'intermediate']);
      const [crlCount] = await database.query<{ n: number }>('select count(distinct issuer)::int as n from crls');
      expect(trust.crls).toHaveLength(crlCount!.n);
      const stale = await fx.registry.trustOverview(later);
      expect(stale.crls.every((crl) => crl.nextUpdate === null || crl.stale)).toBe(true);
      const [soonest] = await database.query<{ not_after: Date }>('select min(not_after) as not_after from school_certificates where withdrawn_at is null');
      const nearExpiry = await fx.registry.trustOverview(new Date(new Date(soonest!.not_after).getTime() - 59 * DAY_MS));
      expect(nearExpiry.expiring.length).toBeGreaterThan(0);
      await fx.registry.submitPackages(SCHOOL_A, [await fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_A, sealedBy: 'school-b' })], BEFORE_LOCK);
      const waiting = await fx.registry.trustOverview(BEFORE_LOCK);
      expect(waiting.waiting).toEqual([expect.objectContaining({ schoolCode: SCHOOL_A, refusedPushes: 1 })]);
    });
  });
});
