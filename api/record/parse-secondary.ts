// KetQua of a THCS or THPT record (TT 22/2021): subjects, conduct and learning results, promotion, awards.
import { join, shapeOf, type Reader } from './reader.ts';
import { all, compact, first, readAwards, readComment } from './parse-fields.ts';
import { readSecondarySubject, type SubjectContext } from './parse-secondary-subject.ts';
import { PROMOTIONS, RATINGS, SECONDARY_TITLES, type Rating } from './scales.ts';
import { CHOSEN_SUBJECT_COUNT, secondarySubjectsOf } from './vocabulary.ts';
import type { SecondaryResults, TermRatings } from './model.ts';

const RESULTS = shapeOf({
  MonHoc: '+', RenLuyen: '1', HocTap: '1', SoNgayNghi: '1', XetLenLop: '1', HoanThanhTHCS: '?',
  DanhHieu: '?', KhenThuongKhac: '*', NhanXetGVCN: '1',
});
const CONDUCT = shapeOf({ HK1: '1', HK2: '1', CaNam: '1', SauRenLuyenHe: '?' });
const LEARNING = shapeOf({ HK1: '1', HK2: '1', CaNam: '1', SauDanhGiaLai: '?' });

export function parseSecondaryResults(reader: Reader, element: Element, level: 'THCS' | 'THPT', grade: number): SecondaryResults {
  const path = 'KetQua';
  const children = reader.children(element, path, RESULTS);
  const vocabulary = secondarySubjectsOf(level);
  const context: SubjectContext = { level, grade, vocabulary: new Map(vocabulary.map((s) => [s.code, s])), seen: new Set() };
  const subjects = all(children, 'MonHoc')
    .map((subject, i) => readSecondarySubject(reader, subject, join(path, `MonHoc[${i + 1}]`), context));
  if (children.has('MonHoc')) {
    for (const subject of vocabulary) {
      if (subject.kind === 'compulsory' && !context.seen.has(subject.code)) {
        reader.report('subject_missing_for_grade', join(path, 'MonHoc'), { code: subject.code, name: subject.name, grade });
      }
    }
    const chosen = vocabulary.filter((subject) => subject.kind === 'chosen' && context.seen.has(subject.code)).length;
    if (level === 'THPT' && chosen !== CHOSEN_SUBJECT_COUNT) {
      reader.report('subject_choice_count', path, { expected: CHOSEN_SUBJECT_COUNT, found: chosen });
    }
  }
  // Grade 9 only: the principal certifies completion of lower secondary in the record.
  const completion = first(children, 'HoanThanhTHCS');
  const lastOfLowerSecondary = level === 'THCS' && grade === 9;
  if (lastOfLowerSecondary && !completion) reader.report('field_missing', join(path, 'HoanThanhTHCS'));
  if (!lastOfLowerSecondary && completion) reader.report('field_unexpected', join(path, 'HoanThanhTHCS'), { found: 'HoanThanhTHCS' });
  return compact({
    subjects,
    conduct: readRatings(reader, first(children, 'RenLuyen'), join(path, 'RenLuyen'), 'SauRenLuyenHe', 'afterSummerTraining'),
    learning: readRatings(reader, first(children, 'HocTap'), join(path, 'HocTap'), 'SauDanhGiaLai', 'afterReassessment'),
    daysAbsent: reader.integer(first(children, 'SoNgayNghi'), join(path, 'SoNgayNghi'), 0, 366) ?? 0,
    promotion: reader.oneOf(first(children, 'XetLenLop'), join(path, 'XetLenLop'), PROMOTIONS) ?? 'Được lên lớp',
    completedLowerSecondary: lastOfLowerSecondary ? reader.boolean(completion, join(path, 'HoanThanhTHCS')) : undefined,
    ...readAwards(reader, children, path, SECONDARY_TITLES),
    homeroomComment: readComment(reader, first(children, 'NhanXetGVCN'), join(path, 'NhanXetGVCN')) ?? '',
  });
}

function readRatings<K extends string>(
  reader: Reader, element: Element | undefined, path: string, afterTag: string, afterKey: K,
): TermRatings & { [key in K]?: Rating } {
  const shape = afterKey === 'afterSummerTraining' ? CONDUCT : LEARNING;
  const children = element ? reader.children(element, path, shape) : new Map<string, Element[]>();
  const read = (tag: string) => reader.oneOf(first(children, tag), join(path, tag), RATINGS);
  const ratings = { term1: read('HK1') ?? 'Đạt', term2: read('HK2') ?? 'Đạt', year: read('CaNam') ?? 'Đạt' };
  const after = read(afterTag);
  return (after === undefined ? ratings : { ...ratings, [afterKey]: after }) as TermRatings & { [key in K]?: Rating };
}
