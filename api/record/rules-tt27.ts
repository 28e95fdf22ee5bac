// TT 27/2020: the year-end result of a primary student, and the titles it allows.
import type { PrimaryTitle, YearResult } from './scales.ts';
import type { PrimaryResults } from './model.ts';

type Assessed = Pick<PrimaryResults, 'subjects' | 'qualities' | 'generalCompetences' | 'specificCompetences'>;

/**
 * Hoàn thành xuất sắc: every subject T, every quality and competence Tốt, every year-end test ≥ 9;
 * Hoàn thành tốt: the same with tests ≥ 7; Hoàn thành: subjects T or H, criteria Tốt or Đạt, tests ≥ 5.
 */
export function yearResultOf(results: Assessed): YearResult {
  let allT = true, noneC = true;
  for (const subject of results.subjects) {
    if (subject.level !== 'T') allT = false;
    if (subject.level === 'C') noneC = false;
  }
  let allTot = true, noCanCoGang = true;
  for (const list of [results.qualities, results.generalCompetences, results.specificCompetences]) {
    for (const criterion of list) {
      if (criterion.level !== 'T') allTot = false;
      if (criterion.level === 'C') noCanCoGang = false;
    }
  }
  let lowestTest = 10;
  for (const subject of results.subjects) {
    if (subject.tests.endYear !== undefined) lowestTest = Math.min(lowestTest, subject.tests.endYear);
  }
  if (allT && allTot && lowestTest >= 9) return 'Hoàn thành xuất sắc';
  if (allT && allTot && lowestTest >= 7) return 'Hoàn thành tốt';
  if (noneC && noCanCoGang && lowestTest >= 5) return 'Hoàn thành';
  return 'Chưa hoàn thành';
}

/**
 * Titles: "Học sinh Xuất sắc" for Hoàn thành xuất sắc; "Học sinh Tiêu biểu…" for a student who
 * completed the year well (Hoàn thành tốt or better) with outstanding progress the school judges.
 */
export function isTitleAllowed(title: PrimaryTitle, result: YearResult): boolean {
  if (title === 'Học sinh Xuất sắc') return result === 'Hoàn thành xuất sắc';
  return result === 'Hoàn thành xuất sắc' || result === 'Hoàn thành tốt';
}
