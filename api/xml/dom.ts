// The read-only DOM our parser builds: the standard DOM properties the code base reads, as plain fields.
// Constants (nodeType, nodeName…) live on the prototypes so a node costs only its own links and names.
// One file: elements hold text nodes and text nodes name their parent element, so the two halves are one cycle.

export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export type XmlChild = XmlElement | XmlText | XmlComment;
export type XmlParent = XmlElement | XmlDocument;

/** childNodes: an array with the NodeList `item()` for libraries that call it. */
export class XmlNodeList<T> extends Array<T> {
  item(index: number): T | null {
    return this[index] ?? null;
  }
}

const NO_CHILDREN: XmlNodeList<XmlChild> = new XmlNodeList();
Object.freeze(NO_CHILDREN);

/** What text, CDATA and comments share: character data, siblings, no children. */
abstract class XmlCharacterData {
  readonly data: string;
  readonly nodeValue: string;
  parentNode: XmlParent | null = null;
  previousSibling: XmlChild | null = null;
  nextSibling: XmlChild | null = null;
  readonly ownerDocument: XmlDocument;
  declare readonly firstChild: null;
  declare readonly lastChild: null;

  constructor(data: string, ownerDocument: XmlDocument) {
    this.data = data;
    this.nodeValue = data;
    this.ownerDocument = ownerDocument;
  }

  get textContent(): string {
    return this.data;
  }

  get length(): number {
    return this.data.length;
  }

  get childNodes(): XmlNodeList<XmlChild> {
    return NO_CHILDREN;
  }

  hasChildNodes(): boolean {
    return false;
  }
}

/** Text and CDATA sections (nodeType 3 and 4). */
export class XmlText extends XmlCharacterData {
  declare readonly nodeType: 3 | 4;
  declare readonly nodeName: string;
  declare parentNode: XmlElement | null;
}

export class XmlCData extends XmlText {
  declare readonly nodeType: 4;
}

export class XmlComment extends XmlCharacterData {
  declare readonly nodeType: 8;
  declare readonly nodeName: '#comment';
}

/** An attribute; namespace declarations are attributes in XMLNS_NS (`xmlns` unprefixed, `xmlns:p` with prefix xmlns). */
export class XmlAttr {
  declare readonly nodeType: 2;
  declare readonly specified: true;
  declare readonly parentNode: null;
  readonly name: string;
  readonly localName: string;
  readonly prefix: string | null;
  readonly namespaceURI: string | null;
  readonly value: string;
  ownerElement: XmlElement | null = null;

  constructor(name: string, prefix: string | null, localName: string, namespaceURI: string | null, value: string) {
    this.name = name;
    this.prefix = prefix;
    this.localName = localName;
    this.namespaceURI = namespaceURI;
    this.value = value;
  }

  get nodeName(): string {
    return this.name;
  }

  get nodeValue(): string {
    return this.value;
  }

  get textContent(): string {
    return this.value;
  }
}

function define(target: object, constants: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(constants)) {
    Object.defineProperty(target, key, { value, writable: false, enumerable: false, configurable: false });
  }
}

define(XmlText.prototype, { nodeType: 3, nodeName: '#text', firstChild: null, lastChild: null });
define(XmlCData.prototype, { nodeType: 4, nodeName: '#cdata-section' });
define(XmlComment.prototype, { nodeType: 8, nodeName: '#comment', firstChild: null, lastChild: null });
define(XmlAttr.prototype, { nodeType: 2, specified: true, parentNode: null });

// Elements and the document: names, attributes and links as fields, lookups as DOM methods.
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
