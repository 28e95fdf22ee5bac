// Realistic unsigned records for demos and tests: deterministic for a seed, zero errors and zero warnings.
import { HocbaError } from '../errors.ts';
import { normalizeLookupCode } from '../record/lookup-code.ts';
import { isProvinceCode, PROVINCES_2025 } from '../record/provinces.ts';
import { randomFor, type Random } from './sample-random.ts';
import { address, birthPlace, dayOf, ethnicity, familyName, personalIdOf, personName } from './sample-people.ts';
import { samplePrimaryResults } from './sample-primary.ts';
import { sampleSecondaryResults } from './sample-secondary.ts';
import { toRecordXml } from '../record/to-xml.ts';
import { levelOfGrade, type Level, type Sex } from '../record/scales.ts';
import type { HocBaRecord, RecordCommon } from '../record/model.ts';

export interface SampleOptions {
  readonly level: Level;
  readonly grade: number;
  /** `2024-2025`. */
  readonly schoolYear: string;
  /** 8 digits, starting with the province code. */
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly provinceCode: string;
  readonly seed: number;
  /** Any form normalizeLookupCode accepts; by default a UUID drawn from the seed. */
  readonly lookupCode?: string;
  /** By default `<grade>A1`. */
  readonly className?: string;
  readonly district?: string;
  /** Where the record is signed (NoiCap); by default the district or the province. */
  readonly issuePlace?: string;
  /** MaHocTapSuotDoi (Decree 88/2026), written only when given: the Ministry has not published its format yet. */
  readonly lifelongCode?: string;
}

export interface SampleFile {
  readonly lookupCode: string;
  readonly xml: string;
}

/** A random-looking version-4 lookup code (SPEC §9) that is the same for the same facts: for tests and demos. */
export function sampleLookupCode(...facts: readonly (string | number)[]): string {
  return randomFor('lookup-code', ...facts).uuid();
}

/** One record as a value; the same options always give the same record. */
export function generateSampleRecord(options: SampleOptions): HocBaRecord {
  if (levelOfGrade(options.grade) !== options.level) {
    throw new HocbaError('grade_level_mismatch', { params: { grade: options.grade, level: options.level } });
  }
  if (!isProvinceCode(options.provinceCode)) {
    throw new HocbaError('province_unknown', { path: 'Truong/MaTinh', params: { found: options.provinceCode } });
  }
  // The school, grade and year are mixed in, so seed 1 of two schools gives two students and two codes.
  const random = randomFor(options.seed, options.level, options.grade, options.schoolYear, options.schoolCode);
  const lookupCode = options.lookupCode === undefined ? random.uuid() : normalizeLookupCode(options.lookupCode);
  if (lookupCode === null) throw new HocbaError('lookup_code_format', { path: 'MaTraCuu', params: { found: options.lookupCode ?? '' } });
  const className = options.className ?? `${options.grade}A1`;
  const firstYear = Number(options.schoolYear.slice(0, 4));
  const province = PROVINCES_2025[options.provinceCode] ?? 'Hà Nội';
  const sex: Sex = random.chance(0.5) ? 'Nam' : 'Nữ';
  const family = familyName(random);
  const birthYear = firstYear - options.grade - 5 - (random.chance(0.03) ? 1 : 0);
  const ability = abilityOf(random);
  const staff = randomFor(options.schoolCode, options.schoolYear);
  const homeroom = randomFor(options.schoolCode, options.schoolYear, className);
  const common = {
    lookupCode, grade: options.grade, schoolYear: options.schoolYear, className, supplementary: false,
    schoolCode: options.schoolCode, schoolName: options.schoolName, provinceCode: options.provinceCode,
    ...(options.district ? { district: options.district } : {}),
    personalId: personalIdOf(random, options.provinceCode, birthYear, sex),
    studentCode: `${options.provinceCode}${random.digits(8)}`,
    ...(options.lifelongCode ? { lifelongCode: options.lifelongCode } : {}),
    studentName: personName(random, sex, family),
    dateOfBirth: dayOf(random, birthYear),
    sex,
    ethnicity: ethnicity(random),
    placeOfBirth: birthPlace(random, province),
    hometown: birthPlace(random, province),
    address: address(random, options.district, province),
    fatherName: personName(random, 'Nam', family),
    motherName: personName(random, 'Nữ'),
    homeroomTeacher: { name: personName(homeroom, homeroom.chance(0.8) ? 'Nữ' : 'Nam'), title: 'Giáo viên chủ nhiệm' },
    principal: { name: personName(staff, staff.chance(0.6) ? 'Nữ' : 'Nam'), title: 'Hiệu trưởng' },
    issuePlace: options.issuePlace ?? options.district ?? province,
    issueDate: dayOf(random, firstYear + 1, [5, 5], [24, 31]),
  } satisfies Omit<RecordCommon, 'level'>;
  if (options.level === 'TH') {
    const results = samplePrimaryResults(random, options.grade, ability);
    // Grades 1-4 pupils who did not complete the year are assessed again in summer and reported in August.
    const supplementary = options.grade <= 4 && results.yearResult === 'Chưa hoàn thành';
    const issueDate = supplementary ? dayOf(random, firstYear + 1, [8, 8], [5, 14]) : common.issueDate;
    return { ...common, level: 'TH', supplementary, issueDate, results };
  }
  const results = sampleSecondaryResults(random, { level: options.level, grade: options.grade, schoolCode: options.schoolCode, className, ability });
  return { ...common, level: options.level, results } as HocBaRecord;
}

// Tiers drawn so the results mix roughly as schools report them: few fail, a third to a half excel.
function abilityOf(random: Random): number {
  const tier = random.next();
  const mean = tier < 0.03 ? 0.2 : tier < 0.25 ? 0.45 : tier < 0.6 ? 0.66 : 0.88;
  return Math.max(0, Math.min(1, random.normal(mean, 0.16)));
}

/** A complete unsigned HocBaSo document (pretty XML) that parses with no error and no warning. */
export function generateSampleXml(options: SampleOptions): string {
  return toRecordXml(generateSampleRecord(options));
}

/**
 * `count` records of one school and grade, students of consecutive seeds, in classes of 35
 * (`6A1`, `6A2`, …) unless a class name is given.
 */
export function generateSampleSet(options: SampleOptions & { readonly count: number }): SampleFile[] {
  return Array.from({ length: options.count }, (_, i) => {
    const record = generateSampleRecord({
      ...options,
      seed: options.seed + i,
      lookupCode: undefined,
      className: options.className ?? `${options.grade}A${1 + Math.floor(i / 35)}`,
    });
    return { lookupCode: record.lookupCode, xml: toRecordXml(record) };
  });
}
