// Warnings for a THCS/THPT record: averages and learning results (TT 22 Điều 9), promotion, titles, completion.
import { issue, type Issue } from '../errors.ts';
import { formatTenths, learningResultOf, periodOf, termAverageTenths, toTenths, yearAverageTenths } from './rules-tt22.ts';
import { MAX_DAYS_ABSENT, rankOf, type Rating } from './scales.ts';
import type { ScoredSubjectResult, SecondaryRecord, SecondaryResults, SecondarySubjectResult, TermScores } from './model.ts';

export function validateSecondary(record: SecondaryRecord, warnings: Issue[]): void {
  const results = record.results;
  results.subjects.forEach((subject, i) => checkSubject(subject, `KetQua/MonHoc[${i + 1}]`, warnings));
  const periods: Array<[string, Rating | undefined, (s: SecondarySubjectResult) => number | string]> = [
    ['HK1', results.learning.term1, (s) => s.term1],
    ['HK2', results.learning.term2, (s) => s.term2],
    ['CaNam', results.learning.year, (s) => s.year],
    ['SauDanhGiaLai', results.learning.afterReassessment, (s) => s.reassessment ?? s.year],
  ];
  for (const [tag, found, pick] of periods) {
    if (found === undefined) continue;
    const expected = learningResultOf(periodOf(results.subjects, pick));
    if (found !== expected) warnings.push(issue('learning_result_mismatch', { path: `KetQua/HocTap/${tag}`, params: { found, expected } }));
  }
  checkPromotion(results, warnings);
  checkTitle(results, warnings);
  if (results.completedLowerSecondary !== undefined && results.completedLowerSecondary !== (results.promotion === 'Được lên lớp')) {
    warnings.push(issue('completion_inconsistent', {
      path: 'KetQua/HoanThanhTHCS', params: { found: String(results.completedLowerSecondary), result: results.promotion },
    }));
  }
}

function checkSubject(subject: SecondarySubjectResult, path: string, warnings: Issue[]): void {
  if (subject.assessment === 'comment') {
    if (subject.reassessment !== undefined && subject.year === 'Đ') {
      warnings.push(issue('reassessment_inconsistent', { path: `${path}/MucDanhGiaLai`, params: { found: subject.year } }));
    }
    return;
  }
  checkTerm(subject.term1Scores, subject.term1, `${path}/DiemThanhPhanHK1`, `${path}/DiemHK1`, warnings);
  checkTerm(subject.term2Scores, subject.term2, `${path}/DiemThanhPhanHK2`, `${path}/DiemHK2`, warnings);
  expectAverage(yearAverageTenths(toTenths(subject.term1), toTenths(subject.term2)), subject.year, `${path}/DiemCN`, warnings);
  if (subject.reassessment !== undefined && toTenths(subject.year) >= 50) {
    warnings.push(issue('reassessment_inconsistent', { path: `${path}/DiemDanhGiaLai`, params: { found: formatTenths(toTenths(subject.year)) } }));
  }
}

function checkTerm(scores: TermScores | undefined, average: number, scoresPath: string, path: string, warnings: Issue[]): void {
  if (!scores) return;
  if (scores.continuous.length < 2) {
    warnings.push(issue('continuous_score_count', { path: scoresPath, params: { found: scores.continuous.length } }));
  }
  expectAverage(termAverageTenths(scores), average, path, warnings);
}

function expectAverage(expected: number, found: number, path: string, warnings: Issue[]): void {
  if (toTenths(found) === expected) return;
  warnings.push(issue('average_mismatch', { path, params: { found: formatTenths(toTenths(found)), expected: formatTenths(expected) } }));
}

// Promoted when conduct and learning (after the summer, if any) are at least Đạt and at most 45 days
// were missed; a failed year goes to summer re-assessment, summer conduct training, or repetition.
function checkPromotion(results: SecondaryResults, warnings: Issue[]): void {
  const learning = results.learning.afterReassessment ?? results.learning.year;
  const conduct = results.conduct.afterSummerTraining ?? results.conduct.year;
  const absentTooLong = results.daysAbsent > MAX_DAYS_ABSENT;
  const passes = rankOf(learning) >= 1 && rankOf(conduct) >= 1 && !absentTooLong;
  const consistent = {
    'Được lên lớp': passes,
    'Kiểm tra lại': results.learning.year === 'Chưa đạt' && rankOf(results.conduct.year) >= 1 && !absentTooLong,
    'Rèn luyện trong kì nghỉ hè': results.conduct.year === 'Chưa đạt' && !absentTooLong,
    'Ở lại lớp': !passes,
  }[results.promotion];
  if (consistent) return;
  warnings.push(issue('promotion_inconsistent', {
    path: 'KetQua/XetLenLop', params: { found: results.promotion, learning, conduct, daysAbsent: results.daysAbsent },
  }));
}

// "Học sinh Giỏi": conduct and learning Tốt; "Học sinh Xuất sắc": also at least 6 year averages ≥ 9.0.
function checkTitle(results: SecondaryResults, warnings: Issue[]): void {
  if (results.title === undefined) return;
  const bothTot = results.conduct.year === 'Tốt' && results.learning.year === 'Tốt';
  const from9 = results.subjects.filter((s): s is ScoredSubjectResult => s.assessment === 'score' && toTenths(s.year) >= 90).length;
  const allowed = bothTot && (results.title === 'Học sinh Giỏi' || from9 >= 6);
  if (!allowed) {
    warnings.push(issue('award_inconsistent', { path: 'KetQua/DanhHieu', params: { found: results.title, circular: 'Thông tư 22/2021' } }));
  }
}
