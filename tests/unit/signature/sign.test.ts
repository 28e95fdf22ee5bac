// signRecord: one XAdES-BES signature per new CKS slot, existing bytes untouched, verifiable by us and by xadesjs.
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../api/pki/index.ts';
import { readEnvelope } from '../../../api/record/envelope.ts';
import { signRecord } from '../../../api/signature/index.ts';
import { childElements, descendants, parseXml } from '../../../api/xml/index.ts';
import { checkXml, codesOf, makePki, signAs, signerOf } from './support/check.ts';
import { sampleRecord } from './support/sample.ts';
import { xadesjsVerify } from './support/xadesjs.ts';

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
let pki: TestPki;
const entity = (name: string) => pki.entities[name]!;

beforeAll(async () => {
  pki = await makePki();
});

/** True when every byte of `before` is still in `after`, in order, with one inserted run. */
function keepsBytes(before: string, after: string): boolean {
  let start = 0;
  while (start < before.length && before[start] === after[start]) start++;
  return after.endsWith(before.slice(start)) && after.length > before.length;
}

function signatures(xml: string): Element[] {
  return readEnvelope(parseXml(xml).document).envelope!.signatures;
}

describe('signRecord', () => {
  describe('when the record has no DSCKS yet', () => {
    it('adds DSCKS as the last child of HocBaSo with one intact signature, keeping every existing byte', async () => {
      const xml = sampleRecord();
      const signed = await signAs(xml, entity('school-a'), 'CoSoGiaoDuc', { signingTime: new Date('2025-05-31T01:02:03.000Z') });
      expect(keepsBytes(xml, signed)).toBe(true);
      const { document } = parseXml(signed);
      const root = document.documentElement;
      const last = childElements(root, root.namespaceURI).at(-1)!;
      expect(last.localName).toBe('DSCKS');
      const [check] = await checkXml(signed);
      expect(check).toMatchObject({
        index: 1, role: 'CoSoGiaoDuc', integrity: 'intact', issues: [],
        signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
        digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
      });
      expect(check!.signingTime?.toISOString()).toBe('2025-05-31T01:02:03.000Z');
      expect(Buffer.from(check!.signer!).equals(new X509Certificate(entity('school-a').certPem).raw)).toBe(true);
      expect(check!.candidates).toHaveLength(2);
    });

    it('signs DuLieu by Id with only a c14n transform, and its own SignedProperties', async () => {
      const signed = await signAs(sampleRecord({ contentId: 'DuLieu-xyz' }), entity('school-a'), 'CoSoGiaoDuc');
      const signature = signatures(signed)[0]!;
      const references = [...descendants(signature)].filter((e) => e.namespaceURI === DSIG && e.localName === 'Reference');
      expect(references.map((r) => r.getAttribute('URI'))).toEqual(['#DuLieu-xyz', `#${signature.getAttribute('Id')}-SignedProperties`]);
      expect(references[1]!.getAttribute('Type')).toBe('http://uri.etsi.org/01903#SignedProperties');
      for (const reference of references) {
        const transforms = [...descendants(reference)].filter((e) => e.localName === 'Transform');
        expect(transforms.map((t) => t.getAttribute('Algorithm'))).toEqual(['http://www.w3.org/TR/2001/REC-xml-c14n-20010315']);
      }
    });
  });

  describe('when co-signing', () => {
    it('keeps the earlier signature valid and byte-identical, with Ids unique across the record', async () => {
      const once = await signAs(sampleRecord(), entity('school-a'), 'CoSoGiaoDuc');
      const twice = await signAs(once, entity('principal-a'), 'HieuTruong');
      const thrice = await signAs(twice, entity('school-a'), 'CoSoGiaoDuc');
      expect(keepsBytes(once, twice) && keepsBytes(twice, thrice)).toBe(true);
      const checks = await checkXml(thrice);
      expect(checks.map((c) => [c.index, c.role, c.integrity])).toEqual([
        [1, 'CoSoGiaoDuc', 'intact'], [2, 'HieuTruong', 'intact'], [3, 'CoSoGiaoDuc', 'intact'],
      ]);
      const ids = [...descendants(parseXml(thrice).document.documentElement)].map((e) => e.getAttribute('Id')).filter(Boolean);
      expect(new Set(ids).size).toBe(ids.length);
      expect(readEnvelope(parseXml(thrice).document).issues).toEqual([]);
    });
  });

  describe.each([
    ['ECDSA P-256', 'school-b', {}, 'ecdsa-sha256', 'xmlenc#sha256'],
    ['RSA 3072 with SHA-384', 'school-c', { digest: 'SHA-384' as const }, 'rsa-sha384', 'xmldsig-more#sha384'],
    ['exclusive c14n and SHA-512', 'school-a', { canonicalization: 'exc-c14n' as const, digest: 'SHA-512' as const }, 'rsa-sha512', 'xmlenc#sha512'],
  ])('when signing with %s', (_name, who, extra, method, digest) => {
    it('uses the matching algorithm URIs and verifies intact (ours and xadesjs)', async () => {
      const signed = await signAs(sampleRecord(), entity(who), 'GVCN', extra);
      const [check] = await checkXml(signed);
      expect(check!.integrity).toBe('intact');
      expect(check!.signatureAlgorithm).toBe(`http://www.w3.org/2001/04/xmldsig-more#${method}`);
      expect(check!.digestAlgorithm).toBe(`http://www.w3.org/2001/04/${digest}`);
      expect(await xadesjsVerify(signed, 1, entity(who).certPem)).toBe(true);
    });
  });

  it('writes into a prefixed record with its prefix, and into an empty <DSCKS/>', async () => {
    const prefixed = await signAs(sampleRecord({ prefix: 'h' }), entity('school-a'), 'CoSoGiaoDuc');
    expect(prefixed).toMatch(/<h:DSCKS>\s*<h:CKS><ds:Signature/);
    expect((await checkXml(prefixed))[0]!.integrity).toBe('intact');
    const empty = sampleRecord().replace('</HocBaSo>', '<DSCKS/></HocBaSo>');
    const filled = await signAs(empty, entity('school-a'), 'CoSoGiaoDuc');
    expect(filled).toMatch(/<DSCKS><CKS><ds:Signature[^]*<\/CKS><\/DSCKS><\/HocBaSo>/);
    expect((await checkXml(filled))[0]!.integrity).toBe('intact');
  });

  describe('when the signer cannot sign', () => {
    it.each([
      ['the key belongs to another certificate', () => signRecord(sampleRecord(), { ...signerOf(entity('school-a'), 'GVCN'), privateKeyPem: entity('school-b').keyPem }), 'signing_key_mismatch'],
      ['the role is not one of the four', () => signRecord(sampleRecord(), { ...signerOf(entity('school-a'), 'GVCN'), role: 'Admin' as 'GVCN' }), 'role_unknown'],
      ['the digest is not one of SHA-256/384/512', () => signAs(sampleRecord(), entity('school-a'), 'GVCN', { digest: 'SHA-1' as 'SHA-256' }), 'algorithm_unsupported'],
      ['the key is not PEM', () => signRecord(sampleRecord(), { ...signerOf(entity('school-a'), 'GVCN'), privateKeyPem: 'nope' }), 'signing_key_unreadable'],
      ['the record has no DuLieu', () => signAs(sampleRecord().replace(/<DuLieu[^]*<\/DuLieu>/, ''), entity('school-a'), 'GVCN'), 'envelope_content_missing'],
    ])('refuses when %s', async (_name, run, code) => {
      await expect(run()).rejects.toMatchObject({ code });
    });
  });

  it('still signs with an RSA 1024 key: its strength is judged by api/trust (key_too_weak)', async () => {
    const signed = await signAs(sampleRecord(), entity('school-weak'), 'GVCN');
    expect((await checkXml(signed)).map((c) => [c.integrity, codesOf(c)])).toEqual([['intact', []]]);
  });

  it('produces no issue codes on its own output for every role', async () => {
    let xml = sampleRecord();
    for (const role of ['CoSoGiaoDuc', 'HieuTruong', 'GVCN', 'GVBM'] as const) xml = await signAs(xml, entity('teacher-a'), role);
    expect((await checkXml(xml)).flatMap(codesOf)).toEqual([]);
  });
});
