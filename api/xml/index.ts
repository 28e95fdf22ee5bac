// The ONE place untrusted XML is parsed: UTF-8 only, no DTD, no entities, no PIs, size and depth capped.
import { DOMParser } from '@xmldom/xmldom';
import { HocbaError } from '../errors.ts';

export interface XmlLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
  readonly maxNodes: number;
  readonly maxAttributeChars: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxBytes: 2 * 1024 * 1024,
  maxDepth: 64,
  maxNodes: 50_000,
  maxAttributeChars: 16 * 1024,
};

export interface ParsedXml {
  /** The decoded text, exactly the bytes received (BOM removed). */
  readonly text: string;
  readonly document: Document;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function parseXml(bytes: Uint8Array | string, limits: XmlLimits = DEFAULT_XML_LIMITS): ParsedXml {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  if (size > limits.maxBytes) throw new HocbaError('xml_too_large', { params: { size, limit: limits.maxBytes } });
  const text = typeof bytes === 'string' ? bytes : decodeUtf8(bytes);
  refuseDeclarations(text);
  const document = parseDom(text);
  if (!document.documentElement) throw new HocbaError('xml_malformed', { params: { detail: 'no root element' } });
  checkShape(document.documentElement, limits);
  return { text, document };
}

function parseDom(text: string): Document {
  try {
    return new DOMParser({
      // xmldom reports an unknown entity as a mere warning and goes on: every report is fatal here.
      onError: (_level: string, message: string) => {
        throw new HocbaError('xml_malformed', { params: { detail: firstLine(message) } });
      },
    }).parseFromString(text, 'text/xml') as unknown as Document;
  } catch (error) {
    // xmldom wraps what onError throws in its own ParseError for fatal errors.
    const inner = error instanceof HocbaError ? error : (error as { cause?: unknown }).cause;
    if (inner instanceof HocbaError) throw inner;
    throw new HocbaError('xml_malformed', { params: { detail: firstLine(String((error as Error).message)) }, cause: error });
  }
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch (cause) {
    throw new HocbaError('xml_not_utf8', { params: { detail: 'invalid UTF-8 byte sequence' }, cause });
  }
}

// Refused on the raw text, before any parser sees it: DTDs are where XXE and entity bombs live.
function refuseDeclarations(text: string): void {
  if (/<!DOCTYPE|<!ENTITY|<!ATTLIST|<!ELEMENT|<!NOTATION/i.test(text)) throw new HocbaError('xml_doctype');
  const declaration = /^\s*<\?xml\s([^?]*)\?>/.exec(text);
  if (declaration) {
    const encoding = /encoding\s*=\s*["']([^"']+)["']/.exec(declaration[1]!)?.[1];
    if (encoding && !/^utf-?8$/i.test(encoding)) {
      throw new HocbaError('xml_not_utf8', { params: { detail: `declared encoding ${encoding}` } });
    }
  }
  const rest = declaration ? text.slice(declaration[0].length) : text;
  const instruction = /<\?([^\s?>]*)/.exec(rest);
  if (instruction) throw new HocbaError('xml_processing_instruction', { params: { target: instruction[1] || '?' } });
}

// Iterative walk: a deeply nested document must not be able to overflow our stack either.
function checkShape(root: Element, limits: XmlLimits): void {
  const stack: Array<[Node, number]> = [[root, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limits.maxDepth) throw new HocbaError('xml_too_deep', { params: { limit: limits.maxDepth } });
    if (++nodes > limits.maxNodes) throw new HocbaError('xml_too_many_nodes', { params: { limit: limits.maxNodes } });
    if (node.nodeType !== 1) continue;
    const attributes = (node as Element).attributes;
    nodes += attributes.length;
    for (let i = 0; i < attributes.length; i++) {
      const size = attributes[i]!.value.length;
      if (size > limits.maxAttributeChars) {
        throw new HocbaError('xml_attribute_too_large', { params: { size, limit: limits.maxAttributeChars } });
      }
    }
    for (let child = node.firstChild; child; child = child.nextSibling) stack.push([child, depth + 1]);
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.slice(0, 200);
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
    const children: Element[] = [];
    for (let child = element.lastChild; child; child = child.previousSibling) {
      if (child.nodeType === 1) children.push(child as Element);
    }
    stack.push(...children);
  }
}

/** The element's whole text (comments never cut a value in two). */
export function textOf(element: Element): string {
  return element.textContent ?? '';
}
