// Each xadesjs/XMLDSig trap of STACK.md, and the classic wrapping tricks, with a test proving we are not caught by it.
import { readdirSync, readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import * as xadesjs from 'xadesjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PkiEntity, TestPki } from '../../../api/pki/index.ts';
import { readEnvelope } from '../../../api/record/envelope.ts';
import { parseXml } from '../../../api/xml/index.ts';
import { checkXml, codesOf, makePki, signAs } from './support/check.ts';
import { sampleRecord } from './support/sample.ts';
import { addSlot, template, URI, type TemplateOptions } from './support/templates.ts';
import './support/xadesjs.ts';
import { xmlsecSign } from './support/xmlsec.ts';

const CONTENT_ID = 'DuLieu-0a1b2c3d';
let pki: TestPki;
let signed: string;
const entity = (name: string) => pki.entities[name]!;
const base64Of = (pem: string) => new X509Certificate(pem).raw.toString('base64');

beforeAll(async () => {
  pki = await makePki();
  signed = await signAs(sampleRecord(), entity('school-a'), 'CoSoGiaoDuc');
});

/** Appends a signature made by xmlsec1 with `signer`'s key from a template (the claims in it are the template's). */
function appendXmlsec(xml: string, signer: PkiEntity, options: Partial<TemplateOptions> & { certificatePem: string }): string {
  const withSlot = addSlot(xml, template({ id: 'Sig-2', contentId: CONTENT_ID, ...options }));
  return xmlsecSign(withSlot, readEnvelope(parseXml(withSlot).document).envelope!.signatures.length, signer);
}

describe('STACK.md traps', () => {
  it('never uses the xadesjs calls that hang, trust any key or parse leniently', () => {
    const folder = new URL('../../../api/signature/', import.meta.url);
    for (const file of readdirSync(folder)) {
      const source = readFileSync(new URL(file, folder), 'utf8');
      expect(source, file).not.toMatch(/\.VerifySigningCertificate\(|from 'xadesjs'|from 'xmldsigjs'|DOMParser|\.Verify\(/);
    }
  });

  it('lets our parser refuse what the lenient xadesjs Parse() accepts', () => {
    const text = '<HocBaSo xmlns="urn:hocba:hoc-ba-so:1">&nbsp;</HocBaSo>';
    expect(() => xadesjs.Parse(text)).not.toThrow();
    expect(() => parseXml(text)).toThrow(expect.objectContaining({ code: 'xml_malformed' }));
  });

  describe('when a signature names a certificate KeyInfo does not hold', () => {
    it('answers signing_certificate_mismatch (xadesjs VerifySigningCertificate would loop forever: the test would time out)', async () => {
      const xml = appendXmlsec(signed, entity('teacher-a'), { certificatePem: entity('teacher-a').certPem, certDigestValue: Buffer.alloc(32, 1).toString('base64') });
      const checks = await checkXml(xml);
      expect(checks.map((c) => [c.integrity, codesOf(c)])).toEqual([['intact', []], ['not_checked', ['signing_certificate_mismatch']]]);
    });
  });

  describe('when an attacker adds a second signature with their own key', () => {
    it('checks it with the key of the certificate the CertDigest names, not any KeyInfo key (xadesjs Verify() without a key says valid)', async () => {
      const attacker = entity('school-untrusted');
      // KeyInfo is not signed: the attacker adds the school's certificate next to their own.
      const made = appendXmlsec(signed, attacker, { certificatePem: entity('school-a').certPem, role: 'HieuTruong' });
      const at = made.lastIndexOf('<ds:X509Data>') + '<ds:X509Data>'.length;
      const forged = `${made.slice(0, at)}<ds:X509Certificate>${base64Of(entity('school-a').certPem)}</ds:X509Certificate>${made.slice(at)}`;
      parseXml(forged);
      const document = new DOMParser().parseFromString(forged, 'text/xml') as unknown as Document;
      const element = readEnvelope(document).envelope!.signatures[1]!;
      const theirs = new xadesjs.SignedXml(document);
      theirs.LoadXml(element);
      expect(await theirs.Verify()).toBe(true);
      const [, check] = await checkXml(forged);
      expect([check!.integrity, codesOf(check!)]).toEqual(['broken', ['signature_invalid']]);
      expect(Buffer.from(check!.signer!).toString('base64')).toBe(base64Of(entity('school-a').certPem));
    });

    it('refuses a CertDigest of the school certificate when KeyInfo holds only the attacker certificate', async () => {
      const forged = appendXmlsec(signed, entity('school-untrusted'), { certificatePem: entity('school-a').certPem });
      const [, check] = await checkXml(forged);
      expect(codesOf(check!)).toEqual(['signing_certificate_mismatch']);
    });

    it('reports the attacker certificate as the signer of an honest attacker signature (the trust check then refuses it)', async () => {
      const attacker = entity('school-untrusted');
      const [, check] = await checkXml(appendXmlsec(signed, attacker, { certificatePem: attacker.certPem }));
      expect(check!.integrity).toBe('intact');
      expect(Buffer.from(check!.signer!).toString('base64')).toBe(base64Of(attacker.certPem));
    });
  });

  describe('when a signature tries to wrap or cover something else', () => {
    it('refuses a signature that signs another signature\'s SignedProperties instead of its own', async () => {
      const firstProperties = /Id="([^"]+-SignedProperties)"/.exec(signed)![1]!;
      const xml = appendXmlsec(signed, entity('teacher-a'), { certificatePem: entity('teacher-a').certPem, omitPropertiesReference: true,
        extraReferences: `<ds:Reference Type="${URI.signedProperties}" URI="#${firstProperties}"><ds:DigestMethod Algorithm="${URI.sha256}"/><ds:DigestValue></ds:DigestValue></ds:Reference>` });
      const [first, second] = await checkXml(xml);
      expect(first!.integrity).toBe('intact');
      expect(codesOf(second!)).toEqual(['reference_uri_refused', 'signed_properties_missing']);
    });

    it('refuses QualifyingProperties that target another signature', async () => {
      const xml = appendXmlsec(signed, entity('teacher-a'), { certificatePem: entity('teacher-a').certPem })
        .replace('Target="#Sig-2"', 'Target="#Sig-1"');
      expect(codesOf((await checkXml(xml))[1]!)).toEqual(['signed_properties_target']);
    });

    it('refuses two SignedInfo elements (CVE-2025-29774) as malformed before any crypto', async () => {
      const xml = signed.replace(/(<ds:SignedInfo>[^]*<\/ds:SignedInfo>)/, '$1$1');
      const [check] = await checkXml(xml);
      expect([check!.integrity, codesOf(check!)]).toEqual(['not_checked', ['signature_malformed']]);
      expect(check!.issues[0]!.path).toBe('DSCKS/CKS[1]/Signature/SignedInfo');
    });

    it('treats Algorithm="constructor" as unsupported instead of reaching an object prototype', async () => {
      const xml = signed.replace(/(<ds:Reference URI[^>]*>[^]*?<ds:DigestMethod Algorithm=")[^"]+/, '$1constructor');
      const [check] = await checkXml(xml);
      expect(codesOf(check!)).toEqual(['algorithm_unsupported', 'signature_invalid']);
    });
  });

  describe('when the signer certificate does not fit the signature', () => {
    it('refuses a SignatureMethod that does not fit the signer key with signature_invalid', async () => {
      const ecdsa = await signAs(sampleRecord(), entity('school-b'), 'CoSoGiaoDuc');
      const [check] = await checkXml(ecdsa.replace('xmldsig-more#ecdsa-sha256', 'xmldsig-more#rsa-sha256'));
      expect(codesOf(check!)).toEqual(['signature_invalid']);
      expect(check!.issues[0]!.path).toBe('DSCKS/CKS[1]/Signature/SignedInfo/SignatureMethod');
    });

    it('refuses a V1 IssuerSerial whose serial number is not the certificate\'s', async () => {
      const xml = appendXmlsec(signed, entity('teacher-a'), { certificatePem: entity('teacher-a').certPem, certV1Digest: URI.sha256 })
        .replace(/<ds:X509SerialNumber>\d+/, '<ds:X509SerialNumber>12345');
      // IssuerSerial is signed: the edit also breaks the SignedProperties digest.
      expect(codesOf((await checkXml(xml))[1]!)).toEqual(['signing_certificate_mismatch', 'digest_mismatch']);
    });
  });
});
