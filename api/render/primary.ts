// The primary template (TT 27/2020, grades 1-5): subjects, qualities and competences, year result, awards, completion.
import type { CriterionResult, PrimaryRecord, PrimaryTests } from '../record/index.ts';
import { drawFields } from './fields.ts';
import { drawHeading, KEEP_WITH_TABLE } from './header.ts';
import type { Flow } from './layout.ts';
import { drawTable, type Column, type Row } from './table.ts';
import { CRITERION_LEVEL_LEGEND, SUBJECT_LEVEL_LEGEND, toTestScore } from './words.ts';

/** The periodic tests (TT 27 Điều 7) as columns; mid-term tests only exist in grades 4-5 (Tiếng Việt, Toán). */
const TESTS: ReadonlyArray<readonly [keyof PrimaryTests, string, string]> = [
  ['midTerm1', 'GK I', 'GK I – giữa học kì I'],
  ['endTerm1', 'CK I', 'CK I – cuối học kì I'],
  ['midTerm2', 'GK II', 'GK II – giữa học kì II'],
  ['endYear', 'CN', 'CN – cuối năm học'],
];
const TEST_GROUP = 'Điểm KTĐK';

export function drawPrimary(flow: Flow, record: PrimaryRecord): void {
  const results = record.results;
  const mid = results.subjects.some((subject) => subject.tests.midTerm1 !== undefined || subject.tests.midTerm2 !== undefined);
  const tests = TESTS.filter(([key]) => mid || (key !== 'midTerm1' && key !== 'midTerm2'));

  drawHeading(flow, '1. CÁC MÔN HỌC VÀ HOẠT ĐỘNG GIÁO DỤC', KEEP_WITH_TABLE);
  legend(flow, `${SUBJECT_LEVEL_LEGEND} ${TEST_GROUP}: ${tests.map(([, , meaning]) => meaning).join('; ')}; điểm số nguyên, thang điểm 10.`);
  const columns: Column[] = [
    { title: 'Môn học và hoạt động giáo dục', width: 2.9 },
    { title: 'Mức đạt được', width: 1.05, align: 'center' },
    ...tests.map(([, title]) => ({ title, width: 0.62, align: 'center' as const, group: TEST_GROUP })),
    { title: 'Nhận xét', width: mid ? 3.6 : 4.8 },
  ];
  drawTable(flow, {
    columns,
    rows: results.subjects.map((subject) => ({
      cells: [subject.name, subject.level, ...tests.map(([key]) => toTestScore(subject.tests[key])), subject.comment ?? ''],
    })),
  });

  drawHeading(flow, '2. NHỮNG PHẨM CHẤT CHỦ YẾU VÀ NĂNG LỰC CỐT LÕI', KEEP_WITH_TABLE);
  legend(flow, CRITERION_LEVEL_LEGEND);
  drawTable(flow, {
    columns: [
      { title: 'Những phẩm chất chủ yếu / Những năng lực cốt lõi', width: 2.9 },
      { title: 'Mức đạt được', width: 1.05, align: 'center' },
      { title: 'Nhận xét', width: 4.8 },
    ],
    rows: [
      ...section('Những phẩm chất chủ yếu', results.qualities),
      ...section('Năng lực chung', results.generalCompetences),
      ...section('Năng lực đặc thù', results.specificCompetences),
    ],
  });

  drawHeading(flow, '3. ĐÁNH GIÁ KẾT QUẢ GIÁO DỤC');
  const programme = record.grade === 5 ? 'chương trình tiểu học' : `chương trình lớp ${record.grade}`;
  const awards = [results.title, ...results.otherAwards].filter((award) => award !== undefined && award !== '');
  drawFields(flow, [
    [['Đánh giá kết quả giáo dục', results.yearResult]],
    [['Hoàn thành chương trình lớp học/chương trình tiểu học', results.completedProgramme ? `Hoàn thành ${programme}` : `Chưa hoàn thành ${programme}`]],
    record.supplementary ? [['Đánh giá bổ sung', 'Học sinh cần được kiểm tra, đánh giá bổ sung trong hè']] : [],
    [['Khen thưởng', awards.length > 0 ? awards.join('; ') : 'Không']],
    [['Số ngày nghỉ học', String(results.daysAbsent)]],
  ]);
  drawHeading(flow, '4. NHẬN XÉT CỦA GIÁO VIÊN CHỦ NHIỆM');
  flow.paragraph(results.homeroomComment === '' ? '—' : results.homeroomComment);
}

function section(title: string, criteria: readonly CriterionResult[]): Row[] {
  if (criteria.length === 0) return [];
  return [{ section: title }, ...criteria.map((found) => ({ cells: [found.name, found.level, found.comment ?? ''], indent: 8 }))];
}

/** The meaning of the letters, under the heading so that it never strays from its table onto another page. */
function legend(flow: Flow, text: string): void {
  flow.paragraph(text, { size: 7.5, weight: 'italic' });
  flow.space(2);
}
