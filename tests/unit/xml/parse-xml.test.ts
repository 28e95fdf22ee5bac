import { describe, expect, it } from 'vitest';
import { parseXml, textOf, DEFAULT_XML_LIMITS } from '../../../api/xml/index.ts';
import { thrownCode as codeOf } from '../../helpers/error-codes.ts';

describe('parseXml', () => {
  it('parses UTF-8 Vietnamese text exactly', () => {
    const { document } = parseXml(Buffer.from('<a>Trường Tiểu học Kim Đồng</a>'));
    expect(textOf(document.documentElement)).toBe('Trường Tiểu học Kim Đồng');
  });

  it('reads a value whole when a comment sits inside it', () => {
    const { document } = parseXml('<a>Nguyễn<!-- x -->Văn An</a>');
    expect(textOf(document.documentElement)).toBe('NguyễnVăn An');
  });

  describe('when the document carries a DTD', () => {
    it('rejects an external entity (XXE) with xml_doctype', () => {
      const xxe = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';
      expect(codeOf(() => parseXml(xxe))).toBe('xml_doctype');
    });
    it('rejects an entity bomb with xml_doctype', () => {
      const bomb = '<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>';
      expect(codeOf(() => parseXml(bomb))).toBe('xml_doctype');
    });
  });

  it('rejects an undeclared entity reference with xml_malformed', () => {
    expect(codeOf(() => parseXml('<a>&undeclared;</a>'))).toBe('xml_malformed');
  });

  it('ignores xml-stylesheet instructions before the root, as a Vietnamese e-invoice vendor writes them: no node is added', () => {
    const { document } = parseXml('<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="hoa-don.xsl?v=2"?>\n<?xml-stylesheet href="b.css"?><a/>');
    expect(document.documentElement.tagName).toBe('a');
    expect(document.firstChild).toBe(document.documentElement);
    expect(document.firstChild!.nextSibling).toBeNull();
  });

  it.each([
    ['another instruction before the root', '<?xml version="1.0"?><?php echo 1?><a/>', 'php'],
    ['xml-stylesheet after the root', '<a/><?xml-stylesheet href="x"?>', 'xml-stylesheet'],
    ['xml-stylesheet inside the root', '<a><?xml-stylesheet href="x"?></a>', 'xml-stylesheet'],
    ['xml-stylesheet after a stylesheet let through and the root', '<?xml-stylesheet href="a"?><a/><?xml-stylesheet href="x"?>', 'xml-stylesheet'],
    ['a look-alike target', '<?xml-stylesheets href="x"?><a/>', 'xml-stylesheets'],
    ['an upper-case target', '<?XML-STYLESHEET href="x"?><a/>', 'XML-STYLESHEET'],
  ])('rejects %s with xml_processing_instruction', (_name, text, target) => {
    let found: unknown;
    try {
      parseXml(text);
    } catch (error) {
      found = error;
    }
    expect(found).toMatchObject({ code: 'xml_processing_instruction', params: { target } });
  });

  it('rejects an unclosed xml-stylesheet before the root as malformed', () => {
    expect(codeOf(() => parseXml('<?xml-stylesheet href="x"<a/>'))).toBe('xml_malformed');
  });

  it('rejects bytes that are not UTF-8 with xml_not_utf8', () => {
    expect(codeOf(() => parseXml(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e])))).toBe('xml_not_utf8');
  });

  it('rejects a declared non-UTF-8 encoding', () => {
    expect(codeOf(() => parseXml('<?xml version="1.0" encoding="windows-1258"?><a/>'))).toBe('xml_not_utf8');
  });

  it('rejects malformed markup with xml_malformed', () => {
    expect(codeOf(() => parseXml('<a><b></a>'))).toBe('xml_malformed');
    expect(codeOf(() => parseXml('not xml at all'))).toBe('xml_malformed');
  });

  it('rejects nesting deeper than the cap with xml_too_deep', () => {
    const deep = '<a>'.repeat(5000) + '</a>'.repeat(5000);
    expect(codeOf(() => parseXml(deep))).toBe('xml_too_deep');
  });

  it('rejects a huge attribute with xml_attribute_too_large', () => {
    expect(codeOf(() => parseXml(`<a b="${'x'.repeat(DEFAULT_XML_LIMITS.maxAttributeChars + 1)}"/>`))).toBe('xml_attribute_too_large');
  });

  it('rejects a document over the byte cap with xml_too_large', () => {
    expect(codeOf(() => parseXml('<a/>', { ...DEFAULT_XML_LIMITS, maxBytes: 3 }))).toBe('xml_too_large');
  });

  it('rejects too many nodes with xml_too_many_nodes', () => {
    expect(codeOf(() => parseXml(`<a>${'<b/>'.repeat(60_000)}</a>`))).toBe('xml_too_many_nodes');
  });
});
