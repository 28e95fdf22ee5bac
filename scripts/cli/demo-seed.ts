// The demo's data: three schools' realistic records of two school years, signed like school software signs them,
// pushed through the real HTTP API with each school's token; then one recalled and one replaced through the API too.
import { randomUUID } from 'node:crypto';
import { encodePackage, signRecord, type Level, type Role } from '../../api/index.ts';
import type { PkiEntity, TestPki } from '../../api/pki/index.ts';
import { generateSampleSet } from '../../api/samples/index.ts';
import { createPushClient } from './push-client.ts';

export interface DemoSchool {
  readonly code: string;
  readonly name: string;
  readonly level: Level;
  /** This year's grade, then last year's. */
  readonly grades: readonly [number, number];
  readonly seal: string;
  readonly principal: string;
  readonly teacher: string;
}

export const DEMO_SCHOOLS: readonly DemoSchool[] = [
  { code: '01001001', name: 'Trường Tiểu học Kim Đồng', level: 'TH', grades: [5, 4], seal: 'school-a', principal: 'principal-a', teacher: 'teacher-a' },
  { code: '01001002', name: 'Trường THCS Giảng Võ', level: 'THCS', grades: [9, 8], seal: 'school-b', principal: 'principal-b', teacher: 'teacher-b' },
  { code: '01001003', name: 'Trường THPT Phan Đình Phùng', level: 'THPT', grades: [12, 11], seal: 'school-c', principal: 'principal-c', teacher: 'teacher-c' },
];

export interface DemoRecords {
  readonly total: number;
  /** Last year's records: past their lock date, in force. */
  readonly inForce: string[];
  /** This year's: valid, the lock date still ahead. */
  readonly notLocked: string[];
  readonly recalled: string;
  readonly replaced: string;
  readonly replacement: string;
  /** The signed XML of one not-locked record, to try /kiem-tra with. */
  readonly sampleXml: { code: string; xml: string };
}

export const DEMO_RECALL_REASON = 'Nhập nhầm điểm kiểm tra định kì cuối năm môn Toán';

async function signAs(xml: string, entity: PkiEntity, role: Role, at: Date): Promise<string> {
  return signRecord(xml, { privateKeyPem: entity.keyPem, certificatePem: entity.certPem, chainPem: entity.chainPem, role, signingTime: at });
}

/** Seal and homeroom teacher on every record, the principal on every third (SPEC §7: any number of co-signers). */
async function signSet(xmls: readonly string[], school: DemoSchool, pki: TestPki, at: Date): Promise<string[]> {
  const entity = (name: string) => pki.entities[name]!;
  const signed: string[] = [];
  for (const [i, xml] of xmls.entries()) {
    let out = await signAs(xml, entity(school.seal), 'CoSoGiaoDuc', at);
    if (i % 3 === 0) out = await signAs(out, entity(school.principal), 'HieuTruong', at);
    signed.push(await signAs(out, entity(school.teacher), 'GVCN', at));
  }
  return signed;
}

export async function pushDemoRecords(options: {
  url: string; pki: TestPki; tokens: Record<string, string>; schoolYear: string; perClass: number;
}): Promise<DemoRecords> {
  const { url, pki, tokens, perClass } = options;
  const [first] = options.schoolYear.split('-').map(Number) as [number];
  const years = [options.schoolYear, `${first - 1}-${first}`];
  const at = new Date(Date.now() - 5 * 60_000);
  const inForce: string[] = [];
  const notLocked: string[] = [];
  const unsigned = new Map<string, string>();
  const pushes: Promise<void>[] = [];
  // Sign one class while the previous one is pushed: the registry verifies on its worker threads meanwhile.
  for (const school of DEMO_SCHOOLS) {
    const push = createPushClient({ url, token: tokens[school.code]! });
    for (const [y, schoolYear] of years.entries()) {
      const set = generateSampleSet({
        level: school.level, grade: school.grades[y]!, schoolYear, schoolCode: school.code, schoolName: school.name,
        provinceCode: '01', district: 'Ba Đình', seed: 1000 * (y + 1) + Number(school.code.slice(-1)) * 100, count: perClass,
      });
      set.forEach((file) => unsigned.set(file.lookupCode, file.xml));
      const signed = await signSet(set.map((file) => file.xml), school, pki, at);
      pushes.push(push(signed.map(encodePackage)).then((results) => {
        const refused = results.filter((result) => result.status !== 'accepted');
        if (refused.length > 0) throw new Error(`demo record refused: ${JSON.stringify(refused[0])}`);
        (y === 0 ? notLocked : inForce).push(...results.map((result) => result.lookupCode!));
      }));
    }
  }
  await Promise.all(pushes);

  const [a, b] = DEMO_SCHOOLS as [DemoSchool, DemoSchool, DemoSchool];
  const recalled = notLocked.find((code) => unsigned.get(code)!.includes(`<MaTruong>${a.code}<`))!;
  const replaced = notLocked.find((code) => unsigned.get(code)!.includes(`<MaTruong>${b.code}<`))!;
  await callApi(url, `/api/v1/records/${recalled}/recall`, tokens[a.code]!, { reason: DEMO_RECALL_REASON });
  // The correction: the same student and year under a new code, the first subject teacher's name fixed.
  const newCode = randomUUID().replace(/-/g, '').toUpperCase();
  const corrected = unsigned.get(replaced)!.replaceAll(replaced, newCode)
    .replace(/<GiaoVien>[^<]*<\/GiaoVien>/, '<GiaoVien>Nguyễn Thị Ánh Tuyết</GiaoVien>');
  const [signedCorrection] = await signSet([corrected], b, pki, new Date());
  await callApi(url, `/api/v1/records/${replaced}/replace`, tokens[b.code]!, { package: encodePackage(signedCorrection!) });
  const sample = notLocked.find((code) => code !== recalled && code !== replaced)!;
  // The exact XML is released only on proof of the student's personal id (SPEC §5): the seed knows it.
  const personalId = /<MaDinhDanh>(\d{12})<\/MaDinhDanh>/.exec(unsigned.get(sample)!)![1]!;
  const released = await fetch(new URL(`/api/v1/records/${sample}/xml`, url), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ personalId }),
  });
  if (!released.ok) throw new Error(`demo: the sample XML was not released (${released.status})`);
  const sampleXml = await released.text();
  return {
    total: inForce.length + notLocked.length + 1, inForce, notLocked: notLocked.filter((code) => code !== recalled && code !== replaced),
    recalled, replaced, replacement: newCode, sampleXml: { code: sample, xml: sampleXml },
  };
}

async function callApi(url: string, path: string, token: string, body: unknown): Promise<void> {
  const response = await fetch(new URL(path, url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}
