// The Vietnamese XML-DSig profile (SPEC §7, docs/record-format.md §1.1): what our signer writes is what e-invoice tools
// write, it is intact for us and for xmlsec1 in every variant, and each profile-specific defence refuses with its code.
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { messageOf } from '../../../api/index.ts';
import { loadTestPki, type TestPki } from '../../../api/pki/index.ts';
import { readEnvelope } from '../../../api/record/envelope.ts';
import { childElements, descendants, parseXml } from '../../../api/xml/index.ts';
import { checkXml, codesOf, signAs } from './support/check.ts';
import { sampleRecord } from './support/sample.ts';
import { addSlot, URI, vnTemplate, type VnTemplateOptions } from './support/templates.ts';
import { xmlsecSign, xmlsecVerify } from './support/xmlsec.ts';

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const CONTENT_ID = 'DuLieu-0a1b2c3d';
const BASE = 'DSCKS/CKS[1]/Signature';
// The committed corpus PKI: its certificates are valid at the corpus time, which xmlsec1 is told.
let pki: TestPki;
const AT = ['--verification-gmt-time', '2026-06-01 00:00:00'];

beforeAll(() => {
  pki = loadTestPki('tests/fixtures/attacks/pki');
});

function signatureOf(xml: string, n = 1): Element {
  return readEnvelope(parseXml(xml).document).envelope!.signatures[n - 1]!;
}

function named(root: Element, local: string): Element[] {
  return [...descendants(root)].filter((element) => element.localName === local);
}

/** A record whose only signature xmlsec1 made from a profile template: the crypto is sound, only the shape varies. */
function xmlsecSigned(options: Partial<VnTemplateOptions>, signer = 'school-a'): string {
  const slot = vnTemplate({ id: 'Sig-1', contentId: CONTENT_ID, ...options });
  return xmlsecSign(addSlot(sampleRecord({ extra: '<HocSinhPhu Id="HS-1">x</HocSinhPhu>' }), slot), 1, pki.entities[signer]!);
}

function replaceOnce(xml: string, from: string | RegExp, to: string): string {
  const changed = xml.replace(from, to);
  expect(changed).not.toBe(xml);
  return changed;
}

describe('signRecord with profile vn-xmldsig', () => {
  it('writes the e-invoice shape: default XML-DSig namespace, enveloped + c14n on DuLieu, a signed Object of SigningTime and VaiTro', async () => {
    const signed = await signAs(sampleRecord(), pki.entities['school-a']!, 'CoSoGiaoDuc', {
      profile: 'vn-xmldsig', signingTime: new Date('2025-05-31T01:02:03.000Z'),
    });
    const signature = signatureOf(signed);
    const id = signature.getAttribute('Id')!;
    expect(signature.namespaceURI).toBe(DSIG);
    expect(signature.prefix).toBeNull();
    const references = named(signature, 'Reference');
    expect(references.map((r) => r.getAttribute('URI'))).toEqual([`#${CONTENT_ID}`, `#${id}-SignatureProperties`]);
    expect(references.map((r) => r.getAttribute('Type'))).toEqual([null, null]);
    expect(named(references[0]!, 'Transform').map((t) => t.getAttribute('Algorithm'))).toEqual([URI.enveloped, URI.c14n]);
    expect(named(references[1]!, 'Transform')).toEqual([]);
    expect(named(signature, 'QualifyingProperties')).toEqual([]);
    const [object] = childElements(signature, DSIG, 'Object');
    expect(object!.getAttribute('Id')).toBe(`${id}-SignatureProperties`);
    const properties = named(object!, 'SignatureProperty');
    expect(properties.map((p) => p.getAttribute('Target'))).toEqual([`#${id}`, `#${id}`]);
    // Vietnam local time without an offset, as the tools write it.
    expect(named(object!, 'SigningTime').map((e) => e.textContent)).toEqual(['2025-05-31T08:02:03']);
    const [role] = named(object!, 'VaiTro');
    expect([role!.namespaceURI, role!.textContent]).toEqual(['urn:hocba:hoc-ba-so:1', 'CoSoGiaoDuc']);
    expect(named(signature, 'X509SubjectName').map((e) => e.textContent)).toEqual([
      'CN=Trường Tiểu học Kim Đồng,UID=MST:0101234567,O=Trường Tiểu học Kim Đồng,ST=Hà Nội,C=VN',
    ]);

    const [check] = await checkXml(signed);
    expect(check).toMatchObject({ profile: 'vn-xmldsig', role: 'CoSoGiaoDuc', integrity: 'intact', issues: [] });
    expect(check!.signingTime?.toISOString()).toBe('2025-05-31T01:02:03.000Z');
    expect(Buffer.from(check!.signer!).equals(new X509Certificate(pki.entities['school-a']!.certPem).raw)).toBe(true);
  });

  describe.each([
    ['inclusive c14n', 'c14n' as const], ['exclusive c14n', 'exc-c14n' as const],
  ])('with %s', (_name, canonicalization) => {
    it.each([
      ['RSA school seal, enveloped transform', 'school-a', 'CoSoGiaoDuc', true],
      ['RSA school seal, no enveloped transform', 'school-a', 'CoSoGiaoDuc', false],
      ['ECDSA principal, enveloped transform', 'principal-b', 'HieuTruong', true],
      ['ECDSA principal, no enveloped transform', 'principal-b', 'HieuTruong', false],
    ] as const)('a %s is intact for us and for xmlsec1', async (_case, entity, role, enveloped) => {
      const signed = await signAs(sampleRecord(), pki.entities[entity]!, role, { profile: 'vn-xmldsig', canonicalization, envelopedTransform: enveloped });
      const transforms = named(named(signatureOf(signed), 'Reference')[0]!, 'Transform').map((t) => t.getAttribute('Algorithm'));
      const c14nUri = canonicalization === 'c14n' ? URI.c14n : URI.exc;
      expect(transforms).toEqual(enveloped ? [URI.enveloped, c14nUri] : [c14nUri]);
      const [check] = await checkXml(signed);
      expect(check).toMatchObject({ profile: 'vn-xmldsig', role, integrity: 'intact', issues: [] });
      expect(check!.signatureAlgorithm).toBe(entity === 'school-a' ? URI.rsaSha256 : URI.ecdsaSha256);
      const oracle = xmlsecVerify(signed, 1, pki, AT);
      expect(oracle.output).toContain('OK');
      expect(oracle.ok).toBe(true);
    });
  });

  it('co-signs beside XAdES-BES signatures on one record, every signature intact for us and for xmlsec1', async () => {
    const principal = await signAs(sampleRecord(), pki.entities['principal-a']!, 'HieuTruong', { profile: 'vn-xmldsig' });
    const seal = await signAs(principal, pki.entities['school-a']!, 'CoSoGiaoDuc');
    const teacher = await signAs(seal, pki.entities['teacher-a']!, 'GVCN', { profile: 'vn-xmldsig', canonicalization: 'exc-c14n' });
    expect(teacher.startsWith(seal.slice(0, seal.indexOf('</DSCKS>')))).toBe(true);
    const checks = await checkXml(teacher);
    expect(checks.map((c) => [c.profile, c.role, c.integrity, codesOf(c)])).toEqual([
      ['vn-xmldsig', 'HieuTruong', 'intact', []], ['xades-bes', 'CoSoGiaoDuc', 'intact', []], ['vn-xmldsig', 'GVCN', 'intact', []],
    ]);
    for (const n of [1, 2, 3]) expect(xmlsecVerify(teacher, n, pki, AT).ok).toBe(true);
  });
});

describe('verifySignatures on profile signatures other tools make (signed by xmlsec1)', () => {
  it.each<[string, Partial<VnTemplateOptions>]>([
    ['enveloped-signature alone on DuLieu (the implicit c14n)', { contentTransforms: `<Transforms><Transform Algorithm="${URI.enveloped}"/></Transforms>` }],
    ['no Transforms on DuLieu', { contentTransforms: '' }],
    ['enveloped + exclusive c14n, exclusive SignedInfo', { c14n: URI.exc }],
    ['the properties reference naming the SignatureProperties element', { propertiesUri: '#Sig-1-List' }],
    ['SHA-512 digests', { digest: URI.sha512, signatureMethod: URI.rsaSha512 }],
  ])('accepts %s', async (_name, options) => {
    const [check] = await checkXml(xmlsecSigned(options));
    expect(codesOf(check!)).toEqual([]);
    expect(check).toMatchObject({ profile: 'vn-xmldsig', role: 'CoSoGiaoDuc', integrity: 'intact' });
    expect(check!.signingTime?.toISOString()).toBe('2025-05-31T01:00:00.000Z');
  });

  describe('the role is covered by the signature, or the signature is refused', () => {
    it.each<[string, Partial<VnTemplateOptions>, string[], string]>([
      ['a VaiTro in a second Object no reference covers', { roleInUnsignedObject: true }, ['role_not_signed'], `${BASE}/Object/SignatureProperties/SignatureProperty/VaiTro`],
      ['a reference covering only the SigningTime property, VaiTro beside it', { propertiesUri: '#Sig-1-Time' }, ['role_not_signed'], `${BASE}/Object/SignatureProperties/SignatureProperty/VaiTro`],
      ['a VaiTro in a second, unsigned Object beside a signed one', {
        extraObjects: '<Object><SignatureProperties><SignatureProperty Target="#Sig-1"><VaiTro xmlns="urn:hocba:hoc-ba-so:1">HieuTruong</VaiTro></SignatureProperty></SignatureProperties></Object>',
      }, ['role_not_signed'], `${BASE}/Object/SignatureProperties/SignatureProperty/VaiTro`],
      ['no VaiTro at all', { role: null }, ['role_missing'], `${BASE}/Object/SignatureProperties/SignatureProperty/VaiTro`],
      ['a signed VaiTro in another namespace', { roleElement: '<VaiTro xmlns="urn:attacker">CoSoGiaoDuc</VaiTro>' }, ['role_missing'], `${BASE}/Object/SignatureProperties/SignatureProperty/VaiTro`],
      ['two signed VaiTro of different roles', {
        roleElement: '<VaiTro xmlns="urn:hocba:hoc-ba-so:1">CoSoGiaoDuc</VaiTro></SignatureProperty><SignatureProperty Target="#Sig-1"><VaiTro xmlns="urn:hocba:hoc-ba-so:1">HieuTruong</VaiTro>',
      }, ['role_ambiguous'], `${BASE}/Object/SignatureProperties/SignatureProperty/VaiTro`],
      ['an unknown role', { role: 'HieuPho' }, ['role_unknown'], `${BASE}/Object/SignatureProperties/SignatureProperty/VaiTro`],
    ])('refuses %s', async (_name, options, codes, path) => {
      const [check] = await checkXml(xmlsecSigned(options));
      expect(codesOf(check!)).toEqual(codes);
      expect(check!.issues[0]!.path).toBe(path);
      expect(check!.integrity).toBe('not_checked');
    });
  });

  it.each<[string, Partial<VnTemplateOptions>, string[], string]>([
    ['no reference to the Object (the signing time and role unsigned)', { propertiesUri: null }, ['signing_time_missing', 'role_not_signed'], `${BASE}/Object/SignatureProperties/SignatureProperty/SigningTime`],
    ['an enveloped transform on the properties reference', { propertiesTransforms: `<Transforms><Transform Algorithm="${URI.enveloped}"/></Transforms>` }, ['transform_refused', 'signing_time_missing', 'role_not_signed'], `${BASE}/SignedInfo/Reference[2]/Transforms`],
    ['an XPath transform on DuLieu', {
      contentTransforms: `<Transforms><Transform Algorithm="${URI.xpath}"><XPath>not(self::HocSinhPhu)</XPath></Transform><Transform Algorithm="${URI.c14n}"/></Transforms>`,
    }, ['transform_refused'], `${BASE}/SignedInfo/Reference[1]/Transforms`],
    ['a third reference to an element inside DuLieu', {
      extraReferences: `<Reference URI="#HS-1"><DigestMethod Algorithm="${URI.sha256}"/><DigestValue></DigestValue></Reference>`,
    }, ['reference_uri_refused'], `${BASE}/SignedInfo/Reference[3]`],
    ['no signing time', { signingTime: null }, ['signing_time_missing'], `${BASE}/Object/SignatureProperties/SignatureProperty/SigningTime`],
    ['a signing time that is no date', { signingTime: '31/05/2025 08:00' }, ['signing_time_invalid'], `${BASE}/Object/SignatureProperties/SignatureProperty/SigningTime`],
  ])('refuses %s', async (_name, options, codes, path) => {
    const [check] = await checkXml(xmlsecSigned(options));
    expect(codesOf(check!)).toEqual(codes);
    expect(check!.issues[0]!.path).toBe(path);
  });

  it('refuses rsa-sha1 with SHA-1 digests (as Vietnamese e-documents still carry) and names what to write instead', async () => {
    const [check] = await checkXml(xmlsecSigned({ signatureMethod: URI.rsaSha1, digest: URI.sha1 }));
    expect(codesOf(check!)).toEqual(['algorithm_refused', 'algorithm_refused', 'algorithm_refused']);
    expect(check!.issues.map((found) => found.params)).toEqual([
      { algorithm: URI.rsaSha1, replacement: URI.rsaSha256 },
      { algorithm: URI.sha1, replacement: URI.sha256 },
      { algorithm: URI.sha1, replacement: URI.sha256 },
    ]);
    expect(messageOf(check!.issues[0]!, 'vi')).toBe(
      `Chữ ký số dùng thuật toán ${URI.rsaSha1}: SHA-1 (và MD5) không còn được chấp nhận. Trong phần mềm ký của nhà trường, hãy thay ${URI.rsaSha1} bằng ${URI.rsaSha256} (SHA-256; với .NET SignedXml: SignedXml.XmlDsigRSASHA256Url và XmlDsigSHA256Url), rồi ký lại; chứng thư số không cần đổi.`.normalize('NFC'),
    );
    expect(messageOf(check!.issues[0]!, 'en')).toContain(`replace ${URI.rsaSha1} with ${URI.rsaSha256}`);
  });

  describe('when a profile signature was changed after signing', () => {
    it.each<[string, (xml: string) => string, string[]]>([
      ['the signed role rewritten', (xml) => replaceOnce(xml, '>CoSoGiaoDuc</VaiTro>', '>HieuTruong</VaiTro>'), ['digest_mismatch']],
      ['the signing time moved back a year', (xml) => replaceOnce(xml, '>2025-05-31T08:00:00<', '>2024-05-31T08:00:00<'), ['digest_mismatch']],
      ['a value in DuLieu', (xml) => replaceOnce(xml, 'Nguyễn Thị Ánh Tuyết', 'Nguyễn Thị Ánh Tuyến'), ['digest_mismatch']],
      ['the enveloped transform removed', (xml) => replaceOnce(xml, `<Transform Algorithm="${URI.enveloped}"/>`, ''), ['signature_invalid']],
      ['the first KeyInfo certificate swapped for another school\'s', (xml) => replaceOnce(xml, /<X509Certificate>[^<]+</, `<X509Certificate>${new X509Certificate(pki.entities['school-b']!.certPem).raw.toString('base64')}<`), ['signature_invalid']],
    ])('refuses %s', async (_name, tamper, codes) => {
      const [check] = await checkXml(tamper(xmlsecSigned({})));
      expect(codesOf(check!)).toEqual(codes);
      expect(check!.integrity).toBe('broken');
    });
  });

  it('reads a XAdES signature stripped of its QualifyingProperties as the profile, which still refuses it', async () => {
    const xades = await signAs(sampleRecord(), pki.entities['school-a']!, 'CoSoGiaoDuc');
    const [check] = await checkXml(replaceOnce(xades, /<ds:Object><xades:QualifyingProperties[\s\S]*<\/ds:Object>/, ''));
    expect(check!.profile).toBe('vn-xmldsig');
    expect(codesOf(check!)).toEqual(['reference_uri_refused', 'signing_time_missing', 'role_missing']);
  });
});
