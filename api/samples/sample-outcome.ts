// The year's outcome of a sample secondary student: results by TT 22 Điều 9, then promotion and titles.
import type { Random } from './sample-random.ts';
import { learningResultOf, periodOf, toTenths } from '../record/rules-tt22.ts';
import { MAX_DAYS_ABSENT, rankOf, ratingOfRank, type Promotion, type Rating } from '../record/scales.ts';
import type { SecondaryResults, SecondarySubjectResult } from '../record/model.ts';

export interface SecondarySampleContext {
  readonly level: 'THCS' | 'THPT';
  readonly grade: number;
  readonly schoolCode: string;
  readonly className: string;
  /** In [0, 1]: the level the student tends to reach. */
  readonly ability: number;
}

const HOMEROOM_COMMENTS: Readonly<Record<Rating, string>> = {
  Tốt: 'Ngoan, lễ phép, gương mẫu; học tập chăm chỉ, có tinh thần tự học cao.',
  Khá: 'Ngoan, có ý thức tự giác trong học tập; cần phát huy hơn nữa ở các môn học còn hạn chế.',
  Đạt: 'Chấp hành tốt nội quy; cần cố gắng nhiều hơn trong học tập.',
  'Chưa đạt': 'Cần cố gắng nhiều hơn, chủ động ôn tập trong hè.',
};
const OTHER_AWARDS = ['Giải Ba Học sinh giỏi cấp tỉnh môn Toán', 'Giải Nhì Hội khoẻ Phù Đổng cấp trường', 'Giải Khuyến khích Khoa học kĩ thuật cấp tỉnh'];

function learningOf(subjects: readonly SecondarySubjectResult[], pick: (s: SecondarySubjectResult) => number | string): Rating {
  return learningResultOf(periodOf(subjects, pick));
}

function conductOf(random: Random, ability: number): Rating {
  const measure = random.normal(ability + 0.25, 0.6);
  return ratingOfRank(measure >= 0.45 ? 3 : measure >= 0.15 ? 2 : measure >= -0.2 ? 1 : 0);
}

/** Fails in a year are re-assessed in summer: scores under 5.0 and Chưa đạt levels get a new result. */
function reassess(random: Random, subjects: readonly SecondarySubjectResult[]): SecondarySubjectResult[] {
  return subjects.map((subject) => {
    if (subject.assessment === 'comment') return subject.year === 'CĐ' ? { ...subject, reassessment: 'Đ' as const } : subject;
    return toTenths(subject.year) < 50 ? { ...subject, reassessment: random.int(8, 14) / 2 } : subject;
  });
}

export function secondaryOutcome(random: Random, context: SecondarySampleContext, scored: readonly SecondarySubjectResult[]): SecondaryResults {
  let subjects = [...scored];
  const learning: SecondaryResults['learning'] = {
    term1: learningOf(subjects, (s) => s.term1), term2: learningOf(subjects, (s) => s.term2), year: learningOf(subjects, (s) => s.year),
  };
  const conductYear = conductOf(random, context.ability);
  const conduct = { term1: conductOf(random, context.ability), term2: conductYear, year: conductYear };
  const daysAbsent = random.chance(0.01) ? random.int(MAX_DAYS_ABSENT + 1, 60) : random.chance(0.5) ? 0 : random.int(1, 8);
  const learningPasses = rankOf(learning.year) >= 1;
  const conductPasses = rankOf(conduct.year) >= 1;
  let promotion: Promotion = 'Được lên lớp';
  let afterReassessment: Rating | undefined;
  if (daysAbsent > MAX_DAYS_ABSENT || (!learningPasses && !conductPasses)) promotion = 'Ở lại lớp';
  else if (!conductPasses) promotion = 'Rèn luyện trong kì nghỉ hè';
  else if (!learningPasses && random.chance(0.5)) promotion = 'Kiểm tra lại';
  else if (!learningPasses) {
    subjects = reassess(random, subjects);
    afterReassessment = learningOf(subjects, (s) => s.reassessment ?? s.year);
    promotion = rankOf(afterReassessment) >= 1 ? 'Được lên lớp' : 'Ở lại lớp';
  }
  const bothTot = conduct.year === 'Tốt' && learning.year === 'Tốt';
  const from9 = subjects.filter((s) => s.assessment === 'score' && toTenths(s.year) >= 90).length;
  const title = bothTot ? (from9 >= 6 ? 'Học sinh Xuất sắc' as const : 'Học sinh Giỏi' as const) : undefined;
  return {
    subjects,
    conduct,
    learning: afterReassessment ? { ...learning, afterReassessment } : learning,
    daysAbsent,
    promotion,
    ...(context.level === 'THCS' && context.grade === 9 ? { completedLowerSecondary: promotion === 'Được lên lớp' } : {}),
    ...(title ? { title } : {}),
    otherAwards: bothTot && random.chance(0.1) ? [random.pick(OTHER_AWARDS)] : [],
    homeroomComment: HOMEROOM_COMMENTS[afterReassessment ?? learning.year],
  };
}
