// Plausible primary results (TT 27/2020): levels follow the tests, the year result follows the rules.
import type { Random } from './sample-random.ts';
import { isTitleAllowed, yearResultOf } from '../record/rules-tt27.ts';
import { GENERAL_COMPETENCES, primarySubjectsOf, QUALITIES, specificCompetencesOf, type Criterion } from '../record/vocabulary.ts';
import type { CriterionLevel, SubjectLevel, YearResult } from '../record/scales.ts';
import type { CriterionResult, PrimaryResults, PrimarySubjectResult, PrimaryTests } from '../record/model.ts';

const SUBJECT_COMMENTS: Readonly<Record<SubjectLevel, readonly string[]>> = {
  T: [
    'Hoàn thành tốt các nội dung học tập; tích cực phát biểu xây dựng bài.',
    'Nắm vững kiến thức, vận dụng tốt vào bài tập.',
    'Tiếp thu nhanh, làm bài cẩn thận, trình bày sạch đẹp.',
  ],
  H: [
    'Hoàn thành các nội dung học tập; cần cẩn thận hơn khi làm bài.',
    'Nắm được kiến thức cơ bản; cần mạnh dạn phát biểu hơn.',
    'Có tiến bộ; cần luyện tập thêm ở nhà.',
  ],
  C: ['Chưa hoàn thành một số nội dung; cần được giúp đỡ thêm.'],
};
const SPECIAL_COMMENTS: Readonly<Record<string, Readonly<Record<SubjectLevel, string>>>> = {
  TV: {
    T: 'Đọc to, rõ ràng, lưu loát; viết đúng chính tả, chữ viết đẹp.',
    H: 'Đọc khá trôi chảy; cần chú ý viết đúng chính tả.',
    C: 'Đọc còn chậm, viết còn sai chính tả; cần luyện đọc, viết thêm.',
  },
  TOAN: {
    T: 'Thực hiện thành thạo các phép tính; giải toán có lời văn tốt.',
    H: 'Biết thực hiện các phép tính; cần rèn thêm kĩ năng giải toán có lời văn.',
    C: 'Thực hiện phép tính còn chậm, hay nhầm; cần được hướng dẫn thêm.',
  },
};
const HOMEROOM_COMMENTS: Readonly<Record<YearResult, string>> = {
  'Hoàn thành xuất sắc': 'Em chăm ngoan, học tập tích cực, hoàn thành xuất sắc các nội dung học tập và rèn luyện.',
  'Hoàn thành tốt': 'Em ngoan, lễ phép, có ý thức tự giác trong học tập; hoàn thành tốt các nội dung học tập.',
  'Hoàn thành': 'Em hoàn thành các nội dung học tập; cần mạnh dạn và chăm chỉ hơn.',
  'Chưa hoàn thành': 'Em còn chậm tiến bộ ở một số môn học; cần sự quan tâm, giúp đỡ thêm của gia đình và nhà trường.',
};
const OTHER_AWARDS = ['Giải Ba Hội khoẻ Phù Đổng cấp trường', 'Giải Khuyến khích cuộc thi Viết chữ đẹp cấp trường'];

/** `ability` in [0, 1] sets the level the pupil tends to reach. */
export function samplePrimaryResults(random: Random, grade: number, ability: number): PrimaryResults {
  const subjects = primarySubjectsOf(grade)
    .filter((subject) => subject.required || (subject.code === 'NN1' && random.chance(0.7)))
    .map((subject): PrimarySubjectResult => {
      const tests: PrimaryTests = {};
      const score = () => Math.max(3, Math.min(10, Math.round(random.normal(3 + 7.4 * ability, 1.6))));
      const tested = subject.tests !== 'none';
      const endYear = tested ? score() : undefined;
      if (subject.tests === 'mid-end') Object.assign(tests, { midTerm1: score(), endTerm1: score(), midTerm2: score(), endYear });
      else if (tested) Object.assign(tests, { endTerm1: score(), endYear });
      // Arts, sport and activities are judged by practice, where most pupils do well.
      const measure = endYear ?? random.normal(4.2 + 7.4 * ability, 1.2);
      const level: SubjectLevel = measure >= 7 ? 'T' : measure >= 4.5 ? 'H' : 'C';
      const comment = SPECIAL_COMMENTS[subject.code]?.[level] ?? random.pick(SUBJECT_COMMENTS[level]);
      return { code: subject.code, name: subject.name, level, tests, comment };
    });
  const criteria = (list: readonly Criterion[]): CriterionResult[] => list.map((criterion) => {
    const measure = random.normal(ability + 0.1, 0.25);
    const level: CriterionLevel = measure >= 0.5 ? 'T' : measure >= 0 ? 'Đ' : 'C';
    return { code: criterion.code, name: criterion.name, level };
  });
  const assessed = {
    subjects,
    qualities: criteria(QUALITIES),
    generalCompetences: criteria(GENERAL_COMPETENCES),
    specificCompetences: criteria(specificCompetencesOf(grade)),
  };
  const yearResult = yearResultOf(assessed);
  const title = yearResult === 'Hoàn thành xuất sắc' ? 'Học sinh Xuất sắc' as const
    : random.chance(0.4) ? 'Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện' as const : undefined;
  return {
    ...assessed,
    yearResult,
    completedProgramme: yearResult !== 'Chưa hoàn thành',
    ...(title && isTitleAllowed(title, yearResult) ? { title } : {}),
    otherAwards: random.chance(0.08) ? [random.pick(OTHER_AWARDS)] : [],
    daysAbsent: random.chance(0.6) ? 0 : random.int(1, 6),
    homeroomComment: HOMEROOM_COMMENTS[yearResult],
  };
}
