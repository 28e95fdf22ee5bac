// Real signed records for tests: a test PKI made per test file, samples from the record model, signed by api/signature.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePackage, prepareTrust, signRecord, toTrustMaterial, fingerprintOf, pemToDer, type Level, type PreparedTrust, type Registry, type Role, type SchoolApproval, type TrustMaterial } from '../../api/index.ts';
import { createTestPki, type TestPki } from '../../api/pki/index.ts';
import { generateSampleXml } from '../../api/samples/index.ts';

export interface SchoolFixture {
  readonly code: string;
  readonly name: string;
  /** PKI entity names of the school seal, principal and homeroom teacher. */
  readonly seal: string;
  readonly principal: string;
  readonly teacher: string;
  readonly level: Level;
  readonly grade: number;
}

export const SCHOOLS: Record<'a' | 'b' | 'c', SchoolFixture> = {
  a: { code: '01001001', name: 'Trường Tiểu học Kim Đồng', seal: 'school-a', principal: 'principal-a', teacher: 'teacher-a', level: 'TH', grade: 5 },
  b: { code: '01001002', name: 'Trường THCS Giảng Võ', seal: 'school-b', principal: 'principal-b', teacher: 'teacher-b', level: 'THCS', grade: 9 },
  c: { code: '01001003', name: 'Trường THPT Phan Đình Phùng', seal: 'school-c', principal: 'principal-c', teacher: 'teacher-c', level: 'THPT', grade: 12 },
};

export interface Fixtures {
  readonly pki: TestPki;
  readonly now: Date;
  /** Root as anchor, issuing CA as intermediate, both CRLs, every school's seal approved. */
  readonly trustMaterial: TrustMaterial;
  readonly trust: PreparedTrust;
  /** The school year in progress at `now`, so its lock date (30/6) is still ahead. */
  readonly schoolYear: string;
  unsigned(school: SchoolFixture, seed: number, options?: { grade?: number; lookupCode?: string; level?: Level }): string;
  sign(xml: string, entity: string, role: Role, options?: { signingTime?: Date; digest?: 'SHA-256' | 'SHA-512' }): Promise<string>;
  /** Sample signed by the school seal and the homeroom teacher (the usual record). */
  signed(school: SchoolFixture, seed: number, options?: { grade?: number; lookupCode?: string }): Promise<string>;
  packaged(school: SchoolFixture, seed: number, options?: { grade?: number; lookupCode?: string }): Promise<string>;
  pem(entity: string): string;
}

export async function makeFixtures(options: { now?: Date } = {}): Promise<Fixtures> {
  const dir = mkdtempSync(join(tmpdir(), 'hocba-pki-'));
  const pki = await createTestPki({ outDir: dir, ...(options.now ? { now: options.now } : {}) });
  const now = new Date(pki.now);
  const trustMaterial = testTrustMaterial(pki, Object.values(SCHOOLS).map((school) => [school.code, pki.entities[school.seal]!.certPem]));
  const entity = (name: string) => {
    const found = pki.entities[name];
    if (!found) throw new Error(`no PKI entity ${name}`);
    return found;
  };
  const fixtures: Fixtures = {
    pki,
    now,
    trustMaterial,
    trust: prepareTrust(trustMaterial),
    schoolYear: schoolYearAt(now),
    unsigned(school, seed, extra = {}) {
      const grade = extra.grade ?? school.grade;
      return generateSampleXml({
        level: extra.level ?? (grade <= 5 ? 'TH' : grade <= 9 ? 'THCS' : 'THPT'),
        grade,
        schoolYear: fixtures.schoolYear,
        schoolCode: school.code,
        schoolName: school.name,
        provinceCode: school.code.slice(0, 2),
        seed,
        ...(extra.lookupCode ? { lookupCode: extra.lookupCode } : {}),
      });
    },
    async sign(xml, name, role, extra = {}) {
      const signer = entity(name);
      return signRecord(xml, {
        privateKeyPem: signer.keyPem,
        certificatePem: signer.certPem,
        chainPem: signer.chainPem,
        role,
        signingTime: extra.signingTime ?? new Date(now.getTime() - 60_000),
        ...(extra.digest ? { digest: extra.digest } : {}),
      });
    },
    async signed(school, seed, extra = {}) {
      const sealed = await fixtures.sign(fixtures.unsigned(school, seed, extra), school.seal, 'CoSoGiaoDuc');
      return fixtures.sign(sealed, school.teacher, 'GVCN');
    },
    async packaged(school, seed, extra = {}) {
      return encodePackage(await fixtures.signed(school, seed, extra));
    },
    pem: (name) => entity(name).certPem,
  };
  return fixtures;
}

/**
 * The test PKI's trust material as the registry would hold it: root and issuing CA, both CRLs, and the given
 * [school code, certificate PEM] approvals in force since the day before the PKI's `now`.
 */
export function testTrustMaterial(pki: TestPki, approved: readonly (readonly [string, string])[]): TrustMaterial {
  const approvedAt = new Date(new Date(pki.now).getTime() - 86_400_000).toISOString();
  const approvals: SchoolApproval[] = approved.map(([schoolCode, certPem]) => ({
    schoolCode, fingerprint: fingerprintOf(pemToDer(certPem)[0]!), approvedAt, withdrawnAt: null,
  }));
  return toTrustMaterial({
    cas: [pki.entities.root!.certPem, pki.entities.issuing!.certPem],
    crls: [pki.crls.issuing!.pem, pki.crls.root!.pem],
    approvals,
  });
}

export function schoolYearAt(at: Date): string {
  const year = at.getUTCFullYear();
  const first = at.getUTCMonth() >= 7 ? year : year - 1;
  return `${first}-${first + 1}`;
}

/**
 * A registry set up to trust the fixtures as their own trust material does: root and issuing CA, both CRLs,
 * and each school's seal approved the day before the records were signed. Returns the API tokens by school code.
 */
export async function enrolFixtures(
  registry: Pick<Registry, 'addTrustAnchor' | 'loadCrl' | 'addSchool'>, fx: Fixtures, schools: readonly SchoolFixture[] = Object.values(SCHOOLS),
): Promise<Map<string, string>> {
  const before = { now: new Date(fx.now.getTime() - 86_400_000) };
  await registry.addTrustAnchor(fx.pem('root'), before);
  await registry.addTrustAnchor(fx.pem('issuing'), before);
  await registry.loadCrl(fx.pki.crls.issuing!.pem, before);
  await registry.loadCrl(fx.pki.crls.root!.pem, before);
  const tokens = new Map<string, string>();
  for (const school of schools) {
    const added = await registry.addSchool(
      { code: school.code, name: school.name, provinceCode: school.code.slice(0, 2), certificates: [fx.pem(school.seal)] }, before,
    );
    tokens.set(school.code, added.token);
  }
  return tokens;
}
