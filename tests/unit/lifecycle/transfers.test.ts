// The pure rules of transfers (api/lifecycle/transfers.ts): who manages a student's records, and each refusal of a
// transfer request with its code, on facts given as values.
import { describe, expect, it } from 'vitest';
import { managesStudent, transferFactsIssue, transferredIssue, transferRequestIssue, type TransferRequest } from '../../../api/lifecycle/index.ts';

const NOW = new Date('2026-05-10T09:00:00+07:00');
const A = '01001001';
const B = '01001002';
const C = '01001003';
const request: TransferRequest = { studentCode: '0112345678', fromSchool: A, toSchool: B, effectiveDate: '2026-05-04' };
const code = (found: { code: string } | null) => found?.code ?? null;

describe('managesStudent', () => {
  it('lets every school manage its own records before any transfer, and only the latest receiving school after one', () => {
    expect([managesStudent(A, null), managesStudent(C, null)]).toEqual([true, true]);
    expect([managesStudent(A, { toSchool: B }), managesStudent(B, { toSchool: B }), managesStudent(C, { toSchool: B })]).toEqual([false, true, false]);
  });
});

describe('transferredIssue', () => {
  it('refuses a push by a school that does not manage the student with student_transferred on MaHocSinh, naming the date', () => {
    expect(transferredIssue({ studentCode: request.studentCode, schoolCode: A }, { toSchool: B, effectiveDate: '2026-05-04' }))
      .toEqual({ code: 'student_transferred', severity: 'error', path: 'MaHocSinh', params: { studentCode: request.studentCode, date: '2026-05-04' } });
    expect(transferredIssue({ studentCode: request.studentCode, schoolCode: B }, { toSchool: B, effectiveDate: '2026-05-04' })).toBeNull();
  });
});

describe('transferRequestIssue', () => {
  it.each([
    ['a student code that is not 10 digits', { studentCode: '012345678' }, 'student_code_invalid'],
    ['the same school twice', { toSchool: A }, 'transfer_same_school'],
    ['a date that is not a calendar day', { effectiveDate: '2026-02-29' }, 'transfer_date_invalid'],
    ['a date in dd/MM/yyyy', { effectiveDate: '04/05/2026' }, 'transfer_date_invalid'],
    ['a date after today in Vietnam', { effectiveDate: '2026-05-11' }, 'transfer_date_invalid'],
    ['a date before school year 2020-2021', { effectiveDate: '2020-07-31' }, 'transfer_date_invalid'],
  ])('refuses %s', (_name, change, expected) => {
    expect(code(transferRequestIssue({ ...request, ...change }, NOW))).toBe(expected);
  });

  it('accepts a well-formed request dated today', () => {
    expect(transferRequestIssue({ ...request, effectiveDate: '2026-05-10' }, NOW)).toBeNull();
  });
});

describe('transferFactsIssue', () => {
  it('refuses a student the registry does not know (no record, no transfer) with transfer_student_unknown', () => {
    expect(code(transferFactsIssue(request, { now: NOW, latest: null, recordSchools: [] }))).toBe('transfer_student_unknown');
  });

  it('refuses a sending school with none of the student\'s records, or that the student has left, with transfer_student_not_at_school', () => {
    expect(code(transferFactsIssue(request, { now: NOW, latest: null, recordSchools: [C] }))).toBe('transfer_student_not_at_school');
    expect(code(transferFactsIssue(request, { now: NOW, latest: { toSchool: C, effectiveDate: '2025-09-01' }, recordSchools: [A] }))).toBe('transfer_student_not_at_school');
  });

  it('accepts a transfer back, and refuses one dated before the transfer that brought the student there', () => {
    const back = { ...request, fromSchool: B, toSchool: A };
    expect(transferFactsIssue(back, { now: NOW, latest: { toSchool: B, effectiveDate: '2026-05-04' }, recordSchools: [A] })).toBeNull();
    expect(transferFactsIssue({ ...back, effectiveDate: '2026-05-03' }, { now: NOW, latest: { toSchool: B, effectiveDate: '2026-05-04' }, recordSchools: [A] }))
      .toMatchObject({ code: 'transfer_date_invalid', params: { earliest: '2026-05-04', today: '2026-05-10' } });
  });
});
