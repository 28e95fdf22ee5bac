import { describe, expect, it } from 'vitest';
import { readEnvelope } from '../../../api/record/envelope.ts';
import { parseXml } from '../../../api/xml/index.ts';

const NS = 'urn:hocba:hoc-ba-so:1';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const sig = `<ds:Signature xmlns:ds="${DS}" Id="S1"><ds:SignedInfo/></ds:Signature>`;

function codes(xml: string): string[] {
  return readEnvelope(parseXml(xml).document).issues.map((found) => found.code);
}

describe('readEnvelope', () => {
  it('finds the content, its Id and the signatures of each slot', () => {
    const xml = `<HocBaSo xmlns="${NS}" PhienBan="1.0"><DuLieu Id="D1"><HoTen>An</HoTen></DuLieu><DSCKS><CKS>${sig}</CKS></DSCKS></HocBaSo>`;
    const { envelope } = readEnvelope(parseXml(xml).document);
    expect(envelope?.contentId).toBe('D1');
    expect(envelope?.signatures).toHaveLength(1);
  });

  it('accepts an unsigned record without DSCKS', () => {
    expect(codes(`<HocBaSo xmlns="${NS}" PhienBan="1.0"><DuLieu Id="D1"/></HocBaSo>`)).toEqual([]);
  });

  describe('when the envelope is not ours', () => {
    it('rejects another root with envelope_root', () => {
      expect(codes('<HocBa xmlns="urn:other"><DuLieu Id="D1"/></HocBa>')).toEqual(['envelope_root']);
    });
    it('rejects an unknown version with envelope_version', () => {
      expect(codes(`<HocBaSo xmlns="${NS}" PhienBan="9.9"><DuLieu Id="D1"/></HocBaSo>`)).toEqual(['envelope_version']);
    });
    it('rejects a DuLieu without Id with envelope_content_missing', () => {
      expect(codes(`<HocBaSo xmlns="${NS}" PhienBan="1.0"><DuLieu/></HocBaSo>`)).toEqual(['envelope_content_missing']);
    });
  });

  describe('when the document is shaped for signature wrapping', () => {
    it('rejects a second DuLieu under the root', () => {
      const xml = `<HocBaSo xmlns="${NS}" PhienBan="1.0"><DuLieu Id="D1"/><DuLieu Id="D2"/></HocBaSo>`;
      expect(codes(xml)).toEqual(['envelope_content_duplicate']);
    });
    it('rejects the signed DuLieu moved inside a signature with a forged one in its place', () => {
      const moved = `<ds:Signature xmlns:ds="${DS}"><ds:Object><DuLieu xmlns="${NS}" Id="D0"/></ds:Object></ds:Signature>`;
      const xml = `<HocBaSo xmlns="${NS}" PhienBan="1.0"><DuLieu Id="D1"/><DSCKS><CKS>${moved}</CKS></DSCKS></HocBaSo>`;
      expect(codes(xml)).toEqual(['envelope_content_duplicate']);
    });
    it('rejects duplicate Ids anywhere with envelope_duplicate_id', () => {
      const xml = `<HocBaSo xmlns="${NS}" PhienBan="1.0"><DuLieu Id="D1"><X Id="D1"/></DuLieu></HocBaSo>`;
      expect(codes(xml)).toEqual(['envelope_duplicate_id']);
    });
    it('rejects a signature outside a CKS slot', () => {
      const xml = `<HocBaSo xmlns="${NS}" PhienBan="1.0"><DuLieu Id="D1">${sig}</DuLieu></HocBaSo>`;
      expect(codes(xml)).toEqual(['envelope_signature_outside_slot']);
    });
    it('rejects foreign elements under the root and in DSCKS', () => {
      const xml = `<HocBaSo xmlns="${NS}" PhienBan="1.0"><DuLieu Id="D1"/><Extra/><DSCKS><Other/></DSCKS></HocBaSo>`;
      expect(codes(xml)).toEqual(['envelope_unexpected_element', 'envelope_unexpected_element']);
    });
    it('rejects a slot holding two signatures with envelope_slot_content', () => {
      const two = sig + sig.replace('S1', 'S2');
      const xml = `<HocBaSo xmlns="${NS}" PhienBan="1.0"><DuLieu Id="D1"/><DSCKS><CKS>${two}</CKS></DSCKS></HocBaSo>`;
      expect(codes(xml)).toEqual(['envelope_slot_content']);
    });
  });

  describe('when something other than whitespace sits outside DuLieu and the signatures', () => {
    const issuesOf = (xml: string) => readEnvelope(parseXml(xml).document).issues.map(({ code, path, params }) => ({ code, path, params }));
    const wrap = (root: string, inside: string, after = '') => `${root}<DuLieu Id="D1"/>${inside}</HocBaSo>${after}`;
    const ROOT = `<HocBaSo xmlns="${NS}" PhienBan="1.0">`;

    it.each([
      ['a trailing comment holding a certificate', wrap(ROOT, `<DSCKS><CKS>${sig}</CKS></DSCKS>`, '\n<!-- MIIB...certificate... -->\n'), '/', '#comment'],
      ['a comment before the root', `<!-- ghi chú -->${wrap(ROOT, '')}`, '/', '#comment'],
      ['a comment in the root', wrap(ROOT, '<!-- x -->'), 'HocBaSo', '#comment'],
      ['text in the root', wrap(ROOT, 'Học sinh giỏi'), 'HocBaSo', '#text'],
      ['CDATA in the root, even blank', wrap(ROOT, '<![CDATA[ ]]>'), 'HocBaSo', '#cdata-section'],
      ['text in DSCKS', wrap(ROOT, `<DSCKS>x<CKS>${sig}</CKS></DSCKS>`), 'HocBaSo/DSCKS', '#text'],
      ['a comment in a CKS slot', wrap(ROOT, `<DSCKS><CKS><!--c-->${sig}</CKS></DSCKS>`), 'HocBaSo/DSCKS/CKS', '#comment'],
    ])('refuses %s with envelope_unexpected_content', (_name, xml, path, found) => {
      expect(issuesOf(xml)).toEqual([{ code: 'envelope_unexpected_content', path, params: { found } }]);
    });

    it.each([
      ['an xml:lang on the root', `<HocBaSo xmlns="${NS}" PhienBan="1.0" xml:lang="vi">`, 'HocBaSo', 'xml:lang'],
      ['a foreign attribute on the root', `<HocBaSo xmlns="${NS}" xmlns:x="urn:x" PhienBan="1.0" x:y="1">`, 'HocBaSo', 'x:y'],
    ])('refuses %s with envelope_unexpected_attribute', (_name, root, path, found) => {
      expect(issuesOf(wrap(root, ''))).toEqual([{ code: 'envelope_unexpected_attribute', path, params: { found } }]);
    });

    it('refuses an attribute on DSCKS or CKS', () => {
      expect(issuesOf(wrap(ROOT, `<DSCKS Id="L"><CKS loai="x">${sig}</CKS></DSCKS>`))).toEqual([
        { code: 'envelope_unexpected_attribute', path: 'HocBaSo/DSCKS', params: { found: 'Id' } },
        { code: 'envelope_unexpected_attribute', path: 'HocBaSo/DSCKS/CKS', params: { found: 'loai' } },
      ]);
    });

    it('accepts whitespace, line breaks and namespace declarations anywhere in the envelope', () => {
      const xml = `\n${ROOT.replace('>', ' xmlns:ds="http://www.w3.org/2000/09/xmldsig#">')}\n  <DuLieu Id="D1"/>\n  <DSCKS xmlns:x="urn:x">\n    <CKS>${sig}</CKS>\n  </DSCKS>\n</HocBaSo>\n`;
      expect(issuesOf(xml)).toEqual([]);
    });

    it('refuses an xml:id equal to the DuLieu Id, saying where', () => {
      const xml = wrap(ROOT, `<DSCKS><CKS>${sig.replace('<ds:SignedInfo/>', '<ds:KeyInfo xml:id="D1"/>')}</CKS></DSCKS>`);
      expect(issuesOf(xml)).toEqual([
        { code: 'envelope_duplicate_id', path: undefined, params: { id: 'D1', attribute: 'xml:id', path: 'HocBaSo/DSCKS/CKS/Signature/KeyInfo' } },
      ]);
    });
  });
});
