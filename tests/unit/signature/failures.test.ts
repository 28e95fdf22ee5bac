// One failure per test, each with the exact codes: real signatures of bad shapes (signed by xmlsec1) and tampered ones.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../api/pki/index.ts';
import { MAX_SIGNATURES } from '../../../api/signature/index.ts';
import { checkXml, codesOf, makePki, signAs } from './support/check.ts';
import { sampleRecord } from './support/sample.ts';
import { addSlot, template, URI, type TemplateOptions } from './support/templates.ts';
import { xmlsecSign } from './support/xmlsec.ts';

const CONTENT_ID = 'DuLieu-0a1b2c3d';
const BASE = 'DSCKS/CKS[1]/Signature';
let pki: TestPki;
let signed: string;

beforeAll(async () => {
  pki = await makePki();
  signed = await signAs(sampleRecord(), pki.entities['school-a']!, 'CoSoGiaoDuc');
});

/** A record whose only signature xmlsec1 made from this template: the crypto is sound, only the shape is wrong. */
function xmlsecSigned(options: Partial<TemplateOptions>, record = sampleRecord({ extra: '<HocSinhPhu Id="HS-1">x</HocSinhPhu>' })): string {
  const signer = pki.entities['school-a']!;
  const slot = template({ id: 'Sig-1', contentId: CONTENT_ID, certificatePem: signer.certPem, ...options });
  return xmlsecSign(addSlot(record, slot), 1, signer);
}

function replaceOnce(xml: string, from: string | RegExp, to: string): string {
  const changed = xml.replace(from, to);
  expect(changed).not.toBe(xml);
  return changed;
}

describe('verifySignatures', () => {
  describe('when the signed content or the signature was changed', () => {
    it('rejects a tampered value in DuLieu with digest_mismatch on the content reference', async () => {
      const [check] = await checkXml(replaceOnce(signed, 'Nguyễn Thị Ánh Tuyết', 'Nguyễn Thị Ánh Tuyến'));
      expect(codesOf(check!)).toEqual(['digest_mismatch']);
      expect(check!.issues[0]!.path).toBe(`${BASE}/SignedInfo/Reference[1]`);
      expect(check!.integrity).toBe('broken');
    });

    it('rejects a tampered SignatureValue with signature_invalid', async () => {
      const at = signed.indexOf('<ds:SignatureValue>') + '<ds:SignatureValue>'.length;
      const [check] = await checkXml(`${signed.slice(0, at)}${signed[at] === 'A' ? 'B' : 'A'}${signed.slice(at + 1)}`);
      expect(codesOf(check!)).toEqual(['signature_invalid']);
      expect(check!.issues[0]!.path).toBe(`${BASE}/SignatureValue`);
      expect(check!.integrity).toBe('broken');
    });

    it('reads a DigestValue split by a comment whole, and does not read a digest hidden in a comment', async () => {
      const split = replaceOnce(signed, /<ds:DigestValue>(.{8})/, '<ds:DigestValue>$1<!-- ghi chú -->');
      expect((await checkXml(split)).map((c) => [c.integrity, codesOf(c)])).toEqual([['intact', []]]);
      const tampered = replaceOnce(signed, 'Nguyễn Thị Ánh Tuyết', 'Trần Văn B');
      const fresh = await signAs(sampleRecord().replace('Nguyễn Thị Ánh Tuyết', 'Trần Văn B'), pki.entities['school-a']!, 'CoSoGiaoDuc');
      const newDigest = /<ds:DigestValue>([^<]+)</.exec(fresh)![1]!;
      const hidden = replaceOnce(tampered, /<ds:DigestValue>/, `<ds:DigestValue><!--${newDigest}-->`);
      expect(codesOf((await checkXml(hidden))[0]!)).toEqual(['digest_mismatch']);
    });

    it('keeps a good signature intact next to a broken second one', async () => {
      const twice = await signAs(signed, pki.entities['teacher-a']!, 'GVCN');
      const at = twice.lastIndexOf('<xades:SigningTime>') + '<xades:SigningTime>'.length;
      const broken = `${twice.slice(0, at)}2020${twice.slice(at + 4)}`;
      const checks = await checkXml(broken);
      expect(checks.map((c) => [c.index, c.integrity, codesOf(c)])).toEqual([[1, 'intact', []], [2, 'broken', ['digest_mismatch']]]);
      expect(checks[1]!.issues[0]).toMatchObject({ signature: 2, path: 'DSCKS/CKS[2]/Signature/SignedInfo/Reference[2]' });
    });
  });

  it('checks at most MAX_SIGNATURES signatures and marks the rest too_many_signatures', async () => {
    const slot = /<CKS>[^]*<\/CKS>/.exec(signed)![0];
    const id = /Id="(CKS-[^"]+?)"/.exec(slot)![1]!;
    const copies = Array.from({ length: MAX_SIGNATURES }, (_, k) => slot.replaceAll(id, `${id}-${k}`)).join('');
    const checks = await checkXml(signed.replace('</CKS>', `</CKS>${copies}`));
    expect(checks).toHaveLength(MAX_SIGNATURES + 1);
    expect(checks[0]!.integrity).toBe('intact');
    expect(codesOf(checks[MAX_SIGNATURES]!)).toEqual(['too_many_signatures']);
    expect(checks[MAX_SIGNATURES]!.issues[0]!.path).toBe(`DSCKS/CKS[${MAX_SIGNATURES + 1}]`);
  });

  describe('when the signature has a refused shape', () => {
    it.each<[string, Partial<TemplateOptions>, string[], string]>([
      ['a SHA-1 signature', { signatureMethod: URI.rsaSha1, digest: URI.sha1 }, ['algorithm_refused', 'algorithm_refused', 'algorithm_refused'], 'SignedInfo/SignatureMethod'],
      ['a reference URI=""', { contentUri: '', contentTransforms: `<ds:Transforms><ds:Transform Algorithm="${URI.enveloped}"/></ds:Transforms>` }, ['reference_uri_refused', 'content_reference_missing'], 'SignedInfo/Reference[1]'],
      ['a reference to another element', { contentUri: '#HS-1' }, ['reference_uri_refused', 'content_reference_missing'], 'SignedInfo/Reference[1]'],
      ['an xpointer reference to DuLieu', { contentUri: `#xpointer(id('${CONTENT_ID}'))` }, ['reference_uri_refused', 'content_reference_missing'], 'SignedInfo/Reference[1]'],
      ['an XPath transform', {
        contentTransforms: `<ds:Transforms><ds:Transform Algorithm="${URI.xpath}"><ds:XPath>not(self::HocSinhPhu)</ds:XPath></ds:Transform><ds:Transform Algorithm="${URI.c14n}"/></ds:Transforms>`,
      }, ['transform_refused'], 'SignedInfo/Reference[1]/Transforms'],
      // Enveloped-signature is accepted only before the c14n (the Vietnamese profile's order; tests/unit/signature/vn-profile.test.ts).
      ['an enveloped transform followed by two c14n on DuLieu', {
        contentTransforms: `<ds:Transforms><ds:Transform Algorithm="${URI.enveloped}"/><ds:Transform Algorithm="${URI.exc}"/><ds:Transform Algorithm="${URI.c14n}"/></ds:Transforms>`,
      }, ['transform_refused'], 'SignedInfo/Reference[1]/Transforms'],
      ['two enveloped transforms on DuLieu', {
        contentTransforms: `<ds:Transforms><ds:Transform Algorithm="${URI.enveloped}"/><ds:Transform Algorithm="${URI.enveloped}"/><ds:Transform Algorithm="${URI.c14n}"/></ds:Transforms>`,
      }, ['transform_refused'], 'SignedInfo/Reference[1]/Transforms'],
      ['no SignedProperties reference', { omitPropertiesReference: true }, ['signed_properties_missing'], 'SignedInfo'],
      ['a CertDigest matching no KeyInfo certificate', { certDigestValue: Buffer.alloc(32, 7).toString('base64') }, ['signing_certificate_mismatch'],
        'Object/QualifyingProperties/SignedProperties/SignedSignatureProperties/SigningCertificateV2/Cert/CertDigest'],
      ['no signing time', { signingTime: null }, ['signing_time_missing'], 'Object/QualifyingProperties/SignedProperties/SignedSignatureProperties/SigningTime'],
      ['a signing time that is no date', { signingTime: '31/05/2025' }, ['signing_time_invalid'], 'Object/QualifyingProperties/SignedProperties/SignedSignatureProperties/SigningTime'],
      ['no role', { role: null }, ['role_missing'], 'Object/QualifyingProperties/SignedProperties/SignedSignatureProperties/SignerRole'],
      ['an unknown role', { role: 'HieuPho' }, ['role_unknown'], 'Object/QualifyingProperties/SignedProperties/SignedSignatureProperties/SignerRole'],
      ['a second reference to DuLieu', { extraReferences: `<ds:Reference URI="#${CONTENT_ID}"><ds:DigestMethod Algorithm="${URI.sha256}"/><ds:DigestValue></ds:DigestValue></ds:Reference>` },
        ['reference_uri_refused'], 'SignedInfo/Reference[3]'],
    ])('refuses %s', async (_name, options, codes, path) => {
      const [check] = await checkXml(xmlsecSigned(options));
      expect(codesOf(check!)).toEqual(codes);
      expect(check!.issues[0]!.path).toBe(`${BASE}/${path}`);
      expect(check!.integrity).not.toBe('intact');
    });
  });
});
