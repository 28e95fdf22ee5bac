// KetQua of a primary record (TT 27/2020): subjects with levels and periodic tests, qualities, competences.
import { join, shapeOf, type Reader } from './reader.ts';
import { all, compact, first, readAwards, readComment, readLabel } from './parse-fields.ts';
import { CRITERION_LEVELS, PRIMARY_TITLES, SUBJECT_LEVELS, YEAR_RESULTS } from './scales.ts';
import {
  GENERAL_COMPETENCES, primarySubjectsOf, QUALITIES, specificCompetencesOf, type Criterion, type PrimarySubject, type TestPlan,
} from './vocabulary.ts';
import type { CriterionResult, PrimaryResults, PrimarySubjectResult, PrimaryTests } from './model.ts';

const RESULTS = shapeOf({
  MonHoc: '+', PhamChat: '+', NangLucChung: '+', NangLucDacThu: '+', DanhGiaCuoiNam: '1', HoanThanhChuongTrinh: '1',
  DanhHieu: '?', KhenThuongKhac: '*', SoNgayNghi: '1', NhanXetGVCN: '1',
});
const SUBJECT = shapeOf({
  MaMon: '1', TenMon: '1', MucDat: '1', DiemGiuaHK1: '?', DiemCuoiHK1: '?', DiemGiuaHK2: '?', DiemCuoiNam: '?', NhanXet: '?',
});
const CRITERION = shapeOf({ Ma: '1', Ten: '1', MucDat: '1', NhanXet: '?' });

/** The test elements, their model keys, and whether each plan requires or forbids them. */
const TESTS = [
  ['DiemGiuaHK1', 'midTerm1', true], ['DiemCuoiHK1', 'endTerm1', false],
  ['DiemGiuaHK2', 'midTerm2', true], ['DiemCuoiNam', 'endYear', false],
] as const;

export function parsePrimaryResults(reader: Reader, element: Element, grade: number): PrimaryResults {
  const path = 'KetQua';
  const children = reader.children(element, path, RESULTS);
  const vocabulary = new Map(primarySubjectsOf(grade).map((subject) => [subject.code, subject]));
  const seen = new Set<string>();
  const subjects = all(children, 'MonHoc')
    .map((subject, i) => readSubject(reader, subject, join(path, `MonHoc[${i + 1}]`), grade, vocabulary, seen));
  if (children.has('MonHoc')) {
    for (const subject of vocabulary.values()) {
      if (subject.required && !seen.has(subject.code)) {
        reader.report('subject_missing_for_grade', join(path, 'MonHoc'), { code: subject.code, name: subject.name, grade });
      }
    }
  }
  const criteria = (name: string, list: readonly Criterion[]) =>
    readCriteria(reader, all(children, name), join(path, name), list, grade, children.has(name));
  return compact({
    subjects,
    qualities: criteria('PhamChat', QUALITIES),
    generalCompetences: criteria('NangLucChung', GENERAL_COMPETENCES),
    specificCompetences: criteria('NangLucDacThu', specificCompetencesOf(grade)),
    yearResult: reader.oneOf(first(children, 'DanhGiaCuoiNam'), join(path, 'DanhGiaCuoiNam'), YEAR_RESULTS) ?? 'Hoàn thành',
    completedProgramme: reader.boolean(first(children, 'HoanThanhChuongTrinh'), join(path, 'HoanThanhChuongTrinh')) ?? false,
    ...readAwards(reader, children, path, PRIMARY_TITLES),
    daysAbsent: reader.integer(first(children, 'SoNgayNghi'), join(path, 'SoNgayNghi'), 0, 366) ?? 0,
    homeroomComment: readComment(reader, first(children, 'NhanXetGVCN'), join(path, 'NhanXetGVCN')) ?? '',
  });
}

function readSubject(
  reader: Reader, element: Element, path: string, grade: number, vocabulary: ReadonlyMap<string, PrimarySubject>, seen: Set<string>,
): PrimarySubjectResult {
  const children = reader.children(element, path, SUBJECT);
  const code = reader.text(first(children, 'MaMon'), join(path, 'MaMon'));
  const entry = code === undefined ? undefined : vocabulary.get(code);
  if (code !== undefined && !entry) reader.report('subject_unknown', join(path, 'MaMon'), { found: code, grade, level: 'TH' });
  if (entry && seen.has(entry.code)) reader.report('subject_duplicate', join(path, 'MaMon'), { found: entry.code });
  if (entry) seen.add(entry.code);
  const name = readLabel(reader, first(children, 'TenMon'), join(path, 'TenMon'));
  if (entry && name !== undefined && name !== entry.name) {
    reader.report('field_value', join(path, 'TenMon'), { found: name, expected: entry.name });
  }
  const tests: Record<string, number> = {};
  for (const [tag, key, midTerm] of TESTS) {
    const test = first(children, tag);
    const rule = entry ? ruleOf(entry.tests, midTerm) : 'allowed';
    if (test && rule === 'forbidden') {
      reader.report('field_unexpected', join(path, tag), { found: tag });
      continue;
    }
    if (!test && rule === 'required') reader.report('field_missing', join(path, tag));
    const score = reader.pattern(test, join(path, tag), /^(10|[0-9])$/, '0-10');
    if (score !== undefined) tests[key] = Number(score);
  }
  return compact({
    code: code ?? '',
    name: name ?? '',
    level: reader.oneOf(first(children, 'MucDat'), join(path, 'MucDat'), SUBJECT_LEVELS) ?? 'H',
    tests: tests as PrimaryTests,
    comment: readComment(reader, first(children, 'NhanXet'), join(path, 'NhanXet')),
  });
}

// TT 27: end-of-term-1 and end-of-year tests where the grade has them; mid-terms only for
// Tiếng Việt and Toán in grades 4-5; an optional subject may carry end tests.
function ruleOf(plan: TestPlan, midTerm: boolean): 'required' | 'allowed' | 'forbidden' {
  if (plan === 'mid-end') return 'required';
  if (plan === 'none' || midTerm) return 'forbidden';
  return plan === 'end' ? 'required' : 'allowed';
}

function readCriteria(
  reader: Reader, elements: readonly Element[], path: string, list: readonly Criterion[], grade: number, present: boolean,
): CriterionResult[] {
  const known = new Map(list.map((criterion) => [criterion.code, criterion]));
  const seen = new Set<string>();
  const results = elements.map((element, i) => {
    const at = `${path}[${i + 1}]`;
    const children = reader.children(element, at, CRITERION);
    const code = reader.text(first(children, 'Ma'), join(at, 'Ma'));
    const entry = code === undefined ? undefined : known.get(code);
    if (code !== undefined && !entry) reader.report('criterion_unknown', join(at, 'Ma'), { found: code, grade });
    if (entry && seen.has(entry.code)) reader.report('criterion_duplicate', join(at, 'Ma'), { found: entry.code });
    if (entry) seen.add(entry.code);
    const name = readLabel(reader, first(children, 'Ten'), join(at, 'Ten'));
    if (entry && name !== undefined && name !== entry.name) reader.report('field_value', join(at, 'Ten'), { found: name, expected: entry.name });
    return compact({
      code: code ?? '',
      name: name ?? '',
      level: reader.oneOf(first(children, 'MucDat'), join(at, 'MucDat'), CRITERION_LEVELS) ?? 'Đ',
      comment: readComment(reader, first(children, 'NhanXet'), join(at, 'NhanXet')),
    });
  });
  if (present) {
    for (const criterion of list) {
      if (!seen.has(criterion.code)) reader.report('criterion_missing', path, { code: criterion.code, name: criterion.name });
    }
  }
  return results;
}
