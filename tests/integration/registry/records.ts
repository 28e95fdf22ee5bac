// Real signed records for the registry suites: the record model's samples with the facts a test needs
// (lookup code, student, personal id, year, a changed comment) written in before signing with the test PKI.
import { encodePackage } from '../../../api/index.ts';
import { generateSampleXml } from '../../../api/samples/index.ts';
import { SCHOOLS, type Fixtures, type SchoolFixture } from '../../helpers/signed-records.ts';

export interface TestRecord {
  lookupCode: string;
  /** SCHOOLS.a or SCHOOLS.b code: the school named in the record. */
  schoolCode: string;
  schoolYear?: string;
  studentCode?: string;
  personalId?: string;
  /** Changes the bytes without changing the facts. */
  note?: string;
  /** PKI entity that applies the school seal (default: the school's own approved seal). */
  sealedBy?: string;
}

const STUDENT_SEED = 7;

/**
 * Each record is of its own student, whose code is drawn from the lookup code (SPEC §8: one record in force per
 * student and year), unless a test names one — a replacement names its predecessor's: `studentCodeOf(oldCode)`.
 */
export function studentCodeOf(lookupCode: string): string {
  return `01${(Number.parseInt(lookupCode.slice(0, 12), 16) % 100_000_000).toString().padStart(8, '0')}`;
}

export async function recordXml(fx: Fixtures, record: TestRecord): Promise<string> {
  const school = schoolOf(record.schoolCode);
  let xml = generateSampleXml({
    level: school.level, grade: school.grade, schoolYear: record.schoolYear ?? fx.schoolYear, schoolCode: school.code,
    schoolName: school.name, provinceCode: school.code.slice(0, 2), seed: STUDENT_SEED,
  });
  const sampleCode = /<MaTraCuu>([0-9A-F]{32})<\/MaTraCuu>/.exec(xml)![1]!;
  xml = xml.replaceAll(sampleCode, record.lookupCode);
  xml = xml.replace(/<MaHocSinh>\d+<\/MaHocSinh>/, `<MaHocSinh>${record.studentCode ?? studentCodeOf(record.lookupCode)}</MaHocSinh>`);
  if (record.personalId) xml = xml.replace(/<MaDinhDanh>\d+<\/MaDinhDanh>/, `<MaDinhDanh>${record.personalId}</MaDinhDanh>`);
  if (record.note) xml = xml.replace(/<NhanXet>[^<]*<\/NhanXet>/, `<NhanXet>${record.note}</NhanXet>`);
  const sealed = await fx.sign(xml, record.sealedBy ?? school.seal, 'CoSoGiaoDuc');
  return fx.sign(sealed, school.teacher, 'GVCN');
}

export async function recordPackage(fx: Fixtures, record: TestRecord): Promise<string> {
  return encodePackage(await recordXml(fx, record));
}

function schoolOf(code: string): SchoolFixture {
  const found = Object.values(SCHOOLS).find((school) => school.code === code);
  if (!found) throw new Error(`no test school ${code}`);
  return found;
}
