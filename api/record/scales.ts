// The closed value lists of record v1: levels, grades and the assessment scales of TT 27/2020 and TT 22/2021.

export const LEVELS = ['TH', 'THCS', 'THPT'] as const;
/** Cấp học: tiểu học, trung học cơ sở, trung học phổ thông. */
export type Level = (typeof LEVELS)[number];

/** The grades (khối lớp) each level teaches. */
export const LEVEL_GRADES: Readonly<Record<Level, readonly number[]>> = {
  TH: [1, 2, 3, 4, 5],
  THCS: [6, 7, 8, 9],
  THPT: [10, 11, 12],
};

export function levelOfGrade(grade: number): Level | null {
  for (const level of LEVELS) if (LEVEL_GRADES[level].includes(grade)) return level;
  return null;
}

export const SEXES = ['Nam', 'Nữ'] as const;
export type Sex = (typeof SEXES)[number];

// --- Primary, TT 27/2020 ---

/** Subjects and activities: Hoàn thành tốt / Hoàn thành / Chưa hoàn thành. */
export const SUBJECT_LEVELS = ['T', 'H', 'C'] as const;
export type SubjectLevel = (typeof SUBJECT_LEVELS)[number];

/** Qualities and competences: Tốt / Đạt / Cần cố gắng; "C" differs from the subject scale. */
export const CRITERION_LEVELS = ['T', 'Đ', 'C'] as const;
export type CriterionLevel = (typeof CRITERION_LEVELS)[number];

/** Year-end result of the education, best first. */
export const YEAR_RESULTS = ['Hoàn thành xuất sắc', 'Hoàn thành tốt', 'Hoàn thành', 'Chưa hoàn thành'] as const;
export type YearResult = (typeof YEAR_RESULTS)[number];

/** Titles a primary school awards at year end. */
export const PRIMARY_TITLES = [
  'Học sinh Xuất sắc',
  'Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện',
] as const;
export type PrimaryTitle = (typeof PRIMARY_TITLES)[number];

// --- Secondary, TT 22/2021 ---

/** Comment-assessed subjects: Đạt / Chưa đạt. */
export const COMMENT_LEVELS = ['Đ', 'CĐ'] as const;
export type CommentLevel = (typeof COMMENT_LEVELS)[number];

/** Learning and conduct results, best first. */
export const RATINGS = ['Tốt', 'Khá', 'Đạt', 'Chưa đạt'] as const;
export type Rating = (typeof RATINGS)[number];

/** Higher is better: Tốt 3 … Chưa đạt 0, so ratings compare as numbers. */
export function rankOf(rating: Rating): number {
  return 3 - RATINGS.indexOf(rating);
}

export function ratingOfRank(rank: number): Rating {
  return RATINGS[3 - Math.max(0, Math.min(3, rank))]!;
}

/** The year's outcome: promoted, re-assessed in summer, summer conduct training, repeat. */
export const PROMOTIONS = ['Được lên lớp', 'Kiểm tra lại', 'Rèn luyện trong kì nghỉ hè', 'Ở lại lớp'] as const;
export type Promotion = (typeof PROMOTIONS)[number];

/** Titles a secondary school awards at year end. */
export const SECONDARY_TITLES = ['Học sinh Xuất sắc', 'Học sinh Giỏi'] as const;
export type SecondaryTitle = (typeof SECONDARY_TITLES)[number];

/** TT 22: more days absent than this and the student is not promoted. */
export const MAX_DAYS_ABSENT = 45;
