// SecondaryResults → the KetQua tree of a THCS/THPT record (averages always with one decimal).
import { leaf, type XmlNode } from './xml-writer.ts';
import { formatTenths, toTenths } from './rules-tt22.ts';
import type { SecondaryResults, SecondarySubjectResult, TermScores } from './model.ts';

/** Averages are written with one decimal (8.0); component scores as the teacher entered them (8, 7.5). */
function average(value: number | undefined): string | undefined {
  return value === undefined ? undefined : formatTenths(toTenths(value));
}

function score(value: number): string {
  return Number.isInteger(value) ? String(value) : formatTenths(toTenths(value));
}

function termScores(name: string, scores: TermScores | undefined): XmlNode | undefined {
  if (!scores) return undefined;
  return [name, [
    ...scores.continuous.map((value): XmlNode => ['DiemTX', score(value)]),
    ['DiemGK', score(scores.midTerm)],
    ['DiemCK', score(scores.endTerm)],
  ]];
}

function subjectNode(subject: SecondarySubjectResult): XmlNode {
  const assessed: (XmlNode | undefined)[] = subject.assessment === 'score'
    ? [
      termScores('DiemThanhPhanHK1', subject.term1Scores), ['DiemHK1', average(subject.term1)!],
      termScores('DiemThanhPhanHK2', subject.term2Scores), ['DiemHK2', average(subject.term2)!],
      ['DiemCN', average(subject.year)!], leaf('DiemDanhGiaLai', average(subject.reassessment)),
    ]
    : [
      ['MucHK1', subject.term1], ['MucHK2', subject.term2], ['MucCN', subject.year],
      leaf('MucDanhGiaLai', subject.reassessment),
    ];
  return ['MonHoc', [
    ['MaMon', subject.code], ['TenMon', subject.name], ...assessed,
    leaf('GiaoVien', subject.teacher), leaf('NhanXet', subject.comment),
  ]];
}

export function toSecondaryResultsNode(results: SecondaryResults): XmlNode {
  return ['KetQua', [
    ...results.subjects.map(subjectNode),
    ['RenLuyen', [
      ['HK1', results.conduct.term1], ['HK2', results.conduct.term2], ['CaNam', results.conduct.year],
      leaf('SauRenLuyenHe', results.conduct.afterSummerTraining),
    ]],
    ['HocTap', [
      ['HK1', results.learning.term1], ['HK2', results.learning.term2], ['CaNam', results.learning.year],
      leaf('SauDanhGiaLai', results.learning.afterReassessment),
    ]],
    ['SoNgayNghi', results.daysAbsent],
    ['XetLenLop', results.promotion],
    leaf('HoanThanhTHCS', results.completedLowerSecondary),
    leaf('DanhHieu', results.title),
    ...results.otherAwards.map((award): XmlNode => ['KhenThuongKhac', award]),
    ['NhanXetGVCN', results.homeroomComment],
  ]];
}
