// Record v1, secondary results (TT 22/2021): scored and comment-assessed subjects, results, promotion.
import type { CommentLevel, Promotion, Rating, SecondaryTitle } from './scales.ts';

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
