// Ingest warns when the content names someone for a role who did not sign it (issue 10 item 3, SPEC §7):
// a warning the school may judge (a deputy may sign lawfully), never a refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { decodePackage, encodePackage } from '../../../api/index.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { SCHOOLS } from '../../helpers/signed-records.ts';
import { BEFORE_LOCK, makeRegistryFixtures, openRegistryFixture, SCHOOL_A, type Fixture } from './setup.ts';

const pki = await makeRegistryFixtures();

describe.each(databasesUnderTest())('signer warnings at ingest on $name', ({ open }) => {
  let database: Database;
  let fx: Fixture;
  beforeAll(async () => ({ database, fx } = await openRegistryFixture(open, pki)));
  afterAll(() => database?.close());

  it('accepts a record whose homeroom teacher named in the content is not the GVCN signer, and stores signer_not_named', async () => {
    const pkg = await pki.packaged(SCHOOLS.a, 41);
    const named = /<GiaoVienChuNhiem>\s*<HoTen>([^<]+)<\/HoTen>/.exec(decodePackage(pkg).toString('utf8'))![1]!;
    const [result] = await fx.registry.submitPackages(SCHOOL_A, [pkg], BEFORE_LOCK);
    expect(result!.status).toBe('accepted');
    const view = await fx.registry.getRecord(result!.lookupCode!);
    expect(view!.report.warnings.filter((found) => found.code === 'signer_not_named')).toEqual([{
      code: 'signer_not_named', severity: 'warning', path: 'XacNhan/GiaoVienChuNhiem',
      params: { role: 'GVCN', named, signer: 'Trần Minh Đức' },
    }]);
  });

  it('does not warn when the signer is the person the content names', async () => {
    const xml = pki.unsigned(SCHOOLS.a, 42).replace(/(<GiaoVienChuNhiem>\s*<HoTen>)[^<]+(<\/HoTen>)/, '$1TRẦN MINH ĐỨC$2');
    const signed = await pki.sign(await pki.sign(xml, SCHOOLS.a.seal, 'CoSoGiaoDuc'), SCHOOLS.a.teacher, 'GVCN');
    const [result] = await fx.registry.submitPackages(SCHOOL_A, [encodePackage(signed)], BEFORE_LOCK);
    expect(result!.status).toBe('accepted');
    const view = await fx.registry.getRecord(result!.lookupCode!);
    expect(view!.report.warnings.map((found) => found.code)).not.toContain('signer_not_named');
  });
});
