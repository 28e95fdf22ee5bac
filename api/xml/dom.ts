// The read-only DOM our parser builds: the standard DOM properties the code base reads, as plain fields.
// Constants (nodeType, nodeName…) live on the prototypes so a node costs only its own links and names.
import type { XmlDocument, XmlElement } from './dom-element.ts';

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

