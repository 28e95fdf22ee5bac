// Parser parity with libxml2 (the parser of xmlsec1, which the bundle tells people to run): each document libxml2
// refuses to parse or to canonicalise, or on which xmlsec1 fails, we refuse too, with a precise code; and the
// near misses libxml2 accepts, we accept.
import { XmlC14NMode, XmlDocument } from 'libxml2-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { HocbaError } from '../../../api/errors.ts';
import { readEnvelope } from '../../../api/record/envelope.ts';
import { DEFAULT_XML_LIMITS, parseXml } from '../../../api/xml/index.ts';
import type { TestPki } from '../../../api/pki/index.ts';
import { makePki, signAs } from '../signature/support/check.ts';
import { sampleRecord } from '../signature/support/sample.ts';
import { hasXmlsec, xmlsecVerify } from '../signature/support/xmlsec.ts';

const BOM = '\uFEFF';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** What libxml2 says: null when it parses and canonicalises (inclusive and exclusive) the document, else why not. */
function libxml2Refusal(bytes: Uint8Array): string | null {
  let document: XmlDocument;
  try {
    document = XmlDocument.fromBuffer(bytes);
  } catch (error) {
    return `parse: ${(error as Error).message.trim()}`;
  }
  try {
    document.root.canonicalizeToString({ mode: XmlC14NMode.XML_C14N_1_0 });
    document.root.canonicalizeToString({ mode: XmlC14NMode.XML_C14N_EXCLUSIVE_1_0 });
    return null;
  } catch (error) {
    return `c14n: ${(error as Error).message.trim()}`;
  } finally {
    document.dispose();
  }
}

/** Our parser's code for the document, or null when it accepts it. */
function ourRefusal(bytes: Uint8Array): string | null {
  try {
    parseXml(bytes);
    return null;
  } catch (error) {
    if (error instanceof HocbaError) return error.code;
    throw error;
  }
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('parseXml against libxml2', () => {
  describe('when libxml2 refuses the document', () => {
    it.each([
      ['two BOMs before the XML declaration', `${BOM}${BOM}${DECLARATION}<a/>`, 'xml_byte_order_mark'],
      ['two BOMs and no declaration', `${BOM}${BOM}<a/>`, 'xml_byte_order_mark'],
      ['a relative default namespace URI', '<a xmlns="foo"/>', 'xml_namespace_not_absolute'],
      ['a relative prefixed namespace URI (Santuario relative-ns-behaviour)', '<a xmlns:p="../x"><p:b/></a>', 'xml_namespace_not_absolute'],
      ['a fragment-only namespace URI', '<a xmlns:p="#frag"><p:b/></a>', 'xml_namespace_not_absolute'],
      ['a namespace URI with a space', '<a xmlns="urn:x y"/>', 'xml_namespace_not_absolute'],
      ['a namespace URI with a non-ASCII letter', '<a xmlns="urn:ä"/>', 'xml_namespace_not_absolute'],
      ['a namespace URI with a bad percent escape', '<a xmlns="http://x/%zz"/>', 'xml_namespace_not_absolute'],
      ['a namespace URI whose scheme starts with a digit', '<a xmlns="1a:b"/>', 'xml_namespace_not_absolute'],
      ['a namespace URI with brackets outside an IP literal', '<a xmlns="http://a/[x]"/>', 'xml_namespace_not_absolute'],
      ['two elements with the same xml:id', '<a><b xml:id="x"/><c xml:id="x"/></a>', 'xml_id_duplicate'],
      ['an xml:id that is not an NCName', '<a><b xml:id="1x"/></a>', 'xml_id_invalid'],
      ['an xml:id with a colon', '<a><b xml:id="p:x"/></a>', 'xml_id_invalid'],
    ])('refuses %s with its own code', (_name, xml, code) => {
      const bytes = utf8(xml);
      expect(libxml2Refusal(bytes)).not.toBeNull();
      expect(ourRefusal(bytes)).toBe(code);
    });
  });

  describe('when libxml2 accepts the near miss', () => {
    it.each([
      ['one BOM before the declaration', `${BOM}${DECLARATION}<a/>`],
      ['one BOM and no declaration', `${BOM}<a/>`],
      ['a URN namespace', '<a xmlns="urn:hocba:hoc-ba-so:1"/>'],
      ['an http namespace with query and fragment', '<a xmlns:p="http://example.vn/c?x=1&amp;y=2#f"><p:b/></a>'],
      ['an IPv6 literal host', '<a xmlns="http://[::1]:80/a"/>'],
      ['a scheme and nothing else', '<a xmlns="a:"/>'],
      ['percent escapes and sub-delimiters', `<a xmlns="urn:x%20y!$'()*+,;=~"/>`],
      ['an undeclared default namespace', '<a xmlns="urn:x"><b xmlns=""/></a>'],
      ['distinct xml:id values and xml:lang, xml:space, xml:base', '<a xml:lang="vi"><b xml:id="x" xml:space="preserve"/><c xml:id="y" xml:base="http://e.vn/"/></a>'],
    ])('accepts %s as libxml2 does', (_name, xml) => {
      const bytes = utf8(xml);
      expect(libxml2Refusal(bytes)).toBeNull();
      expect(ourRefusal(bytes)).toBeNull();
    });
  });

  describe('when a document only costs work (caps libxml2 does not have; we refuse more, never less)', () => {
    const limit = DEFAULT_XML_LIMITS.maxAttributesPerElement;

    it(`stops reading a start tag at attribute ${limit + 1} with xml_too_many_attributes`, () => {
      const attributes = Array.from({ length: 20_000 }, (_, i) => ` a${i}="1"`).join('');
      const error = (() => {
        try {
          parseXml(`<a${attributes}/>`);
        } catch (caught) {
          return caught as HocbaError;
        }
        throw new Error('accepted');
      })();
      expect(error.code).toBe('xml_too_many_attributes');
      // The column is where attribute limit + 1 starts: nothing after it was read.
      expect(error.params).toMatchObject({ element: 'a', limit, line: 1, column: 4 + attributes.indexOf(` a${limit}=`) });
    });

    it('refuses the 20,000 xml:* attributes of issue 11 on the root by the cap on attributes per element', () => {
      const padding = Array.from({ length: 20_000 }, (_, i) => ` xml:a${i}="x"`).join('');
      expect(ourRefusal(utf8(`<HocBaSo xmlns="urn:hocba:hoc-ba-so:1"${padding}/>`))).toBe('xml_too_many_attributes');
    });

    it(`refuses xml:* attribute ${DEFAULT_XML_LIMITS.maxXmlAttributes + 1} of the document (C14N inheritance cost)`, () => {
      const count = DEFAULT_XML_LIMITS.maxXmlAttributes;
      expect(ourRefusal(utf8(`<a>${'<b xml:lang="vi"/>'.repeat(count)}</a>`))).toBeNull();
      expect(ourRefusal(utf8(`<a>${'<b xml:lang="vi"/>'.repeat(count + 1)}</a>`))).toBe('xml_too_many_xml_attributes');
      // libxml2 accepts any xml:* name (C14N 1.0 inherits them all), so do we: only their number is capped.
      expect(ourRefusal(utf8('<a xml:x="1"><b/></a>'))).toBeNull();
    });
  });
});

describe.runIf(hasXmlsec())('a signed record against xmlsec1', () => {
  let pki: TestPki;
  let signed = '';
  beforeAll(async () => {
    pki = await makePki();
    signed = await signAs(sampleRecord({ kilobytes: 2 }), pki.entities['school-a']!, 'CoSoGiaoDuc');
  });

  it('verifies with xmlsec1 and reads as an envelope without issues (the control)', () => {
    expect(xmlsecVerify(signed, 1, pki).ok).toBe(true);
    expect(readEnvelope(parseXml(signed).document).issues).toEqual([]);
  });

  it('refuses an xml:id equal to the DuLieu Id with envelope_duplicate_id, as xmlsec1 fails on it', () => {
    const id = /<DuLieu Id="([^"]+)"/.exec(signed)![1]!;
    const forged = signed.replace(/<ds:KeyInfo/, `<ds:KeyInfo xml:id="${id}"`);
    expect(forged).not.toBe(signed);
    expect(xmlsecVerify(forged, 1, pki).ok).toBe(false);
    expect(readEnvelope(parseXml(forged).document).issues).toEqual([
      { code: 'envelope_duplicate_id', severity: 'error', params: { id, attribute: 'xml:id', path: 'HocBaSo/DSCKS/CKS/Signature/KeyInfo' } },
    ]);
  });

  it('refuses two BOMs with xml_byte_order_mark, as xmlsec1 fails on them', () => {
    const doubled = `${BOM}${BOM}${signed}`;
    expect(xmlsecVerify(doubled, 1, pki).ok).toBe(false);
    expect(ourRefusal(utf8(doubled))).toBe('xml_byte_order_mark');
  });
});
