// The DOM our parser builds: the standard properties and methods the code base and libraries read, DOM semantics.
import { describe, expect, it } from 'vitest';
import { childElements, descendants, parseXml, textOf } from '../../../api/xml/index.ts';

const XMLNS = 'http://www.w3.org/2000/xmlns/';
const XML = 'http://www.w3.org/XML/1998/namespace';
const XML_TEXT = '<?xml version="1.0" encoding="UTF-8"?>\n<!--trước-->\n'
  + '<h:r xmlns:h="urn:h" xmlns="urn:d" Id="r1" xml:lang="vi" h:a="&lt;1&gt;">'
  + 'một<![CDATA[ <hai> ]]><!--ba-->bốn<c><d>năm</d></c><e xmlns=""/><h:f/></h:r>\n<!--sau-->\n';

describe('the parsed DOM', () => {
  const document = parseXml(XML_TEXT).document;
  const root = document.documentElement;

  it('has the DOM node types and names', () => {
    expect([document.nodeType, document.nodeName, document.nodeValue, document.parentNode, document.ownerDocument])
      .toEqual([9, '#document', null, null, null]);
    const kinds = Array.from(root.childNodes).map((node) => [node.nodeType, node.nodeName]);
    expect(kinds).toEqual([[3, '#text'], [4, '#cdata-section'], [8, '#comment'], [3, '#text'], [1, 'c'], [1, 'e'], [1, 'h:f']]);
    expect(root.attributes[0]!.nodeType).toBe(2);
  });

  it('keeps only the root and comments at document level (no declaration node, no whitespace)', () => {
    expect(Array.from(document.childNodes).map((node) => node.nodeName)).toEqual(['#comment', 'h:r', '#comment']);
    expect(document.firstChild!.nodeValue).toBe('trước');
    expect(root.parentNode).toBe(document);
  });

  it('gives elements their qualified name, prefix, local name and namespace', () => {
    expect([root.tagName, root.nodeName, root.prefix, root.localName, root.namespaceURI]).toEqual(['h:r', 'h:r', 'h', 'r', 'urn:h']);
    const [c, e, f] = childElements(root, 'urn:d').concat(childElements(root, null), childElements(root, 'urn:h'));
    expect([c!.localName, c!.prefix, c!.namespaceURI]).toEqual(['c', null, 'urn:d']);
    expect([e!.localName, e!.namespaceURI]).toEqual(['e', null]);
    expect([f!.tagName, f!.namespaceURI]).toEqual(['h:f', 'urn:h']);
  });

  it('exposes namespace declarations as attributes in the xmlns namespace, as xmldom did (C14N reads them)', () => {
    const attributes = Array.from(root.attributes).map((a) => [a.name, a.prefix, a.localName, a.namespaceURI, a.value]);
    expect(attributes).toEqual([
      ['xmlns:h', 'xmlns', 'h', XMLNS, 'urn:h'],
      ['xmlns', null, 'xmlns', XMLNS, 'urn:d'],
      ['Id', null, 'Id', null, 'r1'],
      ['xml:lang', 'xml', 'lang', XML, 'vi'],
      ['h:a', 'h', 'a', 'urn:h', '<1>'],
    ]);
    const unset = root.getElementsByTagName('e')[0]!.attributes[0]!;
    expect([unset.name, unset.namespaceURI, unset.value]).toEqual(['xmlns', XMLNS, '']);
    expect(root.attributes[2]!.ownerElement).toBe(root);
    expect([root.attributes[2]!.nodeName, root.attributes[2]!.nodeValue, root.attributes[2]!.textContent]).toEqual(['Id', 'r1', 'r1']);
  });

  it('reads attributes by name and by namespace, null when absent', () => {
    expect(root.getAttribute('Id')).toBe('r1');
    expect(root.getAttribute('id')).toBeNull();
    expect(root.getAttributeNS('urn:h', 'a')).toBe('<1>');
    expect(root.getAttributeNS(XML, 'lang')).toBe('vi');
    expect(root.getAttributeNS(null, 'Id')).toBe('r1');
    expect(root.getAttributeNS('', 'Id')).toBe('r1');
    expect([root.hasAttribute('xml:lang'), root.hasAttribute('lang'), root.hasAttributeNS('urn:h', 'a')]).toEqual([true, false, true]);
    expect(root.getAttributeNode('Id')).toBe(root.attributes[2]);
  });

  it('joins text and CDATA of all descendants in textContent, without comments', () => {
    expect(root.textContent).toBe('một <hai> bốnnăm');
    expect(textOf(root.getElementsByTagName('c')[0]!)).toBe('năm');
    expect(root.getElementsByTagName('e')[0]!.textContent).toBe('');
    expect(document.textContent).toBeNull();
    const comment = root.childNodes[2]!;
    expect([comment.textContent, (comment as Comment).data, comment.nodeValue]).toEqual(['ba', 'ba', 'ba']);
    const cdata = root.childNodes[1] as CDATASection;
    expect([cdata.data, cdata.nodeValue, cdata.textContent, cdata.length]).toEqual([' <hai> ', ' <hai> ', ' <hai> ', 7]);
  });

  it('links parents, siblings, children and the owner document', () => {
    const nodes = Array.from(root.childNodes);
    expect(nodes).toHaveLength(7);
    expect(root.childNodes.length).toBe(7);
    expect(root.childNodes.item(4)).toBe(nodes[4]);
    expect(root.childNodes.item(7)).toBeNull();
    expect(root.childNodes).toBe(root.childNodes);
    expect([root.firstChild, root.lastChild]).toEqual([nodes[0], nodes[6]]);
    nodes.forEach((node, i) => {
      expect(node.parentNode).toBe(root);
      expect(node.previousSibling).toBe(nodes[i - 1] ?? null);
      expect(node.nextSibling).toBe(nodes[i + 1] ?? null);
      expect(node.ownerDocument).toBe(document);
    });
    const text = nodes[0]!;
    expect([text.firstChild, text.lastChild, text.childNodes.length, text.hasChildNodes()]).toEqual([null, null, 0, false]);
    expect(root.hasChildNodes()).toBe(true);
  });

  it('finds descendants by tag name and by namespace, the document including its root', () => {
    expect(Array.from(root.getElementsByTagName('*')).map((e) => e.tagName)).toEqual(['c', 'd', 'e', 'h:f']);
    expect(Array.from(document.getElementsByTagName('*')).map((e) => e.tagName)).toEqual(['h:r', 'c', 'd', 'e', 'h:f']);
    expect(Array.from(document.getElementsByTagNameNS('urn:h', '*')).map((e) => e.tagName)).toEqual(['h:r', 'h:f']);
    expect(Array.from(root.getElementsByTagNameNS('urn:d', 'd')).map((e) => e.tagName)).toEqual(['d']);
    expect(Array.from(root.getElementsByTagNameNS(null, '*')).map((e) => e.tagName)).toEqual(['e']);
    expect(Array.from(root.getElementsByTagNameNS('*', 'f')).map((e) => e.tagName)).toEqual(['h:f']);
    expect(root.getElementsByTagName('h:f').item(0)!.localName).toBe('f');
    expect([...descendants(root)].map((e) => e.localName)).toEqual(['r', 'c', 'd', 'e', 'f']);
  });

  it('looks namespaces up through the declarations in scope', () => {
    const d = root.getElementsByTagName('d')[0]!;
    const e = root.getElementsByTagName('e')[0]!;
    expect([d.lookupNamespaceURI('h'), d.lookupNamespaceURI(null), d.lookupNamespaceURI(''), d.lookupNamespaceURI('z')])
      .toEqual(['urn:h', 'urn:d', 'urn:d', null]);
    expect([e.lookupNamespaceURI(null), d.lookupNamespaceURI('xml'), d.lookupNamespaceURI('xmlns')]).toEqual([null, XML, XMLNS]);
  });
});
