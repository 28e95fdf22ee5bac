// Transfers (chuyển trường; DOMAIN.md "The registry"), pure: who manages a student's records, and whether a
// transfer the Sở asks for makes sense. The registry loads the facts (the student's latest transfer, the schools
// holding their records) and applies the answer in its write transaction.
import { issue, type Issue } from '../errors.ts';
import { vietnamDateOf } from './lock-dates.ts';

/** TT27/TT22 began in school year 2020-2021: no digital record, and no move between two, is older. */
const FIRST_TRANSFER_DATE = '2020-08-01';
const STUDENT_CODE = /^[0-9]{10}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A student's latest transfer, as the rules need it. */
export interface TransferTerms {
  readonly toSchool: string;
  /** ISO date the student moved. */
  readonly effectiveDate: string;
}

export interface TransferRequest {
  readonly studentCode: string;
  readonly fromSchool: string;
  readonly toSchool: string;
  readonly effectiveDate: string;
}

export interface TransferFacts {
  readonly now: Date;
  /** The student's latest transfer, or null before the first. */
  readonly latest: TransferTerms | null;
  /** Schools holding at least one record of the student (any status). */
  readonly recordSchools: readonly string[];
}

/**
 * Whether `schoolCode` manages the student now: before any transfer every school manages its own records (the
 * registry knows no enrolment); from the first one, only the receiving school of the latest — so a transfer back
 * returns the right to the school that had it.
 */
export function managesStudent(schoolCode: string, latest: Pick<TransferTerms, 'toSchool'> | null): boolean {
  return latest === null || latest.toSchool === schoolCode;
}

/** Why a push of a new record for the student is refused, or null (path MaHocSinh: the field that decides). */
export function transferredIssue(candidate: { studentCode: string; schoolCode: string }, latest: TransferTerms | null): Issue | null {
  if (managesStudent(candidate.schoolCode, latest)) return null;
  return issue('student_transferred', { path: 'MaHocSinh', params: { studentCode: candidate.studentCode, date: latest!.effectiveDate } });
}

/** The request's own mistakes, before anything is read: a bad code, the same school twice, a bad date. */
export function transferRequestIssue(request: TransferRequest, now: Date): Issue | null {
  if (!STUDENT_CODE.test(request.studentCode)) return issue('student_code_invalid', { params: { found: request.studentCode.slice(0, 40) } });
  if (request.fromSchool === request.toSchool) return issue('transfer_same_school', { params: { school: request.fromSchool } });
  return dateIssue(request.effectiveDate, now, null);
}

/**
 * Against the registry's facts: the student must be known (a record, or an earlier transfer), be managed by the
 * sending school now, and the date may not precede the date of the transfer that brought them there.
 */
export function transferFactsIssue(request: TransferRequest, facts: TransferFacts): Issue | null {
  const params = { studentCode: request.studentCode, school: request.fromSchool };
  if (facts.latest === null && facts.recordSchools.length === 0) return issue('transfer_student_unknown', { params: { studentCode: request.studentCode } });
  const atSchool = facts.latest === null ? facts.recordSchools.includes(request.fromSchool) : facts.latest.toSchool === request.fromSchool;
  if (!atSchool) return issue('transfer_student_not_at_school', { params });
  return dateIssue(request.effectiveDate, facts.now, facts.latest);
}

function dateIssue(date: string, now: Date, latest: TransferTerms | null): Issue | null {
  const today = vietnamDateOf(now);
  const earliest = latest && latest.effectiveDate > FIRST_TRANSFER_DATE ? latest.effectiveDate : FIRST_TRANSFER_DATE;
  if (!isCalendarDate(date) || date > today || date < earliest) {
    return issue('transfer_date_invalid', { params: { date: date.slice(0, 40), earliest, today } });
  }
  return null;
}

function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
}
