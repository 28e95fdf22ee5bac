import { beforeAll, describe, expect, it } from 'vitest';
import { encodePackage, prepareTrust, verifyInput, verifyXml, type Report } from '../../../api/index.ts';
import { makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';

let fx: Fixtures;
beforeAll(async () => {
  fx = await makeFixtures();
});

async function check(xml: string, at?: Date): Promise<Report> {
  return verifyXml(Buffer.from(xml), { trust: fx.trust, now: at ?? fx.now });
}

function codes(report: Report): string[] {
  return [...report.issues, ...report.signatures.flatMap((signature) => signature.issues)].map((found) => found.code);
}

describe('verify engine', () => {
  describe('when a record is signed by its school and homeroom teacher', () => {
    it.each(Object.values(SCHOOLS))('is valid for $name', async (school) => {
      const report = await check(await fx.signed(school, 7));
      expect(codes(report)).toEqual([]);
      expect(report.verdict).toBe('valid');
      expect(report.indication).toBe('TOTAL-PASSED');
      expect(report.signatures.map((signature) => signature.role)).toEqual(['CoSoGiaoDuc', 'GVCN']);
      expect(report.signatures[0]!.signer?.organisation).toBe(school.name);
      expect(report.signatures.every((signature) => signature.chain === 'trusted' && signature.revocation === 'good')).toBe(true);
      expect(report.record?.schoolCode).toBe(school.code);
      expect(report.lookupCode).toMatch(/^[0-9A-F]{32}$/);
    });

    it('gives the same report for the package and the bare XML', async () => {
      const xml = await fx.signed(SCHOOLS.b, 8);
      const fromPackage = await verifyInput(Buffer.from(encodePackage(xml)), { trust: fx.trust, now: fx.now });
      const fromXml = await check(xml);
      expect(fromPackage.report).toEqual(fromXml);
      expect(fromPackage.xml?.toString('utf8')).toBe(xml);
    });
  });

  describe('when the content was changed after signing', () => {
    it('rejects with digest_mismatch on every signature', async () => {
      const xml = await fx.signed(SCHOOLS.a, 9);
      const name = /<HoTen>([^<]+)<\/HoTen>/.exec(xml)![1]!;
      const report = await check(xml.replace(`<HoTen>${name}</HoTen>`, '<HoTen>Nguyễn Văn Giả</HoTen>'));
      expect(report.verdict).toBe('invalid');
      expect(report.signatures.map((signature) => signature.integrity)).toEqual(['broken', 'broken']);
      expect(codes(report)).toEqual(['digest_mismatch', 'digest_mismatch']);
      expect(report.signatures[0]!.subIndication).toBe('HASH_FAILURE');
    });
  });

  describe('when the policy is not met', () => {
    it('rejects a record signed only by a teacher with school_seal_missing', async () => {
      const xml = await fx.sign(fx.unsigned(SCHOOLS.a, 10), 'teacher-a', 'GVCN');
      expect(codes(await check(xml))).toEqual(['school_seal_missing']);
    });
    it('rejects an unsigned record with record_unsigned', async () => {
      const report = await check(fx.unsigned(SCHOOLS.a, 11));
      expect(report.verdict).toBe('invalid');
      expect(codes(report)).toEqual(['record_unsigned']);
    });
    it('rejects a seal of another school with cert_not_approved', async () => {
      const xml = await fx.sign(fx.unsigned(SCHOOLS.a, 12), 'school-b', 'CoSoGiaoDuc');
      expect(codes(await check(xml))).toEqual(['cert_not_approved']);
    });
  });

  describe('when a certificate is not good', () => {
    it('rejects a revoked teacher certificate with cert_revoked', async () => {
      const sealed = await fx.sign(fx.unsigned(SCHOOLS.a, 13), 'school-a', 'CoSoGiaoDuc');
      const xml = await fx.sign(sealed, 'teacher-revoked', 'GVCN');
      const report = await check(xml);
      expect(report.verdict).toBe('invalid');
      expect(report.signatures[1]!.revocation).toBe('revoked');
      expect(codes(report)).toEqual(['cert_revoked']);
      expect(report.signatures[0]!.verdict).toBe('valid');
    });
    it('rejects an untrusted CA with cert_untrusted', async () => {
      const xml = await fx.sign(fx.unsigned(SCHOOLS.a, 14), 'school-untrusted', 'CoSoGiaoDuc');
      // Nor is that certificate approved for the school: a second, real finding.
      expect(codes(await check(xml))).toEqual(['cert_untrusted', 'cert_not_approved']);
    });
    it('is indeterminate without a current CRL', async () => {
      const xml = await fx.signed(SCHOOLS.c, 15);
      const noCrl = prepareTrust({ ...fx.trustMaterial, crls: [] });
      const report = await verifyXml(Buffer.from(xml), { trust: noCrl, now: fx.now });
      expect(report.verdict).toBe('indeterminate');
      // Each signature's signer and issuing CA: four certificates with no CRL to answer for them.
      expect(codes(report)).toEqual(['revocation_unknown', 'revocation_unknown', 'revocation_unknown', 'revocation_unknown']);
    });
  });

  describe('when the input is hostile', () => {
    it('rejects a DOCTYPE with xml_doctype', async () => {
      const report = await check('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>');
      expect(codes(report)).toEqual(['xml_doctype']);
    });
    it('rejects a package that is not gzip with package_not_gzip', async () => {
      const { report } = await verifyInput(Buffer.from(Buffer.from('hello world, not gzip').toString('base64')), { trust: fx.trust, now: fx.now });
      expect(codes(report)).toEqual(['package_not_gzip']);
    });
  });
});
