import { describe, expect, it } from 'vitest';
import { validateRecord, type HocBaRecord, type PrimaryRecord, type ScoredSubjectResult, type SecondaryRecord, type SecondaryResults } from '../../../api/record/index.ts';
import { generateSampleRecord } from '../../../api/samples/index.ts';
import { edit, found, optionsFor, parseXmlRecord, sampleXml } from './helpers.ts';

/** The first sample of `grade` (seeds from 1) that satisfies `wanted`, so a test starts from a known state. */
function sampleWhere<T extends HocBaRecord>(grade: number, wanted: (record: T) => boolean): T {
  for (let seed = 1; seed < 500; seed++) {
    const record = generateSampleRecord(optionsFor(grade, seed)) as T;
    if (wanted(record)) return record;
  }
  throw new Error('no such sample');
}

function withResults(record: SecondaryRecord, patch: Partial<SecondaryResults>): SecondaryRecord {
  return { ...record, results: { ...record.results, ...patch } };
}

const warningsOf = (record: HocBaRecord) => found(validateRecord(record));

describe('validateRecord', () => {
  const promoted = sampleWhere<SecondaryRecord>(8, (r) => r.results.learning.year === 'Tốt' && r.results.conduct.year === 'Tốt');

  it('finds nothing in a consistent sample', () => {
    expect(warningsOf(promoted)).toEqual([]);
  });

  it('reports only warnings, never errors', () => {
    const record = withResults(promoted, { promotion: 'Ở lại lớp', title: 'Học sinh Xuất sắc', daysAbsent: 50 });
    expect(validateRecord(record).map((w) => w.severity)).toEqual(expect.arrayContaining(['warning']));
    expect(validateRecord(record).every((w) => w.severity === 'warning')).toBe(true);
  });

  describe('averages (TT 22 Điều 9)', () => {
    it('expects 8.3 for a term average of exactly 8.25, at the field path', () => {
      let xml = sampleXml(8, 2);
      xml = edit(xml, /<DiemThanhPhanHK1>[\s\S]*?<\/DiemThanhPhanHK1>\s*<DiemHK1>[^<]+<\/DiemHK1>/,
        '<DiemThanhPhanHK1><DiemTX>8</DiemTX><DiemTX>8</DiemTX><DiemTX>8</DiemTX><DiemGK>9</DiemGK><DiemCK>8</DiemCK></DiemThanhPhanHK1><DiemHK1>8.2</DiemHK1>');
      const warnings = validateRecord(parseXmlRecord(xml).record!);
      expect(warnings).toContainEqual(expect.objectContaining({
        code: 'average_mismatch', path: 'KetQua/MonHoc[1]/DiemHK1', params: { found: '8.2', expected: '8.3' },
      }));
      const fixed = validateRecord(parseXmlRecord(xml.replace('<DiemHK1>8.2</DiemHK1>', '<DiemHK1>8.3</DiemHK1>')).record!);
      expect(found(fixed)).not.toContain('average_mismatch@KetQua/MonHoc[1]/DiemHK1');
    });

    it('expects the year average (HK1 + 2·HK2) / 3 from the rounded term averages', () => {
      const subjects = promoted.results.subjects.map((s, i) =>
        i === 1 && s.assessment === 'score' ? { ...s, term1Scores: undefined, term2Scores: undefined, term1: 6.5, term2: 7, year: 6.9 } : s);
      expect(validateRecord(withResults(promoted, { subjects }))).toContainEqual(expect.objectContaining({
        code: 'average_mismatch', path: 'KetQua/MonHoc[2]/DiemCN', params: { found: '6.9', expected: '6.8' },
      }));
    });

    it('warns about a term with a single continuous score', () => {
      const subjects = promoted.results.subjects.map((s, i) => i === 0 && s.assessment === 'score'
        ? { ...s, term1Scores: { continuous: [8], midTerm: 8, endTerm: 8 }, term1: 8 } : s);
      expect(warningsOf(withResults(promoted, { subjects }))).toContain('continuous_score_count@KetQua/MonHoc[1]/DiemThanhPhanHK1');
    });
  });

  describe('learning result', () => {
    it('reports a year result that does not follow from the averages', () => {
      const warnings = validateRecord(withResults(promoted, { learning: { ...promoted.results.learning, year: 'Khá' }, title: undefined }));
      expect(warnings).toContainEqual(expect.objectContaining({
        code: 'learning_result_mismatch', path: 'KetQua/HocTap/CaNam', params: { found: 'Khá', expected: 'Tốt' },
      }));
    });

    it('applies the one-subject adjustment before judging', () => {
      const scored = promoted.results.subjects.filter((s): s is ScoredSubjectResult => s.assessment === 'score');
      const subjects = promoted.results.subjects.map((s) => s.assessment === 'score'
        ? { ...s, term1Scores: undefined, term2Scores: undefined, term1: 9, term2: 9, year: s === scored[0] ? 3 : 9 } : s);
      const record = withResults(promoted, { subjects, learning: { term1: 'Tốt', term2: 'Tốt', year: 'Đạt' }, title: undefined, otherAwards: [] });
      expect(warningsOf(record)).not.toContain('learning_result_mismatch@KetQua/HocTap/CaNam');
      expect(warningsOf(withResults(record, { learning: { term1: 'Tốt', term2: 'Tốt', year: 'Chưa đạt' }, promotion: 'Kiểm tra lại' })))
        .toContain('learning_result_mismatch@KetQua/HocTap/CaNam');
    });
  });

  describe('promotion, titles, completion', () => {
    it('warns about promotion after more than 45 days absent', () => {
      const warnings = validateRecord(withResults(promoted, { daysAbsent: 46 }));
      expect(warnings).toContainEqual(expect.objectContaining({
        code: 'promotion_inconsistent', path: 'KetQua/XetLenLop', params: expect.objectContaining({ daysAbsent: 46 }),
      }));
      expect(warningsOf(withResults(promoted, { daysAbsent: 45 }))).toEqual([]);
      expect(warningsOf(withResults(promoted, { daysAbsent: 46, promotion: 'Ở lại lớp' }))).toEqual([]);
    });

    it('warns about repeating a year that was passed, and about summer tasks without a failure', () => {
      expect(warningsOf(withResults(promoted, { promotion: 'Ở lại lớp' }))).toEqual(['promotion_inconsistent@KetQua/XetLenLop']);
      expect(warningsOf(withResults(promoted, { promotion: 'Kiểm tra lại' }))).toEqual(['promotion_inconsistent@KetQua/XetLenLop']);
      expect(warningsOf(withResults(promoted, { promotion: 'Rèn luyện trong kì nghỉ hè' }))).toEqual(['promotion_inconsistent@KetQua/XetLenLop']);
    });

    it('warns about a title the results do not allow', () => {
      const khaConduct = { ...promoted.results.conduct, year: 'Khá' as const, term2: 'Khá' as const };
      expect(warningsOf(withResults(promoted, { conduct: khaConduct, title: 'Học sinh Giỏi' }))).toEqual(['award_inconsistent@KetQua/DanhHieu']);
      const few = promoted.results.subjects.map((s) => s.assessment === 'score' ? { ...s, term1Scores: undefined, term2Scores: undefined, term1: 8.5, term2: 8.5, year: 8.5 } : s);
      expect(warningsOf(withResults(promoted, { subjects: few, title: 'Học sinh Xuất sắc' }))).toEqual(['award_inconsistent@KetQua/DanhHieu']);
    });

    it('warns about a re-assessment of a subject passed for the year', () => {
      const subjects = promoted.results.subjects.map((s, i) => (i === 0 && s.assessment === 'score' ? { ...s, reassessment: 6 } : s));
      expect(warningsOf(withResults(promoted, { subjects }))).toEqual(['reassessment_inconsistent@KetQua/MonHoc[1]/DiemDanhGiaLai']);
    });

    it('warns when grade 9 completion disagrees with promotion', () => {
      const grade9 = sampleWhere<SecondaryRecord>(9, (r) => r.results.promotion === 'Được lên lớp');
      expect(warningsOf(withResults(grade9, { completedLowerSecondary: false }))).toEqual(['completion_inconsistent@KetQua/HoanThanhTHCS']);
    });
  });

  describe('primary (TT 27)', () => {
    const good = sampleWhere<PrimaryRecord>(5, (r) => r.results.yearResult === 'Hoàn thành tốt');

    it('reports a year-end result that does not follow from the assessments', () => {
      const record = { ...good, results: { ...good.results, yearResult: 'Hoàn thành xuất sắc' as const, title: undefined } };
      expect(validateRecord(record)).toContainEqual(expect.objectContaining({
        code: 'year_result_mismatch', path: 'KetQua/DanhGiaCuoiNam', params: { found: 'Hoàn thành xuất sắc', expected: 'Hoàn thành tốt' },
      }));
    });

    it('reports completion and titles that disagree with the result', () => {
      const notCompleted = { ...good, results: { ...good.results, completedProgramme: false } };
      expect(warningsOf(notCompleted)).toEqual(['completion_inconsistent@KetQua/HoanThanhChuongTrinh']);
      const excellent = { ...good, results: { ...good.results, title: 'Học sinh Xuất sắc' as const } };
      expect(warningsOf(excellent)).toEqual(['award_inconsistent@KetQua/DanhHieu']);
    });
  });

  describe('identity', () => {
    it('checks the ID number against the date of birth and sex', () => {
      const digit = promoted.sex === 'Nữ' ? '2' : '3';
      const wrong = { ...promoted, personalId: `${promoted.personalId.slice(0, 3)}${digit}${promoted.personalId.slice(4)}` };
      expect(warningsOf(wrong)).toEqual(['personal_id_mismatch@HocSinh/MaDinhDanh']);
    });

    it('checks the school code, the date of issue and the age for the grade', () => {
      expect(warningsOf({ ...promoted, schoolCode: '79001001' })).toEqual(['school_province_mismatch@Truong/MaTruong']);
      expect(warningsOf({ ...promoted, issueDate: '15/05/2024' })).toEqual(['issue_date_outside_year@XacNhan/NgayCap']);
      const born = Number(promoted.dateOfBirth.slice(6));
      const young = { ...promoted, dateOfBirth: `01/01/${born + 3}`, personalId: promoted.personalId.slice(0, 4) + String((born + 3) % 100).padStart(2, '0') + promoted.personalId.slice(6) };
      expect(warningsOf(young)).toEqual(['birth_date_implausible@HocSinh/NgaySinh']);
    });
  });
});
