// DuLieu → HocBaRecord: reads only the given element, and reports every problem with its path (SPEC §7).
import type { Issue } from '../errors.ts';
import { join, Reader, shapeOf } from './reader.ts';
import { compact, first, readLabel, readPersonName, readSignatory } from './parse-fields.ts';
import { parsePrimaryResults } from './parse-primary.ts';
import { parseSecondaryResults } from './parse-secondary.ts';
import { isLookupCode, lookupCodeLayoutProblem } from './lookup-code.ts';
import { isProvinceCode } from './provinces.ts';
import { LEVELS, SEXES, levelOfGrade, type Level } from './scales.ts';
import type { HocBaRecord } from './model.ts';

export interface ParseResult {
  /** Null as soon as any error was found; the issues then say every reason. */
  readonly record: HocBaRecord | null;
  readonly issues: Issue[];
}

const CONTENT = shapeOf({
  MaTraCuu: '1', CapHoc: '1', Khoi: '1', NamHoc: '1', Lop: '1', DanhGiaBoSung: '?',
  Truong: '1', HocSinh: '1', KetQua: '1', XacNhan: '1',
});
const SCHOOL = shapeOf({ MaTruong: '1', TenTruong: '1', MaTinh: '1', QuanHuyen: '?' });
const STUDENT = shapeOf({
  MaDinhDanh: '1', MaHocSinh: '1', MaHocTapSuotDoi: '?', HoTen: '1', NgaySinh: '1', GioiTinh: '1', DanToc: '1', NoiSinh: '1',
  QueQuan: '?', DiaChi: '?', HoTenCha: '?', HoTenMe: '?', HoTenNguoiGiamHo: '?',
});
const SIGNING = shapeOf({ NoiCap: '1', NgayCap: '1', GiaoVienChuNhiem: '1', HieuTruong: '1' });

/** Reads the record from the signed DuLieu element and nothing outside it. */
export function parseRecord(content: Element): ParseResult {
  const reader = new Reader();
  const top = reader.children(content, '', CONTENT, 'Id');
  const level = reader.oneOf(first(top, 'CapHoc'), 'CapHoc', LEVELS);
  const grade = reader.pattern(first(top, 'Khoi'), 'Khoi', /^(1[0-2]|[1-9])$/, '1-12');
  const common = {
    lookupCode: readLookupCode(reader, first(top, 'MaTraCuu')),
    schoolYear: readSchoolYear(reader, first(top, 'NamHoc')),
    className: readLabel(reader, first(top, 'Lop'), 'Lop') ?? '',
    supplementary: reader.boolean(first(top, 'DanhGiaBoSung'), 'DanhGiaBoSung') ?? false,
    ...readSchool(reader, first(top, 'Truong')),
    ...readStudent(reader, first(top, 'HocSinh')),
  };
  const gradeNumber = Number(grade);
  const consistent = level !== undefined && grade !== undefined && levelOfGrade(gradeNumber) === level;
  if (level !== undefined && grade !== undefined && !consistent) {
    reader.report('grade_level_mismatch', 'Khoi', { grade, level });
  }
  // Only grades 1-4 may be reported at the supplementary lock (DOMAIN "Lock dates").
  if (common.supplementary && !(level === 'TH' && gradeNumber <= 4)) {
    reader.report('field_value', 'DanhGiaBoSung', { found: 'true', expected: 'false (true: TH 1-4)' });
  }
  // The results are read by the rules of the level and grade, so only once those are known to agree.
  const results = first(top, 'KetQua');
  const record = consistent && results ? readResults(reader, results, level, gradeNumber) : null;
  const signing = readSigning(reader, first(top, 'XacNhan'));
  if (!record || reader.issues.length > 0) return { record: null, issues: reader.issues };
  // Keys in reading order of a person (code, level, grade first), which is also how JSON shows them.
  const { lookupCode, ...rest } = common;
  return { record: { lookupCode, level: record.level, grade: record.grade, ...rest, ...signing, results: record.results } as HocBaRecord, issues: [] };
}

type LevelResults = Pick<HocBaRecord, 'level' | 'grade' | 'results'>;

function readResults(reader: Reader, element: Element, level: Level, grade: number): LevelResults {
  if (level === 'TH') return { level, grade, results: parsePrimaryResults(reader, element, grade) };
  return { level, grade, results: parseSecondaryResults(reader, element, level, grade) };
}

function readLookupCode(reader: Reader, element: Element | undefined): string {
  const value = reader.text(element, 'MaTraCuu');
  if (value === undefined) return '';
  if (!isLookupCode(value)) {
    reader.report('lookup_code_format', 'MaTraCuu', { found: value });
    return '';
  }
  // SPEC §9: the school's software chooses the code, and a guessable one exposes the record.
  const problem = lookupCodeLayoutProblem(value);
  if (problem === null) return value.toUpperCase();
  reader.report('lookup_code_not_random', 'MaTraCuu', { found: value, reason: problem });
  return '';
}

function readSchoolYear(reader: Reader, element: Element | undefined): string {
  const value = reader.pattern(element, 'NamHoc', /^[0-9]{4}-[0-9]{4}$/, 'yyyy-yyyy');
  if (value === undefined) return '';
  const start = Number(value.slice(0, 4));
  if (Number(value.slice(5)) === start + 1) return value;
  reader.report('field_value', 'NamHoc', { found: value, expected: `${start}-${start + 1}` });
  return '';
}

function readSchool(reader: Reader, element: Element | undefined) {
  const children = element ? reader.children(element, 'Truong', SCHOOL) : new Map();
  const province = reader.pattern(first(children, 'MaTinh'), 'Truong/MaTinh', /^[0-9]{2}$/, '[0-9]{2}');
  if (province !== undefined && !isProvinceCode(province)) reader.report('province_unknown', 'Truong/MaTinh', { found: province });
  return compact({
    schoolCode: reader.pattern(first(children, 'MaTruong'), 'Truong/MaTruong', /^[0-9]{8}$/, '[0-9]{8}') ?? '',
    schoolName: readLabel(reader, first(children, 'TenTruong'), 'Truong/TenTruong') ?? '',
    provinceCode: province ?? '',
    district: readLabel(reader, first(children, 'QuanHuyen'), 'Truong/QuanHuyen'),
  });
}

function readStudent(reader: Reader, element: Element | undefined) {
  const children = element ? reader.children(element, 'HocSinh', STUDENT) : new Map();
  const at = (name: string) => [first(children, name), join('HocSinh', name)] as const;
  return compact({
    personalId: reader.pattern(...at('MaDinhDanh'), /^[0-9]{12}$/, '[0-9]{12}') ?? '',
    studentCode: reader.pattern(...at('MaHocSinh'), /^[0-9]{10}$/, '[0-9]{10}') ?? '',
    // Decree 88/2026, pending the Ministry's format: bounded, and only characters no text check has to think about.
    lifelongCode: reader.pattern(...at('MaHocTapSuotDoi'), /^[0-9A-Z]{8,32}$/, '[0-9A-Z]{8,32}'),
    studentName: readPersonName(reader, ...at('HoTen')) ?? '',
    dateOfBirth: reader.date(...at('NgaySinh')) ?? '',
    sex: reader.oneOf(...at('GioiTinh'), SEXES) ?? 'Nam',
    ethnicity: readLabel(reader, ...at('DanToc')) ?? '',
    placeOfBirth: readLabel(reader, ...at('NoiSinh')) ?? '',
    hometown: readLabel(reader, ...at('QueQuan')),
    address: readLabel(reader, ...at('DiaChi')),
    fatherName: readPersonName(reader, ...at('HoTenCha')),
    motherName: readPersonName(reader, ...at('HoTenMe')),
    guardianName: readPersonName(reader, ...at('HoTenNguoiGiamHo')),
  });
}

function readSigning(reader: Reader, element: Element | undefined) {
  const children = element ? reader.children(element, 'XacNhan', SIGNING) : new Map();
  return {
    issuePlace: readLabel(reader, first(children, 'NoiCap'), 'XacNhan/NoiCap') ?? '',
    issueDate: reader.date(first(children, 'NgayCap'), 'XacNhan/NgayCap') ?? '',
    homeroomTeacher: readSignatory(reader, first(children, 'GiaoVienChuNhiem'), 'XacNhan/GiaoVienChuNhiem'),
    principal: readSignatory(reader, first(children, 'HieuTruong'), 'XacNhan/HieuTruong'),
  };
}
