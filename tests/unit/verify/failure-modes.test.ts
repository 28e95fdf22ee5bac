// One fixture per failure mode, named by what it proves, each with the exact codes the engine must give (in report
// order: document issues, then each signature's), so an extra or a lost finding fails too.
import { gzipSync } from 'node:zlib';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodePackage, prepareTrust, verifyInput, type PreparedTrust, type Report } from '../../../api/index.ts';
import { makeFixtures, SCHOOLS, testTrustMaterial, type Fixtures } from '../../helpers/signed-records.ts';
import { addSlot, template, URI } from '../signature/support/templates.ts';
import { xmlsecSign } from '../signature/support/xmlsec.ts';

let fx: Fixtures;
let trust: PreparedTrust;
const dir = join('test-results', 'failure-fixtures');
// The defective seal certificates are approved for school A too, so each fixture shows its one defect alone
// (an approval never excuses it) and not also cert_not_approved.
const DEFECTIVE_SEALS = ['school-expired', 'school-not-yet-valid', 'school-untrusted', 'school-weak', 'school-no-signing-usage'];
beforeAll(async () => {
  fx = await makeFixtures();
  trust = prepareTrust(testTrustMaterial(fx.pki, [
    ...Object.values(SCHOOLS).map((school) => [school.code, fx.pem(school.seal)] as const),
    ...DEFECTIVE_SEALS.map((entity) => [SCHOOLS.a.code, fx.pem(entity)] as const),
  ]));
  mkdirSync(dir, { recursive: true });
});

const seal = (xml: string, entity = 'school-a') => fx.sign(xml, entity, 'CoSoGiaoDuc');
const good = () => fx.signed(SCHOOLS.a, 101);

function contentIdOf(xml: string): string {
  return /<DuLieu Id="([^"]+)"/.exec(xml)![1]!;
}

function xmlsecSigned(xml: string, entity: string, algorithms: { signatureMethod?: string; digest?: string }): string {
  const signer = fx.pki.entities[entity]!;
  const slot = template({
    id: `S-${entity}`, contentId: contentIdOf(xml), certificatePem: signer.certPem, ...algorithms,
    signingTime: new Date(fx.now.getTime() - 60_000).toISOString(),
  });
  return xmlsecSign(addSlot(xml, slot), 1, signer);
}

const FIXTURES: Array<[file: string, expected: readonly string[], build: () => Promise<string | Buffer>]> = [
  ['tampered-value.xml', ['digest_mismatch', 'digest_mismatch'], async () => (await good()).replace(/<HoTen>[^<]+</, '<HoTen>Trần Văn Sửa<')],
  ['wrapped-signature.xml', ['envelope_duplicate_id', 'envelope_content_duplicate'], async () => {
    // XSW: the signed DuLieu moved into the signature's ds:Object, a forged one in its place.
    const xml = await good();
    const signed = /<DuLieu [\s\S]*?<\/DuLieu>/.exec(xml)![0];
    const forged = signed.replace(/<HoTen>[^<]+</, '<HoTen>Kẻ Mạo Danh<');
    return xml.replace(signed, forged).replace('</ds:Signature>', `<ds:Object>${signed.replace('<DuLieu ', `<DuLieu xmlns="urn:hocba:hoc-ba-so:1" `)}</ds:Object></ds:Signature>`);
  }],
  ['duplicate-ids.xml', ['envelope_duplicate_id'], async () => {
    const xml = await good();
    return xml.replace('<DSCKS>', `<DSCKS><CKS><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="${contentIdOf(xml)}"/></CKS>`);
  }],
  ['broken-second-signature.xml', ['signature_invalid'], async () => {
    const xml = await good();
    const values = [...xml.matchAll(/<ds:SignatureValue>([^<]+)</g)];
    const second = values[1]!;
    const flipped = second[1]!.startsWith('A') ? `B${second[1]!.slice(1)}` : `A${second[1]!.slice(1)}`;
    return xml.slice(0, second.index) + `<ds:SignatureValue>${flipped}<` + xml.slice(second.index! + second[0].length);
  }],
  ['no-school-seal.xml', ['school_seal_missing'], async () => fx.sign(fx.unsigned(SCHOOLS.a, 102), 'teacher-a', 'GVCN')],
  ['unsigned.xml', ['record_unsigned'], async () => fx.unsigned(SCHOOLS.a, 103)],
  ['sha1-signature.xml', ['algorithm_refused', 'algorithm_refused', 'algorithm_refused'], async () => xmlsecSigned(fx.unsigned(SCHOOLS.a, 104), 'school-a', { signatureMethod: URI.rsaSha1, digest: URI.sha1 })],
  ['expired-at-signing.xml', ['cert_expired_at_signing'], async () => seal(fx.unsigned(SCHOOLS.a, 105), 'school-expired')],
  ['not-yet-valid-at-signing.xml', ['cert_not_yet_valid_at_signing'], async () => seal(fx.unsigned(SCHOOLS.a, 106), 'school-not-yet-valid')],
  ['revoked-signer.xml', ['cert_revoked'], async () => fx.sign(await seal(fx.unsigned(SCHOOLS.a, 107)), 'teacher-revoked', 'GVCN')],
  ['untrusted-ca.xml', ['cert_untrusted'], async () => seal(fx.unsigned(SCHOOLS.a, 108), 'school-untrusted')],
  // Our own signer refuses a 1024-bit key, so xmlsec1 makes this one.
  ['weak-key.xml', ['key_too_weak'], async () => xmlsecSigned(fx.unsigned(SCHOOLS.a, 109), 'school-weak', {})],
  ['wrong-key-usage.xml', ['cert_key_usage'], async () => seal(fx.unsigned(SCHOOLS.a, 110), 'school-no-signing-usage')],
  ['seal-of-another-school.xml', ['cert_not_approved'], async () => seal(fx.unsigned(SCHOOLS.a, 111), 'school-b')],
  ['doctype-xxe.xml', ['xml_doctype'], async () => '<?xml version="1.0"?>\n<!DOCTYPE HocBaSo [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<HocBaSo xmlns="urn:hocba:hoc-ba-so:1">&x;</HocBaSo>'],
  ['entity-bomb.xml', ['xml_doctype'], async () => `<?xml version="1.0"?>\n<!DOCTYPE l [${Array.from({ length: 9 }, (_, i) => `<!ENTITY e${i + 1} "${`&e${i};`.repeat(10)}">`).join('').replace('&e0;'.repeat(10), 'ha')}]>\n<l>&e9;</l>`],
  ['not-xml.xml', ['xml_malformed'], async () => '<HocBaSo xmlns="urn:hocba:hoc-ba-so:1"><DuLieu Id="x">'],
  ['gzip-bomb.b64', ['package_bomb'], async () => Buffer.from(gzipSync(Buffer.alloc(256 * 1024 * 1024), { level: 9 }).toString('base64'))],
  ['truncated-gzip.b64', ['package_truncated'], async () => {
    const gz = gzipSync(Buffer.from(await good()));
    return Buffer.from(gz.subarray(0, gz.length - 300).toString('base64'));
  }],
  ['junk-in-base64.b64', ['package_not_base64'], async () => Buffer.from(encodePackage(await good()).replace(/^(.{40})/, '$1<script>'))],
];

function codes(report: Report): string[] {
  return [...report.issues, ...report.signatures.flatMap((signature) => signature.issues)].map((found) => found.code);
}

describe('failure fixtures', () => {
  it('a good record is valid (the fixtures differ from it by one defect)', async () => {
    const { report } = await verifyInput(Buffer.from(await good()), { trust, now: fx.now });
    expect(codes(report)).toEqual([]);
  });

  describe.each(FIXTURES)('%s', (file, expected, build) => {
    it(`is refused with exactly ${expected.join(', ')}`, async () => {
      const path = join(dir, file);
      writeFileSync(path, await build());
      const { report } = await verifyInput(readFileSync(path), { trust, now: fx.now });
      expect(report.verdict).toBe('invalid');
      expect(codes(report)).toEqual(expected);
    });
  });
});
