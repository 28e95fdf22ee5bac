// Record v1, primary results (TT 27/2020): subjects with levels and periodic tests, qualities, competences.
import type { CriterionLevel, PrimaryTitle, SubjectLevel, YearResult } from './scales.ts';

/** Periodic test scores of a primary subject, whole numbers 0-10 (TT 27). */
export interface PrimaryTests {
  readonly midTerm1?: number;
  readonly endTerm1?: number;
  readonly midTerm2?: number;
  readonly endYear?: number;
}

export interface PrimarySubjectResult {
  readonly code: string;
  readonly name: string;
  readonly level: SubjectLevel;
  readonly tests: PrimaryTests;
  readonly comment?: string;
}

/** A quality or a competence: Tốt / Đạt / Cần cố gắng. */
export interface CriterionResult {
  readonly code: string;
  readonly name: string;
  readonly level: CriterionLevel;
  readonly comment?: string;
}

export interface PrimaryResults {
  readonly subjects: readonly PrimarySubjectResult[];
  readonly qualities: readonly CriterionResult[];
  readonly generalCompetences: readonly CriterionResult[];
  readonly specificCompetences: readonly CriterionResult[];
  readonly yearResult: YearResult;
  /** Completed the grade's programme (in grade 5: the primary programme). */
  readonly completedProgramme: boolean;
  readonly title?: PrimaryTitle;
  readonly otherAwards: readonly string[];
  readonly daysAbsent: number;
  readonly homeroomComment: string;
}
