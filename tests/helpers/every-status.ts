// A registry holding a record of every lookup status (in force, not locked, recalled, replaced), and files that
// answer the upload statuses (invalid, indeterminate, not found): for the e2e portal and the one-answer table.
import { randomUUID } from 'node:crypto';
import { encodePackage, vietnamDateOf, type Level, type Registry } from '../../api/index.ts';
import { generateSampleXml } from '../../api/samples/index.ts';
import { SCHOOLS, type Fixtures, type SchoolFixture } from './signed-records.ts';

export const RECALL_REASON = 'Nhập sai điểm môn Toán học kì II';
export const CORRECTED_TEACHER = 'Nguyễn Thị Ánh Tuyết';

export interface EveryStatus {
  readonly codes: {
    /** Last school year's THPT record: past its lock date, so in force. */
    readonly inForce: string;
    /** This year's TH record: valid, the lock date still ahead. */
    readonly notLocked: string;
    readonly secondary: string;
    readonly recalled: string;
    readonly replaced: string;
    readonly replacement: string;
  };
  /** The exact signed XML pushed under each code. */
  readonly xml: Map<string, string>;
}

/** Trust (the test PKI's root and issuing CA with their CRLs), the three schools, then one record per status. */
export async function seedEveryStatus(registry: Registry, fixtures: Fixtures): Promise<EveryStatus> {
  await registry.addTrustAnchor(fixtures.pem('root'), { role: 'anchor' });
  await registry.addTrustAnchor(fixtures.pem('issuing'), { role: 'intermediate' });
  for (const crl of [fixtures.pki.crls.issuing!, fixtures.pki.crls.root!]) await registry.loadCrl(crl.pem);
  // Approved a day before the fixtures' signing time: a seal signs for its school only once approved.
  const approvedAt = new Date(fixtures.now.getTime() - 86_400_000);
  for (const school of Object.values(SCHOOLS)) {
    await registry.addSchool(
      { code: school.code, name: school.name, provinceCode: '01', certificates: [fixtures.pem(school.seal)] }, { now: approvedAt },
    );
  }
  const xml = new Map<string, string>();
  const push = async (school: SchoolFixture, signed: string): Promise<string> => {
    const [result] = await registry.submitPackages(school.code, [encodePackage(signed)]);
    if (result?.status !== 'accepted') throw new Error(`seed record rejected: ${JSON.stringify(result)}`);
    xml.set(result.lookupCode, signed);
    return result.lookupCode;
  };
  const { a, b, c } = SCHOOLS;
  const [lastYear] = fixtures.schoolYear.split('-').map(Number) as [number];
  const oldXml = generateSampleXml({
    level: 'THPT' as Level, grade: 11, schoolYear: `${lastYear - 1}-${lastYear}`, schoolCode: c.code, schoolName: c.name,
    provinceCode: '01', seed: 7,
  });
  const signedOld = await fixtures.sign(await fixtures.sign(oldXml, c.seal, 'CoSoGiaoDuc'), c.teacher, 'GVCN');
  // Last year's record arrives after its lock (SPEC §8): only through a late window, and in force from its acceptance.
  await registry.openLateWindow({
    schoolCode: c.code, schoolYear: `${lastYear - 1}-${lastYear}`, until: vietnamDateOf(new Date(Date.now() + 7 * 86_400_000)), reason: 'Dữ liệu thử nghiệm',
  });
  const [inForce, notLocked, secondary, recalled, replaced] = await Promise.all([
    push(c, signedOld),
    fixtures.signed(a, 11, { grade: 4 }).then((signed) => push(a, signed)),
    fixtures.signed(b, 12).then((signed) => push(b, signed)),
    fixtures.signed(a, 13).then((signed) => push(a, signed)),
    fixtures.signed(b, 14).then((signed) => push(b, signed)),
  ]);
  await registry.recallRecord(a.code, recalled, RECALL_REASON);
  // The correction: the same student and year under a new code, one subject teacher's name fixed.
  const corrected = fixtures.unsigned(b, 14).replaceAll(replaced, randomUUID().replace(/-/g, '').toUpperCase())
    .replace(/<GiaoVien>[^<]*<\/GiaoVien>/, `<GiaoVien>${CORRECTED_TEACHER}</GiaoVien>`);
  const successor = await fixtures.sign(await fixtures.sign(corrected, b.seal, 'CoSoGiaoDuc'), b.teacher, 'GVCN');
  const replacedResult = await registry.replaceRecord(b.code, replaced, encodePackage(successor));
  if (replacedResult.status !== 'accepted') throw new Error(`replacement rejected: ${JSON.stringify(replacedResult)}`);
  xml.set(replacedResult.lookupCode, successor);
  return { codes: { inForce, notLocked, secondary, recalled, replaced, replacement: replacedResult.lookupCode }, xml };
}

/**
 * Makes a document that can only be indeterminate: the test PKI's `untrusted-root` becomes a trust anchor (with no
 * CRL, so revocation cannot be checked) and its school seal is approved for school A. Returns such a signed XML.
 */
export async function indeterminateDocument(registry: Registry, fixtures: Fixtures, seed: number): Promise<string> {
  await registry.addTrustAnchor(fixtures.pem('untrusted-root'), { role: 'anchor' });
  await registry.approveCertificate(SCHOOLS.a.code, fixtures.pem('school-untrusted'), { now: new Date(fixtures.now.getTime() - 86_400_000) });
  return fixtures.sign(fixtures.unsigned(SCHOOLS.a, seed), 'school-untrusted', 'CoSoGiaoDuc');
}
