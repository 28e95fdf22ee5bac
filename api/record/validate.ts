// Consistency checks only the school may judge (SPEC §7): warnings, never reasons to refuse a record.
import { issue, type Issue } from '../errors.ts';
import { validatePrimary } from './validate-primary.ts';
import { validateSecondary } from './validate-secondary.ts';
import type { HocBaRecord } from './model.ts';

/** Every inconsistency of a parsed record, as warnings with the path of the field concerned. */
export function validateRecord(record: HocBaRecord): Issue[] {
  const warnings: Issue[] = [];
  checkIdentity(record, warnings);
  if (record.level === 'TH') validatePrimary(record, warnings);
  else validateSecondary(record, warnings);
  return warnings;
}

function checkIdentity(record: HocBaRecord, warnings: Issue[]): void {
  const birthYear = Number(record.dateOfBirth.slice(6));
  const firstYear = Number(record.schoolYear.slice(0, 4));
  // CCCD digits 4-6: century and sex (0/1 for 19xx, 2/3 for 20xx, male/female), then the year's last two digits.
  const century = (Math.floor(birthYear / 100) - 19) * 2 + (record.sex === 'Nữ' ? 1 : 0);
  if (century >= 0 && century <= 9) {
    const expected = `${century}${String(birthYear % 100).padStart(2, '0')}`;
    const found = record.personalId.slice(3, 6);
    if (found !== expected) warnings.push(issue('personal_id_mismatch', { path: 'HocSinh/MaDinhDanh', params: { found, expected } }));
  }
  // A grade-1 pupil turns 6 in the calendar year the school year starts; repeaters and late starters are older.
  const usual = firstYear - record.grade - 5;
  if (birthYear > usual + 1 || birthYear < usual - 5) {
    warnings.push(issue('birth_date_implausible', {
      path: 'HocSinh/NgaySinh', params: { found: birthYear, grade: record.grade, year: record.schoolYear },
    }));
  }
  if (!record.schoolCode.startsWith(record.provinceCode)) {
    warnings.push(issue('school_province_mismatch', {
      path: 'Truong/MaTruong', params: { found: record.schoolCode, province: record.provinceCode },
    }));
  }
  // Records are signed between the start of the school year and the supplementary reports of the summer.
  const issued = sortable(record.issueDate);
  if (issued < firstYear * 10_000 + 801 || issued > (firstYear + 1) * 10_000 + 1231) {
    warnings.push(issue('issue_date_outside_year', {
      path: 'XacNhan/NgayCap', params: { found: record.issueDate, year: record.schoolYear },
    }));
  }
}

/** dd/MM/yyyy → yyyyMMdd as a number, so dates compare with < and >. */
function sortable(date: string): number {
  return Number(date.slice(6, 10)) * 10_000 + Number(date.slice(3, 5)) * 100 + Number(date.slice(0, 2));
}
