// Elements and the document of our read-only DOM: names, attributes and links as fields, lookups as DOM methods.
import { XML_NS, XMLNS_NS, XmlNodeList, type XmlAttr, type XmlChild, type XmlParent } from './dom.ts';

abstract class XmlContainer {
  firstChild: XmlChild | null = null;
  lastChild: XmlChild | null = null;
  private list: XmlNodeList<XmlChild> | null = null;

  /** Built on first use from the sibling links (the parser and our code walk the links). */
  get childNodes(): XmlNodeList<XmlChild> {
    if (this.list === null) {
      this.list = new XmlNodeList();
      for (let child = this.firstChild; child !== null; child = child.nextSibling) this.list.push(child);
    }
    return this.list;
  }

  hasChildNodes(): boolean {
    return this.firstChild !== null;
  }

  getElementsByTagName(qualifiedName: string): XmlNodeList<XmlElement> {
    return collect(this, (element) => qualifiedName === '*' || element.tagName === qualifiedName);
  }

  getElementsByTagNameNS(namespace: string | null, localName: string): XmlNodeList<XmlElement> {
    const uri = namespace === '' ? null : namespace;
    return collect(this, (element) => (uri === '*' || element.namespaceURI === uri) && (localName === '*' || element.localName === localName));
  }
}

export class XmlElement extends XmlContainer {
  declare readonly nodeType: 1;
  declare readonly nodeValue: null;
  readonly tagName: string;
  readonly prefix: string | null;
  readonly localName: string;
  readonly namespaceURI: string | null;
  readonly attributes: readonly XmlAttr[];
  parentNode: XmlParent | null = null;
  previousSibling: XmlChild | null = null;
  nextSibling: XmlChild | null = null;
  readonly ownerDocument: XmlDocument;

  constructor(
    tagName: string, prefix: string | null, localName: string, namespaceURI: string | null,
    attributes: readonly XmlAttr[], ownerDocument: XmlDocument,
  ) {
    super();
    this.tagName = tagName;
    this.prefix = prefix;
    this.localName = localName;
    this.namespaceURI = namespaceURI;
    this.attributes = attributes;
    this.ownerDocument = ownerDocument;
  }

  get nodeName(): string {
    return this.tagName;
  }

  /** Text and CDATA of every descendant, comments left out (DOM textContent). */
  get textContent(): string {
    const first = this.firstChild;
    if (first === null) return '';
    if (first.nextSibling === null && first.nodeType !== 1) return first.nodeType === 8 ? '' : first.data;
    let out = '';
    let node: XmlChild = first;
    for (;;) {
      if (node.nodeType === 1) {
        if (node.firstChild !== null) {
          node = node.firstChild;
          continue;
        }
      } else if (node.nodeType !== 8) out += node.data;
      while (node.nextSibling === null) {
        const up = node.parentNode;
        if (up === this || up === null || up.nodeType === 9) return out;
        node = up;
      }
      node = node.nextSibling;
    }
  }

  getAttributeNode(qualifiedName: string): XmlAttr | null {
    const attributes = this.attributes;
    for (let i = 0; i < attributes.length; i++) if (attributes[i]!.name === qualifiedName) return attributes[i]!;
    return null;
  }

  getAttributeNodeNS(namespace: string | null, localName: string): XmlAttr | null {
    const uri = namespace === '' ? null : namespace;
    const attributes = this.attributes;
    for (let i = 0; i < attributes.length; i++) {
      if (attributes[i]!.namespaceURI === uri && attributes[i]!.localName === localName) return attributes[i]!;
    }
    return null;
  }

  getAttribute(qualifiedName: string): string | null {
    return this.getAttributeNode(qualifiedName)?.value ?? null;
  }

  getAttributeNS(namespace: string | null, localName: string): string | null {
    return this.getAttributeNodeNS(namespace, localName)?.value ?? null;
  }

  hasAttribute(qualifiedName: string): boolean {
    return this.getAttributeNode(qualifiedName) !== null;
  }

  hasAttributeNS(namespace: string | null, localName: string): boolean {
    return this.getAttributeNodeNS(namespace, localName) !== null;
  }

  hasAttributes(): boolean {
    return this.attributes.length > 0;
  }

  /** The namespace bound to `prefix` (null: the default namespace) here, from the declarations in scope. */
  lookupNamespaceURI(prefix: string | null): string | null {
    const wanted = prefix === '' ? null : prefix;
    if (wanted === 'xml') return XML_NS;
    if (wanted === 'xmlns') return XMLNS_NS;
    for (let node: XmlParent | null = this; node !== null && node.nodeType === 1; node = node.parentNode) {
      const attributes = node.attributes;
      for (let i = 0; i < attributes.length; i++) {
        const attribute = attributes[i]!;
        if (attribute.namespaceURI !== XMLNS_NS) continue;
        const declared = attribute.prefix === null ? null : attribute.localName;
        if (declared === wanted) return attribute.value === '' ? null : attribute.value;
      }
    }
    return null;
  }
}

export class XmlDocument extends XmlContainer {
  declare readonly nodeType: 9;
  declare readonly nodeName: '#document';
  declare readonly nodeValue: null;
  declare readonly textContent: null;
  declare readonly parentNode: null;
  declare readonly ownerDocument: null;
  declare readonly previousSibling: null;
  declare readonly nextSibling: null;
  documentElement: XmlElement | null = null;
}

for (const [target, constants] of [
  [XmlElement.prototype, { nodeType: 1, nodeValue: null }],
  [XmlDocument.prototype, {
    nodeType: 9, nodeName: '#document', nodeValue: null, textContent: null, parentNode: null, ownerDocument: null,
    previousSibling: null, nextSibling: null,
  }],
] as const) {
  for (const [key, value] of Object.entries(constants)) Object.defineProperty(target, key, { value, writable: false });
}

// Document order, iteratively; an element's own list leaves the element out, the document's includes its root.
function collect(from: XmlContainer, matches: (element: XmlElement) => boolean): XmlNodeList<XmlElement> {
  const found = new XmlNodeList<XmlElement>();
  const stack: XmlChild[] = [];
  for (let child = from.lastChild; child !== null; child = child.previousSibling) stack.push(child);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType !== 1) continue;
    if (matches(node)) found.push(node);
    for (let child = node.lastChild; child !== null; child = child.previousSibling) stack.push(child);
  }
  return found;
}
