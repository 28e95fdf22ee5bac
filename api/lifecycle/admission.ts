// Admission of a new record (SPEC §8), pure: a plausible school year, a lock date not yet passed unless the Sở
// opened a late window, and at most one record in force per student and school year. The registry loads the
// facts (lock settings, open windows, records in force) and applies the answer in its write transaction.
import { issue, type Issue } from '../errors.ts';
import { lockDateOf, lockInstantOf, parseSchoolYear, vietnamDateOf, type LockSettings } from './lock-dates.ts';
import { transferredIssue, type TransferTerms } from './transfers.ts';

/** TT27/2020 (primary) and TT22/2021 (secondary) began with this year: no digital record is older. */
const FIRST_SCHOOL_YEAR = '2020-2021';

/** The school year in progress at `now` in Vietnam: a new one begins on 1 August (schools open in August). */
export function schoolYearInProgress(now: Date): string {
  const [year, month] = vietnamDateOf(now).split('-').map(Number) as [number, number];
  const first = month >= 8 ? year : year - 1;
  return `${first}-${first + 1}`;
}

/** From FIRST_SCHOOL_YEAR to the year in progress; a malformed year is `school_year_invalid`. */
export function schoolYearIssue(schoolYear: string, now: Date): Issue | null {
  let first: number;
  try {
    [first] = parseSchoolYear(schoolYear);
  } catch {
    return issue('school_year_invalid', { path: 'NamHoc', params: { year: schoolYear } });
  }
  const current = schoolYearInProgress(now);
  if (first >= parseSchoolYear(FIRST_SCHOOL_YEAR)[0] && first <= parseSchoolYear(current)[0]) return null;
  return issue('school_year_implausible', { path: 'NamHoc', params: { year: schoolYear, first: FIRST_SCHOOL_YEAR, current } });
}

/** A late window (đợt nộp muộn) the Sở opened for one school and year, as the lifecycle needs it. */
export interface LateWindowTerms {
  readonly openedAt: Date;
  /** ISO date: open to the end of that day, Vietnam time (like a lock date). */
  readonly until: string;
  readonly closedAt: Date | null;
}

export function isLateWindowOpen(window: LateWindowTerms, now: Date): boolean {
  return window.openedAt.getTime() <= now.getTime()
    && now.getTime() < lockInstantOf(window.until).getTime()
    && (window.closedAt === null || now.getTime() < window.closedAt.getTime());
}

/** The facts of a pushed document that admission looks at. */
export interface Candidate {
  readonly lookupCode: string;
  readonly schoolCode: string;
  readonly schoolYear: string;
  readonly studentCode: string;
  readonly supplementary: boolean;
}

/** A record in force (valid) for the candidate's student and year. */
export interface RecordInForce {
  readonly lookupCode: string;
  readonly schoolCode: string;
}

export interface AdmissionFacts {
  readonly now: Date;
  readonly settings: LockSettings;
  /** Whether a late window is open at `now` for the candidate's school and year. */
  readonly lateWindowOpen: boolean;
  /** Records in force for the same student and year, other than the one the candidate replaces. */
  readonly inForce: readonly RecordInForce[];
  /**
   * The student's latest transfer, or null (none, or an operator replacing a record of a student who moved: the
   * one correction the sending school's record may still get, transfers.ts).
   */
  readonly managedBy?: TransferTerms | null;
}

/** True when the candidate's own lock date (main or supplementary) has passed at `now`. */
export function isYearLocked(candidate: Pick<Candidate, 'schoolYear' | 'supplementary'>, now: Date, settings: LockSettings): boolean {
  return now.getTime() >= lockInstantOf(lockDateOf(candidate.schoolYear, candidate, settings)).getTime();
}

/**
 * Every reason to refuse the candidate, in the order a school fixes them. Another record in force for the
 * student and year is named by its lookup code only to the school that holds it: to any other school the code
 * would hand over someone else's record.
 */
export function admissionIssues(candidate: Candidate, facts: AdmissionFacts): Issue[] {
  const implausible = schoolYearIssue(candidate.schoolYear, facts.now);
  if (implausible) return [implausible];
  const issues: Issue[] = [];
  if (isYearLocked(candidate, facts.now, facts.settings) && !facts.lateWindowOpen) {
    const lockDate = lockDateOf(candidate.schoolYear, candidate, facts.settings);
    issues.push(issue('year_locked', { path: 'NamHoc', params: { schoolYear: candidate.schoolYear, lockDate } }));
  }
  const transferred = transferredIssue(candidate, facts.managedBy ?? null);
  if (transferred) issues.push(transferred);
  const other = facts.inForce.find((record) => record.lookupCode !== candidate.lookupCode);
  if (other) {
    const params = { studentCode: candidate.studentCode, schoolYear: candidate.schoolYear };
    issues.push(other.schoolCode === candidate.schoolCode
      ? issue('student_year_taken', { path: 'MaHocSinh', params: { ...params, existing: other.lookupCode } })
      : issue('student_year_taken_elsewhere', { path: 'MaHocSinh', params }));
  }
  return issues;
}
