// TT 22/2021 Điều 9 in whole tenths: term and year averages, and the learning result with its adjustment.
import { ratingOfRank, type Rating } from './scales.ts';
import type { SecondarySubjectResult, TermScores } from './model.ts';

/** A score in tenths (8.3 → 83): exact, since scores carry one decimal at most. */
export function toTenths(score: number): number {
  return Math.round(score * 10);
}

/** Tenths as written in a record: always one decimal (83 → "8.3", 80 → "8.0"). */
export function formatTenths(tenths: number): string {
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

// n/d rounded half up, for non-negative integers: floor((2n + d) / 2d). Integers only, so 8.25 → 8.3
// never turns into 8.2 through a binary fraction such as 8.249999….
function divideRoundingHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** ĐTBmhk = (ΣĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (số ĐĐGtx + 5), in tenths. */
export function termAverageTenths(scores: TermScores): number {
  let sum = 2 * toTenths(scores.midTerm) + 3 * toTenths(scores.endTerm);
  for (const score of scores.continuous) sum += toTenths(score);
  return divideRoundingHalfUp(sum, scores.continuous.length + 5);
}

/** ĐTBmcn = (ĐTBmhkI + 2·ĐTBmhkII) / 3, from the rounded term averages, in tenths. */
export function yearAverageTenths(term1Tenths: number, term2Tenths: number): number {
  return divideRoundingHalfUp(term1Tenths + 2 * term2Tenths, 3);
}

/** One period's assessments: the averages of the scored subjects (tenths) and the comment subjects' Đ/CĐ. */
export interface PeriodResults {
  readonly scores: readonly number[];
  readonly passed: readonly boolean[];
}

// Điều 9.2: Tốt 3, Khá 2, Đạt 1, Chưa đạt 0, from the scored averages and the comment subjects' failures.
function rankOf(scores: readonly number[], failures: number): number {
  let below35 = false, below50 = false, below65 = false, from50 = 0, from65 = 0, from80 = 0;
  for (const score of scores) {
    if (score < 35) below35 = true;
    if (score < 50) below50 = true;
    if (score < 65) below65 = true;
    if (score >= 50) from50++;
    if (score >= 65) from65++;
    if (score >= 80) from80++;
  }
  if (failures === 0 && !below65 && from80 >= 6) return 3;
  if (failures === 0 && !below50 && from65 >= 6) return 2;
  if (failures <= 1 && from50 >= 6 && !below35) return 1;
  return 0;
}

/**
 * Kết quả học tập of a term or the year. Điều 9.3: when one subject alone pulls a result that would
 * be Tốt or Khá down by two levels or more, the result is raised to the next level up.
 */
export function learningResultOf(period: PeriodResults): Rating {
  const failures = period.passed.filter((passed) => !passed).length;
  const rank = rankOf(period.scores, failures);
  let withoutOne = rank;
  for (let i = 0; i < period.scores.length; i++) {
    const others = period.scores.filter((_, j) => j !== i);
    withoutOne = Math.max(withoutOne, rankOf(others, failures));
  }
  if (failures === 1) withoutOne = Math.max(withoutOne, rankOf(period.scores, 0));
  return ratingOfRank(withoutOne >= 2 && withoutOne - rank >= 2 ? rank + 1 : rank);
}

/** The period's assessments of a list of subjects: `pick` gives each subject's average or Đ/CĐ level. */
export function periodOf(subjects: readonly SecondarySubjectResult[], pick: (subject: SecondarySubjectResult) => number | string): PeriodResults {
  const scores: number[] = [];
  const passed: boolean[] = [];
  for (const subject of subjects) {
    const value = pick(subject);
    if (typeof value === 'number') scores.push(toTenths(value));
    else passed.push(value === 'Đ');
  }
  return { scores, passed };
}
