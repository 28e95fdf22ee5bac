// The secondary template (TT 22/2021, grades 6-12): subject averages or levels per term, conduct and learning, promotion.
import type { Rating, SecondaryRecord, SecondarySubjectResult } from '../record/index.ts';
import { drawFields } from './fields.ts';
import { drawHeading, KEEP_WITH_TABLE } from './header.ts';
import type { Flow } from './layout.ts';
import { drawTable } from './table.ts';
import { toCommentLevel, toScore } from './words.ts';

const AVERAGE_GROUP = 'Điểm trung bình môn hoặc mức đánh giá';

export function drawSecondary(flow: Flow, record: SecondaryRecord): void {
  const results = record.results;
  drawHeading(flow, '1. KẾT QUẢ HỌC TẬP CÁC MÔN HỌC VÀ HOẠT ĐỘNG GIÁO DỤC', KEEP_WITH_TABLE);
  flow.paragraph('Môn học đánh giá bằng điểm số: điểm trung bình môn, làm tròn một chữ số thập phân (dấu phẩy thập phân). '
    + 'Môn học đánh giá bằng nhận xét: Đạt / Chưa đạt. CN – cả năm học.', { size: 7.5, weight: 'italic' });
  flow.space(2);
  drawTable(flow, {
    columns: [
      { title: 'Môn học / hoạt động giáo dục', width: 2.5 },
      { title: 'HK I', width: 0.72, align: 'center', group: AVERAGE_GROUP },
      { title: 'HK II', width: 0.72, align: 'center', group: AVERAGE_GROUP },
      { title: 'CN', width: 0.72, align: 'center', group: AVERAGE_GROUP },
      { title: 'Điểm hoặc mức đánh giá lại', width: 1.1, align: 'center' },
      { title: 'Giáo viên môn học xác nhận', width: 2.3 },
    ],
    rows: results.subjects.map((subject) => ({ cells: subjectCells(subject) })),
  });

  drawHeading(flow, '2. KẾT QUẢ RÈN LUYỆN VÀ KẾT QUẢ HỌC TẬP', KEEP_WITH_TABLE);
  drawTable(flow, {
    columns: [
      { title: 'Kết quả', width: 2.5 },
      { title: 'Học kì I', width: 1, align: 'center' },
      { title: 'Học kì II', width: 1, align: 'center' },
      { title: 'Cả năm', width: 1, align: 'center' },
      { title: 'Sau rèn luyện trong hè / sau kiểm tra lại', width: 2.1, align: 'center' },
    ],
    rows: [
      { cells: ['Kết quả rèn luyện', ...ratings(results.conduct), results.conduct.afterSummerTraining ?? ''] },
      { cells: ['Kết quả học tập', ...ratings(results.learning), results.learning.afterReassessment ?? ''] },
    ],
  });

  drawHeading(flow, '3. LÊN LỚP, KHEN THƯỞNG');
  const awards = [results.title, ...results.otherAwards].filter((award) => award !== undefined && award !== '');
  drawFields(flow, [
    [['Tổng số ngày nghỉ học cả năm', String(results.daysAbsent)], ['Kết quả cuối năm', results.promotion]],
    results.completedLowerSecondary === undefined ? [] : [[
      'Xác nhận của Hiệu trưởng',
      results.completedLowerSecondary ? 'Hoàn thành chương trình trung học cơ sở' : 'Chưa hoàn thành chương trình trung học cơ sở',
    ]],
    [['Danh hiệu, khen thưởng', awards.length > 0 ? awards.join('; ') : 'Không']],
  ]);
  drawHeading(flow, '4. NHẬN XÉT CỦA GIÁO VIÊN CHỦ NHIỆM');
  flow.paragraph(results.homeroomComment === '' ? '—' : results.homeroomComment);
}

function subjectCells(subject: SecondarySubjectResult): string[] {
  // The subject teacher's confirmation: the name, then any comment the teacher wrote on its own labelled line, so it
  // does not read as part of the name.
  const comment = subject.comment === undefined || subject.comment === '' ? undefined : `Nhận xét: ${subject.comment}`;
  const teacher = [subject.teacher, comment].filter((part) => part !== undefined && part !== '').join('\n');
  if (subject.assessment === 'score') {
    return [subject.name, toScore(subject.term1), toScore(subject.term2), toScore(subject.year), toScore(subject.reassessment), teacher];
  }
  return [subject.name, toCommentLevel(subject.term1), toCommentLevel(subject.term2), toCommentLevel(subject.year), toCommentLevel(subject.reassessment), teacher];
}

function ratings(terms: { readonly term1: Rating; readonly term2: Rating; readonly year: Rating }): string[] {
  return [terms.term1, terms.term2, terms.year];
}
