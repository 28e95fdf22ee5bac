// The ONE place untrusted XML is parsed, by our own strict parser (parser.ts): UTF-8, no DTD, no entities, no PIs, capped.
import { HocbaError } from '../errors.ts';
import { buildDocument } from './parser.ts';

export interface XmlLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
  readonly maxNodes: number;
  readonly maxAttributeChars: number;
  /** Attributes, namespace declarations included, on one element. */
  readonly maxAttributesPerElement: number;
  /** xml:* attributes in the whole document (C14N copies them onto every descendant). */
  readonly maxXmlAttributes: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxBytes: 2 * 1024 * 1024,
  maxDepth: 64,
  maxNodes: 50_000,
  maxAttributeChars: 16 * 1024,
  // A record's busiest tag (ds:Signature, SignedProperties) carries a handful; ten times that is still no record.
  maxAttributesPerElement: 64,
  maxXmlAttributes: 64,
};

export interface ParsedXml {
  /** The decoded text, exactly the bytes received (BOM removed). */
  readonly text: string;
  readonly document: Document;
}

// ignoreBOM keeps a byte order mark in the text: the parser removes exactly one and refuses a second (libxml2 does).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function parseXml(bytes: Uint8Array | string, limits: XmlLimits = DEFAULT_XML_LIMITS): ParsedXml {
  const size = typeof bytes === 'string' ? utf8Length(bytes, limits.maxBytes) : bytes.length;
  if (size > limits.maxBytes) throw new HocbaError('xml_too_large', { params: { size, limit: limits.maxBytes } });
  const decoded = typeof bytes === 'string' ? bytes : decodeUtf8(bytes);
  refuseDeclarations(decoded);
  // Our own parser (parser.ts): depth, node and attribute caps are enforced while the tree is built.
  const document = buildDocument(decoded, limits, typeof bytes === 'string' ? undefined : bytes) as unknown as Document;
  return { text: decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded, document };
}

// A UTF-16 unit is at most 3 UTF-8 bytes: counting exactly is only worth it near the limit.
function utf8Length(text: string, limit: number): number {
  return text.length * 3 <= limit ? text.length : Buffer.byteLength(text);
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch (cause) {
    throw new HocbaError('xml_not_utf8', { params: { detail: 'invalid UTF-8 byte sequence' }, cause });
  }
}

// Refused on the raw text, before any parser sees it: DTDs are where XXE and entity bombs live. Searching for the
// rare '!' and '?' and looking back for '<' is an order of magnitude faster than a regex over the whole text.
const DTD_KEYWORD = /DOCTYPE|ENTITY|ATTLIST|ELEMENT|NOTATION/iy;

function refuseDeclarations(text: string): void {
  for (let at = text.indexOf('!', 1); at >= 0; at = text.indexOf('!', at + 1)) {
    DTD_KEYWORD.lastIndex = at + 1;
    if (text.charCodeAt(at - 1) === 0x3c && DTD_KEYWORD.test(text)) throw new HocbaError('xml_doctype');
  }
  const declaration = /^\s*<\?xml\s([^?]*)\?>/.exec(text);
  if (declaration) {
    const encoding = /encoding\s*=\s*["']([^"']+)["']/.exec(declaration[1]!)?.[1];
    if (encoding && !/^utf-?8$/i.test(encoding)) {
      throw new HocbaError('xml_not_utf8', { params: { detail: `declared encoding ${encoding}` } });
    }
  }
  const from = declaration ? declaration[0].length : 0;
  // `<?xml-stylesheet …?>` before the root is the one instruction let through (the parser ignores it, parser.ts).
  const root = /<[^?!]/g;
  root.lastIndex = from;
  const rootAt = root.exec(text)?.index ?? text.length;
  for (let at = text.indexOf('?', from + 1); at >= 0; at = text.indexOf('?', at + 1)) {
    if (text.charCodeAt(at - 1) !== 0x3c) continue;
    const target = /[^\s?>]*/y.exec(text.slice(at + 1, at + 201))![0];
    if (target === 'xml-stylesheet' && at < rootAt) continue;
    throw new HocbaError('xml_processing_instruction', { params: { target: target || '?' } });
  }
}

/** Child elements of `parent` with the given namespace and local name, in document order. */
export function childElements(parent: Node, namespace: string | null, localName?: string): Element[] {
  const found: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (child.nodeType !== 1) continue;
    const element = child as Element;
    if (element.namespaceURI === namespace && (localName === undefined || element.localName === localName)) {
      found.push(element);
    }
  }
  return found;
}

/** Every element in the subtree (root included), iteratively, in document order. */
export function* descendants(root: Element): Generator<Element> {
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const element = stack.pop()!;
    yield element;
    // Last child first, so the first is popped next; straight onto the stack (a copy per element was 10 % of what
    // verifying a record allocates, issue 14).
    for (let child = element.lastChild; child; child = child.previousSibling) {
      if (child.nodeType === 1) stack.push(child as Element);
    }
  }
}

/** The element's whole text (comments never cut a value in two). */
export function textOf(element: Element): string {
  return element.textContent ?? '';
}
