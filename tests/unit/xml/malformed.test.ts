// Strictness: every well-formedness or namespace violation is xml_malformed with a line and column, the limits are
// enforced while parsing, and the valid corner cases of XML 1.0 are accepted with the right values.
import { describe, expect, it } from 'vitest';
import { HocbaError } from '../../../api/errors.ts';
import { DEFAULT_XML_LIMITS, parseXml, type XmlLimits } from '../../../api/xml/index.ts';

function errorOf(run: () => unknown): HocbaError {
  try {
    run();
  } catch (error) {
    if (error instanceof HocbaError) return error;
    throw error;
  }
  throw new Error('expected a HocbaError');
}

const codeOf = (xml: string | Uint8Array, limits?: XmlLimits) => errorOf(() => parseXml(xml, limits)).code;

const MALFORMED: Array<[string, string]> = [
  ['mismatched end tag', '<a><b></a></b>'],
  ['end tag longer than the start tag', '<a></ab>'],
  ['end tag shorter than the start tag', '<ab></a>'],
  ['space before the end tag name', '<a></ a>'],
  ['unclosed element', '<a><b/>'],
  ['unclosed start tag', '<a x="1"'],
  ['end tag outside the root', '<a/></a>'],
  ['duplicate attribute', '<a x="1" x="2"/>'],
  ['duplicate attribute among many (set path)', `<a ${Array.from({ length: 20 }, (_, i) => `a${i}="x"`).join(' ')} a7="y"/>`],
  ['duplicate expanded attribute name', '<a xmlns:p="urn:u" xmlns:q="urn:u" p:x="1" q:x="2"/>'],
  ['duplicate expanded name among many', `<a xmlns:p="urn:u" xmlns:q="urn:u" ${Array.from({ length: 14 }, (_, i) => `a${i}="x"`).join(' ')} p:x="1" q:x="2"/>`],
  ['duplicate namespace declaration', '<a xmlns:p="urn:u" xmlns:p="urn:v"/>'],
  ['undeclared element prefix', '<p:a/>'],
  ['undeclared attribute prefix', '<a p:x="1"/>'],
  ['prefix declared on a sibling only', '<a><b xmlns:p="urn:u"/><p:c/></a>'],
  ['undeclaring a prefix (XML 1.0 namespaces)', '<a xmlns:p=""/>'],
  ['element with the xmlns prefix', '<xmlns:a/>'],
  ['declaring the xmlns prefix', '<a xmlns:xmlns="urn:u"/>'],
  ['xml prefix bound elsewhere', '<a xmlns:xml="urn:other"/>'],
  ['XML namespace bound to another prefix', '<a xmlns:p="http://www.w3.org/XML/1998/namespace"/>'],
  ['xmlns namespace as default namespace', '<a xmlns="http://www.w3.org/2000/xmlns/"/>'],
  ['qualified name with two colons', '<a:b:c xmlns:a="urn:u"/>'],
  ['name starting with a colon', '<:a/>'],
  ['local part starting with a digit', '<a:1 xmlns:a="urn:u"/>'],
  ['name starting with a digit', '<1a/>'],
  ['space after <', '< a/>'],
  ['NUL character reference', '<a>&#0;</a>'],
  ['hex NUL character reference', '<a>&#x0;</a>'],
  ['surrogate character reference', '<a>&#xD800;</a>'],
  ['U+FFFE character reference', '<a>&#xFFFE;</a>'],
  ['character reference above U+10FFFF', '<a>&#x110000;</a>'],
  ['huge character reference', '<a>&#99999999999999999999;</a>'],
  ['empty character reference', '<a>&#;</a>'],
  ['empty hex character reference', '<a>&#x;</a>'],
  ['letters in a decimal reference', '<a>&#12a;</a>'],
  ['uppercase X in a hex reference', '<a>&#X41;</a>'],
  ['control character reference in an attribute', '<a x="&#1;"/>'],
  ['undeclared entity', '<a>&foo;</a>'],
  ['undeclared entity in an attribute', '<a x="&nbsp;"/>'],
  ['entity reference without semicolon', '<a>&amp</a>'],
  ['bare ampersand', '<a>Tom & Jerry</a>'],
  ['< in an attribute value', '<a x="<"/>'],
  ["< in a single-quoted attribute value", "<a x='a<b'/>"],
  ['unquoted attribute value', '<a x=1/>'],
  ['attribute without =', '<a x "1"/>'],
  ['attribute without value', '<a x/>'],
  ['no whitespace between attributes', '<a x="1"y="2"/>'],
  ['unterminated attribute value', '<a x="1/>'],
  ['two root elements', '<a/><b/>'],
  ['text before the root', 'x<a/>'],
  ['text after the root', '<a/>x'],
  ['reference after the root', '<a/>&amp;'],
  ['CDATA outside the root', '<a/><![CDATA[x]]>'],
  [']]> in text', '<a>x]]>y</a>'],
  ['-- inside a comment', '<a><!-- a -- b --></a>'],
  ['comment ending in ---', '<a><!-- a ---></a>'],
  ['unterminated comment', '<a><!-- x</a>'],
  ['unterminated CDATA', '<a><![CDATA[x</a>'],
  ['other <! markup', '<a><!FOO></a>'],
  ['C0 control character', '<a>\u0001</a>'],
  ['NUL character', '<a>\u0000</a>'],
  ['escape character in an attribute', '<a x="\u001b"/>'],
  ['vertical tab in a comment', '<a><!--\u000b--></a>'],
  ['form feed in CDATA', '<a><![CDATA[\u000c]]></a>'],
  ['U+FFFE', '<a>\ufffe</a>'],
  ['U+FFFF', '<a>\uffff</a>'],
  ['lone surrogate in a string', '<a>\ud800</a>'],
  ['empty document', ''],
  ['only whitespace', ' \n\t'],
  ['only a comment', '<!-- x -->'],
  ['XML version 1.1', '<?xml version="1.1"?><a/>'],
  ['declaration without version', '<?xml encoding="UTF-8"?><a/>'],
  ['declaration with an unknown pseudo-attribute', '<?xml version="1.0" foo="x"?><a/>'],
  ['declaration after whitespace', ' <?xml version="1.0"?><a/>'],
  ['not XML at all', 'not xml at all'],
];

describe('parseXml strictness', () => {
  describe.each(MALFORMED)('when the document has %s', (_name, xml) => {
    it('rejects with xml_malformed, with a line and a column', () => {
      const error = errorOf(() => parseXml(xml));
      expect(error.code).toBe('xml_malformed');
      expect(error.params).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    });
  });

  it('reports the line and column of the problem, CRLF counting as one line end', () => {
    expect(errorOf(() => parseXml('<a>\r\n  <b>\r\n</a>')).params).toMatchObject({ line: 3, column: 1 });
    expect(errorOf(() => parseXml('<a>\n <b x="1" x="2"/></a>')).params).toMatchObject({ line: 2, column: 11 });
  });

  it('keeps the specific codes: DOCTYPE, processing instruction, encoding', () => {
    expect(codeOf('<!DOCTYPE a><a/>')).toBe('xml_doctype');
    expect(codeOf('<a><?pi x?></a>')).toBe('xml_processing_instruction');
    expect(codeOf('<a/><?pi?>')).toBe('xml_processing_instruction');
    expect(codeOf('<?xml version="1.0" encoding="ISO-8859-1"?><a/>')).toBe('xml_not_utf8');
    expect(codeOf(Buffer.from([0x3c, 0x61, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x61, 0x3e]))).toBe('xml_not_utf8');
  });
});

describe('parseXml limits', () => {
  const small = (extra: Partial<XmlLimits>): XmlLimits => ({ ...DEFAULT_XML_LIMITS, ...extra });

  it('refuses a deep document while reading it, before its (missing) end', () => {
    expect(codeOf('<a>'.repeat(200_000))).toBe('xml_too_deep');
  });

  it('counts depth as before: 64 nested elements pass, text inside the 64th is one level too deep', () => {
    expect(() => parseXml(`${'<a>'.repeat(64)}${'</a>'.repeat(64)}`)).not.toThrow();
    expect(codeOf(`${'<a>'.repeat(64)}x${'</a>'.repeat(64)}`)).toBe('xml_too_deep');
    expect(codeOf(`${'<a>'.repeat(65)}${'</a>'.repeat(65)}`)).toBe('xml_too_deep');
  });

  it('counts elements, text, comments and attributes against maxNodes', () => {
    const limits = small({ maxNodes: 10 });
    expect(() => parseXml(`<a>${'<b/>'.repeat(9)}</a>`, limits)).not.toThrow();
    expect(codeOf(`<a>${'<b/>'.repeat(10)}</a>`, limits)).toBe('xml_too_many_nodes');
    expect(codeOf(`<a>${'<b/>x'.repeat(5)}</a>`, limits)).toBe('xml_too_many_nodes');
    expect(codeOf(`<a x="1" y="2" z="3">${'<b/>'.repeat(7)}</a>`, limits)).toBe('xml_too_many_nodes');
  });

  it('refuses an attribute over the cap by its normalised length, declarations included', () => {
    const limits = small({ maxAttributeChars: 8 });
    expect(() => parseXml('<a x="&#x1F600;&amp;&amp;&amp;&amp;&amp;&amp;"/>', limits)).not.toThrow();
    expect(errorOf(() => parseXml('<a x="123456789"/>', limits)).params).toEqual({ size: 9, limit: 8 });
    expect(codeOf('<a xmlns="urn:123456"/>', limits)).toBe('xml_attribute_too_large');
  });

  // Work is bounded by counting, not timing: the start tag is refused at the 65th attribute, before the rest is read.
  it('stops a start tag of 100 000 namespace declarations at the attribute cap, before reading the rest', () => {
    const declarations = Array.from({ length: 100_000 }, (_, i) => ` xmlns:p${i}="urn:${i}"`).join('');
    const xml = `<r${declarations}>${'<p9:a xmlns:q="urn:q">'.repeat(62)}${'</p9:a>'.repeat(62)}</r>`;
    const error = errorOf(() => parseXml(xml, small({ maxBytes: 8 * 1024 * 1024 })));
    expect(error.code).toBe('xml_too_many_attributes');
    expect(Number(error.params?.column)).toBeLessThan(xml.indexOf(' xmlns:p65='));
  });

  it('stops a start tag of 45 000 attributes at the attribute cap, before reading the rest', () => {
    const attributes = Array.from({ length: 45_000 }, (_, i) => ` a${i}="${i}"`).join('');
    const xml = `<r${attributes}/>`;
    const error = errorOf(() => parseXml(xml));
    expect(error.code).toBe('xml_too_many_attributes');
    expect(Number(error.params?.column)).toBeLessThan(xml.indexOf(' a65='));
  });
});

describe('parseXml on valid corner cases', () => {
  const root = (xml: string) => parseXml(xml).document.documentElement;

  it('normalises literal whitespace in attribute values but keeps character references (§3.3.3)', () => {
    const a = root('<a x="1\t2\r\n3\r4\n5" y="&#9;&#10;&#13;&#32;" z=\'"\' w="\'&apos;&quot;"/>');
    expect(a.getAttribute('x')).toBe('1 2 3 4 5');
    expect(a.getAttribute('y')).toBe('\t\n\r ');
    expect(a.getAttribute('z')).toBe('"');
    expect(a.getAttribute('w')).toBe('\'\'"');
  });

  it('normalises line ends in text, CDATA and comments, keeping &#13;', () => {
    const a = root('<a>1\r\n2\r3&#13;<![CDATA[4\r\n5]]><!--6\r7--></a>');
    expect(Array.from(a.childNodes).map((node) => (node as CharacterData).data)).toEqual(['1\n2\n3\r', '4\n5', '6\n7']);
  });

  it('reads the predefined entities and character references anywhere, outside the BMP too', () => {
    expect(root('<a>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;&#0000067;</a>').textContent).toBe('<>&"\'AB😀C');
  });

  it('accepts > and ]] in text, ]]> in attribute values, and names in any script', () => {
    expect(root('<a>a > b ]] c</a>').textContent).toBe('a > b ]] c');
    expect(root('<a x="]]>"/>').getAttribute('x')).toBe(']]>');
    expect(root('<Điểm 𐀀x="1" a.b-c_d·="2"/>').attributes.length).toBe(2);
  });

  it('accepts spaces around = and before the end of tags, and a BOM before the root of a string', () => {
    expect(root('\ufeff<a  x = "1"\n y\t=\'2\' ></a >').attributes.length).toBe(2);
  });

  it('accepts the declaration forms XML 1.0 allows', () => {
    for (const declaration of ['<?xml version="1.0"?>', "<?xml version='1.0' encoding='utf-8'?>", '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>']) {
      expect(root(`${declaration}\n<a/>`).localName).toBe('a');
    }
  });

  it('binds xml: without a declaration and accepts its own declaration', () => {
    const a = root('<a xml:lang="vi" xmlns:xml="http://www.w3.org/XML/1998/namespace"/>');
    expect(a.attributes[0]!.namespaceURI).toBe('http://www.w3.org/XML/1998/namespace');
  });
});
