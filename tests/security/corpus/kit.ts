// What corpus recipes build with: the committed test PKI (fixed `now`), signed samples, xmlsec1 for odd signatures.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareTrust, readEnvelope, parseXml, signRecord, type PreparedTrust, type Role, type TrustMaterial } from '../../../api/index.ts';
import type { TestPki } from '../../../api/pki/index.ts';
import { generateSampleXml } from '../../../api/samples/index.ts';
import { schoolYearAt, testTrustMaterial } from '../../helpers/signed-records.ts';
import { addSlot, template, type TemplateOptions } from '../../unit/signature/support/templates.ts';
import { loadPkiExtras, type ExtraEntity } from './pki-extras.ts';

export const SCHOOL = {
  a: { code: '01001001', name: 'Trường Tiểu học Kim Đồng', seal: 'school-a', grade: 5 },
  b: { code: '01001002', name: 'Trường THCS Giảng Võ', seal: 'school-b', grade: 9 },
  c: { code: '01001003', name: 'Trường THPT Phan Đình Phùng', seal: 'school-c', grade: 12 },
} as const;
export type SchoolKey = keyof typeof SCHOOL;

/**
 * Certificates the Sở has approved per school in the corpus' trust list. The defective seals are approved on
 * purpose: each attack then fails for its own defect only, and an approval never excuses a defect.
 */
export const APPROVED: Record<string, readonly string[]> = {
  [SCHOOL.a.code]: ['school-a', 'school-expired', 'school-not-yet-valid', 'school-weak', 'school-no-signing-usage',
    'school-untrusted', 'school-p192', 'school-secp256k1', 'school-sha1-cert', 'school-self-signed', 'school-forged-chain'],
  [SCHOOL.b.code]: ['school-b'],
  [SCHOOL.c.code]: ['school-c'],
};

export type Signer = Pick<ExtraEntity, 'name' | 'certPem' | 'keyPem' | 'chainPem' | 'certPath' | 'keyPath' | 'chainPath'>;

export interface Kit {
  readonly pki: TestPki;
  readonly now: Date;
  readonly schoolYear: string;
  readonly trustMaterial: TrustMaterial;
  readonly trust: PreparedTrust;
  entity(name: string): Signer;
  unsigned(seed: number, options?: { school?: SchoolKey; lookupCode?: string }): string;
  /** Our own signer (api/signature), one signature of `role` by `entity`, a minute before `now` unless told. */
  sign(xml: string, entity: string, role?: Role, options?: { signingTime?: Date }): Promise<string>;
  /** School A's record `seed`, sealed by school A (the usual good record of the corpus). */
  sealed(seed: number, options?: { school?: SchoolKey; lookupCode?: string }): Promise<string>;
  /** A slot made from a template and signed by xmlsec1 with `entity`'s key (for what our signer refuses to make). */
  xmlsec(xml: string, entity: string, options?: Partial<TemplateOptions>, keyArgs?: string[]): string;
}

export function loadKit(pki: TestPki): Kit {
  const now = new Date(pki.now);
  const extras = loadPkiExtras(pki);
  const entity = (name: string): Signer => {
    const found = pki.entities[name] ?? extras[name];
    if (!found) throw new Error(`no PKI entity ${name}`);
    return found;
  };
  const trustMaterial = testTrustMaterial(pki, Object.entries(APPROVED).flatMap(([schoolCode, names]) => names.map((name) => [schoolCode, entity(name).certPem] as const)));
  const schoolYear = schoolYearAt(now);
  const kit: Kit = {
    pki, now, schoolYear, trustMaterial, trust: prepareTrust(trustMaterial), entity,
    unsigned(seed, options = {}) {
      const school = SCHOOL[options.school ?? 'a'];
      const grade = school.grade;
      return generateSampleXml({
        level: grade <= 5 ? 'TH' : grade <= 9 ? 'THCS' : 'THPT', grade, schoolYear, seed,
        schoolCode: school.code, schoolName: school.name, provinceCode: school.code.slice(0, 2),
        ...(options.lookupCode ? { lookupCode: options.lookupCode } : {}),
      });
    },
    sign(xml, name, role = 'CoSoGiaoDuc', options = {}) {
      const signer = entity(name);
      return signRecord(xml, {
        privateKeyPem: signer.keyPem, certificatePem: signer.certPem, chainPem: signer.chainPem, role,
        signingTime: options.signingTime ?? new Date(now.getTime() - 60_000),
      });
    },
    sealed(seed, options = {}) {
      const school = SCHOOL[options.school ?? 'a'];
      return kit.sign(kit.unsigned(seed, options), school.seal, 'CoSoGiaoDuc');
    },
    xmlsec(xml, name, options = {}, keyArgs) {
      const signer = entity(name);
      const slots = readEnvelope(parseXml(xml).document).envelope?.signatures.length ?? 0;
      const contentId = /<DuLieu Id="([^"]+)"/.exec(xml)![1]!;
      const slot = template({
        id: `CKS-xmlsec-${slots + 1}`, contentId, certificatePem: signer.certPem,
        signingTime: new Date(now.getTime() - 60_000).toISOString(), ...options,
      });
      return xmlsecSign(addSlot(xml, slot), slots + 1, keyArgs ?? privateKeyArgs(signer));
    },
  };
  return kit;
}

function privateKeyArgs(signer: Signer): string[] {
  const chain = signer.chainPath ? `,${signer.chainPath}` : '';
  return ['--privkey-pem', `${signer.keyPath},${signer.certPath}${chain}`];
}

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const ID_ATTRIBUTES = [
  '--id-attr:Id', 'urn:hocba:hoc-ba-so:1:DuLieu',
  '--id-attr:Id', 'urn:hocba:hoc-ba-so:1:HocSinh',
  '--id-attr:Id', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties',
];

/** `xmlsec1 --sign` of the n-th ds:Signature template (1-based). */
export function xmlsecSign(xml: string, n: number, keyArgs: string[]): string {
  const work = mkdtempSync(join(tmpdir(), 'hocba-corpus-'));
  try {
    const file = join(work, 'in.xml');
    writeFileSync(file, xml);
    return execFileSync('xmlsec1', [
      '--sign', ...ID_ATTRIBUTES, ...keyArgs,
      '--node-xpath', `(//*[local-name()='Signature' and namespace-uri()='${DSIG}'])[${n}]`, '--output', '-', file,
    ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
