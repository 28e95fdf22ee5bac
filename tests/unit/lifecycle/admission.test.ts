import { describe, expect, it } from 'vitest';
import {
  admissionIssues, DEFAULT_LOCK_SETTINGS, isLateWindowOpen, schoolYearInProgress, schoolYearIssue,
  type AdmissionFacts, type Candidate,
} from '../../../api/lifecycle/index.ts';

const candidate: Candidate = { lookupCode: 'A'.repeat(32), schoolCode: '01001001', schoolYear: '2024-2025', studentCode: '0100000001', supplementary: false };
const PUSHED_LATE = new Date('2026-12-03T09:00:00+07:00');
const BEFORE_LOCK = new Date('2025-06-01T08:00:00+07:00');
const facts = (over: Partial<AdmissionFacts> = {}): AdmissionFacts => ({ now: BEFORE_LOCK, settings: DEFAULT_LOCK_SETTINGS, lateWindowOpen: false, inForce: [], ...over });
const codes = (c: Candidate, f: AdmissionFacts) => admissionIssues(c, f).map((found) => found.code);

describe('schoolYearInProgress', () => {
  it.each([
    ['2026-12-03T09:00:00Z', '2026-2027'],
    ['2026-07-31T16:59:59Z', '2025-2026'],
    // 1 August has begun in Hanoi at 17:00 UTC on 31 July.
    ['2026-07-31T17:00:00Z', '2026-2027'],
    ['2026-06-15T00:00:00Z', '2025-2026'],
  ])('at %s is %s', (at, year) => {
    expect(schoolYearInProgress(new Date(at))).toBe(year);
  });
});

describe('schoolYearIssue', () => {
  const now = new Date('2026-12-03T09:00:00Z');
  it.each(['2020-2021', '2024-2025', '2026-2027'])('accepts %s', (year) => {
    expect(schoolYearIssue(year, now)).toBeNull();
  });
  it.each(['1990-1991', '2019-2020', '2027-2028', '2099-2100'])('refuses %s with school_year_implausible at NamHoc, naming the range', (year) => {
    expect(schoolYearIssue(year, now)).toEqual({
      code: 'school_year_implausible', severity: 'error', path: 'NamHoc', params: { year, first: '2020-2021', current: '2026-2027' },
    });
  });
  it('refuses a malformed year with school_year_invalid', () => {
    expect(schoolYearIssue('2024-2026', now)?.code).toBe('school_year_invalid');
  });
});

describe('isLateWindowOpen', () => {
  const window = { openedAt: new Date('2026-12-01T00:00:00Z'), until: '2026-12-10', closedAt: null };
  it('is open from its opening to the end of its last day, Vietnam time', () => {
    expect(isLateWindowOpen(window, new Date('2026-11-30T23:59:59Z'))).toBe(false);
    expect(isLateWindowOpen(window, new Date('2026-12-01T00:00:00Z'))).toBe(true);
    expect(isLateWindowOpen(window, new Date('2026-12-10T23:59:59.999+07:00'))).toBe(true);
    expect(isLateWindowOpen(window, new Date('2026-12-11T00:00:00+07:00'))).toBe(false);
  });
  it('is shut from the moment it is closed', () => {
    const closed = { ...window, closedAt: new Date('2026-12-05T00:00:00Z') };
    expect(isLateWindowOpen(closed, new Date('2026-12-04T23:59:59Z'))).toBe(true);
    expect(isLateWindowOpen(closed, new Date('2026-12-05T00:00:00Z'))).toBe(false);
  });
});

describe('admissionIssues', () => {
  it('admits a new record of a plausible year before its lock', () => {
    expect(codes(candidate, facts())).toEqual([]);
  });

  it('refuses a record of 2024-2025 pushed on 03/12/2026 with year_locked, naming the lock date', () => {
    expect(admissionIssues(candidate, facts({ now: PUSHED_LATE }))).toEqual([
      { code: 'year_locked', severity: 'error', path: 'NamHoc', params: { schoolYear: '2024-2025', lockDate: '2025-06-30' } },
    ]);
  });

  it('admits it while a late window is open for the school and year', () => {
    expect(codes(candidate, facts({ now: PUSHED_LATE, lateWindowOpen: true }))).toEqual([]);
  });

  it('follows the supplementary lock for a supplementary record', () => {
    const july = new Date('2025-07-10T08:00:00+07:00');
    expect(codes({ ...candidate, supplementary: true }, facts({ now: july }))).toEqual([]);
    expect(codes(candidate, facts({ now: july }))).toEqual(['year_locked']);
  });

  it.each(['1990-1991', '2099-2100'])('refuses %s with school_year_implausible only (no lock date to speak of)', (schoolYear) => {
    expect(codes({ ...candidate, schoolYear }, facts({ now: PUSHED_LATE, lateWindowOpen: true }))).toEqual(['school_year_implausible']);
  });

  it('refuses a second record in force for the student and year, naming the first to its own school only', () => {
    const own = admissionIssues(candidate, facts({ inForce: [{ lookupCode: 'B'.repeat(32), schoolCode: '01001001' }] }));
    expect(own).toEqual([{
      code: 'student_year_taken', severity: 'error', path: 'MaHocSinh',
      params: { studentCode: '0100000001', schoolYear: '2024-2025', existing: 'B'.repeat(32) },
    }]);
    const elsewhere = admissionIssues(candidate, facts({ inForce: [{ lookupCode: 'B'.repeat(32), schoolCode: '01001002' }] }));
    expect(elsewhere).toEqual([{ code: 'student_year_taken_elsewhere', severity: 'error', path: 'MaHocSinh', params: { studentCode: '0100000001', schoolYear: '2024-2025' } }]);
    expect(JSON.stringify(elsewhere)).not.toContain('B'.repeat(32));
  });

  it('leaves the record under its own lookup code to the code rules (a repeat or code_taken)', () => {
    expect(codes(candidate, facts({ inForce: [{ lookupCode: candidate.lookupCode, schoolCode: '01001001' }] }))).toEqual([]);
  });

  it('gives every reason at once: locked and taken', () => {
    expect(codes(candidate, facts({ now: PUSHED_LATE, inForce: [{ lookupCode: 'B'.repeat(32), schoolCode: '01001001' }] }))).toEqual(['year_locked', 'student_year_taken']);
  });
});
