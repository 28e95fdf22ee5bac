// Warnings for a primary record: the year-end result, completion and titles against TT 27/2020.
import { issue, type Issue } from '../errors.ts';
import { isTitleAllowed, yearResultOf } from './rules-tt27.ts';
import type { PrimaryRecord } from './model.ts';

export function validatePrimary(record: PrimaryRecord, warnings: Issue[]): void {
  const results = record.results;
  const expected = yearResultOf(results);
  if (results.yearResult !== expected) {
    warnings.push(issue('year_result_mismatch', {
      path: 'KetQua/DanhGiaCuoiNam', params: { found: results.yearResult, expected },
    }));
  }
  // TT 27: a student who is at least "Hoàn thành" has completed the grade's (in grade 5 the primary) programme.
  if (results.completedProgramme !== (results.yearResult !== 'Chưa hoàn thành')) {
    warnings.push(issue('completion_inconsistent', {
      path: 'KetQua/HoanThanhChuongTrinh', params: { found: String(results.completedProgramme), result: results.yearResult },
    }));
  }
  if (results.title !== undefined && !isTitleAllowed(results.title, results.yearResult)) {
    warnings.push(issue('award_inconsistent', {
      path: 'KetQua/DanhHieu', params: { found: results.title, circular: 'Thông tư 27/2020' },
    }));
  }
}
