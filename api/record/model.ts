// Record v1 as TypeScript: the content of DuLieu, one shape per level (docs/record-format.md gives the XML).
import type {
  CommentLevel, CriterionLevel, Level, PrimaryTitle, Promotion, Rating, SecondaryTitle, Sex, SubjectLevel, YearResult,
} from './scales.ts';

export type {
  CommentLevel, CriterionLevel, Level, PrimaryTitle, Promotion, Rating, SecondaryTitle, Sex, SubjectLevel, YearResult,
} from './scales.ts';

/** A person who signs the paper copy: homeroom teacher or principal, with the title printed under the name. */
export interface Signatory {
  readonly name: string;
  readonly title: string;
}

/** What every record carries, whatever its level. Dates stay as written: dd/MM/yyyy. */
export interface RecordCommon {
  /** Mã tra cứu: 32 hexadecimal characters, upper case. */
  readonly lookupCode: string;
  readonly level: Level;
  /** Khối: 1-12, within the level. */
  readonly grade: number;
  /** Năm học: `2024-2025`. */
  readonly schoolYear: string;
  readonly className: string;
  /** Grades 1-4: the student needs supplementary summer assessment, so the record is due at the later lock. */
  readonly supplementary: boolean;
  /** 8 digits: the 2-digit province code and 6 digits. */
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly provinceCode: string;
  readonly district?: string;
  /** Mã định danh cá nhân: 12 digits. */
  readonly personalId: string;
  /** The Ministry's student code: 10 digits. */
  readonly studentCode: string;
  /** Exactly as on the birth certificate. */
  readonly studentName: string;
  readonly dateOfBirth: string;
  readonly sex: Sex;
  readonly ethnicity: string;
  readonly placeOfBirth: string;
  readonly hometown?: string;
  readonly address?: string;
  readonly fatherName?: string;
  readonly motherName?: string;
  readonly guardianName?: string;
  readonly homeroomTeacher: Signatory;
  readonly principal: Signatory;
  readonly issuePlace: string;
  readonly issueDate: string;
}

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

/** The component scores of one term (TT 22): 1-4 continuous, one mid-term, one end-of-term. */
export interface TermScores {
  readonly continuous: readonly number[];
  readonly midTerm: number;
  readonly endTerm: number;
}

/** Scores have one decimal at most; averages follow TT 22 Điều 9. */
export interface ScoredSubjectResult {
  readonly code: string;
  readonly name: string;
  readonly assessment: 'score';
  readonly term1Scores?: TermScores;
  readonly term1: number;
  readonly term2Scores?: TermScores;
  readonly term2: number;
  readonly year: number;
  /** Điểm kiểm tra, đánh giá lại (summer re-assessment). */
  readonly reassessment?: number;
  readonly teacher?: string;
  readonly comment?: string;
}

export interface CommentedSubjectResult {
  readonly code: string;
  readonly name: string;
  readonly assessment: 'comment';
  readonly term1: CommentLevel;
  readonly term2: CommentLevel;
  readonly year: CommentLevel;
  readonly reassessment?: CommentLevel;
  readonly teacher?: string;
  readonly comment?: string;
}

export type SecondarySubjectResult = ScoredSubjectResult | CommentedSubjectResult;

export interface TermRatings {
  readonly term1: Rating;
  readonly term2: Rating;
  readonly year: Rating;
}

export interface SecondaryResults {
  readonly subjects: readonly SecondarySubjectResult[];
  readonly conduct: TermRatings & { readonly afterSummerTraining?: Rating };
  readonly learning: TermRatings & { readonly afterReassessment?: Rating };
  readonly daysAbsent: number;
  readonly promotion: Promotion;
  /** Grade 9 only: the principal certifies completion of lower secondary. */
  readonly completedLowerSecondary?: boolean;
  readonly title?: SecondaryTitle;
  readonly otherAwards: readonly string[];
  readonly homeroomComment: string;
}

export interface PrimaryRecord extends RecordCommon {
  readonly level: 'TH';
  readonly results: PrimaryResults;
}

export interface LowerSecondaryRecord extends RecordCommon {
  readonly level: 'THCS';
  readonly results: SecondaryResults;
}

export interface UpperSecondaryRecord extends RecordCommon {
  readonly level: 'THPT';
  readonly results: SecondaryResults;
}

export type SecondaryRecord = LowerSecondaryRecord | UpperSecondaryRecord;
/** Record v1, discriminated by `level`. */
export type HocBaRecord = PrimaryRecord | SecondaryRecord;
