// Namespaces in XML 1.0 (3rd ed.): applies a start tag's declarations, resolves its names, refuses duplicates;
// and the xml:* attributes libxml2 checks (xml:id §4: an NCName, unique) or C14N copies onto descendants (capped).
import { isNcName, nameEnd, XmlSyntaxError } from './chars.ts';
import { XML_NS, XMLNS_NS, XmlAttr, XmlElement, type XmlDocument } from './dom.ts';
import type { StartTag } from './start-tag.ts';
import { isAbsoluteUri } from './uri.ts';

/**
 * The namespaces in scope: a stack per prefix ('' is the default namespace; '' as a value: none). Entering and leaving
 * an element costs only its own declarations: copying a scope per element is quadratic on a hostile document.
 */
export class Bindings {
  private readonly stacks = new Map<string, string[]>([['xml', [XML_NS]]]);
  private readonly declared: Array<readonly string[]> = [];

  lookup(prefix: string): string | undefined {
    const stack = this.stacks.get(prefix);
    return stack === undefined ? undefined : stack[stack.length - 1];
  }

  enter(prefixes: readonly string[]): void {
    this.declared.push(prefixes);
  }

  bind(prefix: string, uri: string): void {
    const stack = this.stacks.get(prefix);
    if (stack === undefined) this.stacks.set(prefix, [uri]);
    else stack.push(uri);
  }

  /** Undoes the declarations of the element being closed. */
  leave(): void {
    for (const prefix of this.declared.pop()!) this.stacks.get(prefix)!.pop();
  }
}

/** The document's xml:* attributes so far: their number (capped) and the xml:id values (unique, xml:id §4). */
export class XmlAttributes {
  private count = 0;
  private readonly ids = new Set<string>();
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Checks one xml:* attribute: within the cap; an xml:id a valid NCName not used before (libxml2 refuses both). */
  admit(attribute: XmlAttr, at: number): void {
    const name = attribute.localName;
    if (++this.count > this.limit) throw new XmlSyntaxError('too many xml:* attributes', at, 'xml_too_many_xml_attributes', { limit: this.limit });
    if (name !== 'id') return;
    const value = attribute.value;
    if (!isNcName(value)) throw new XmlSyntaxError(`xml:id="${value.slice(0, 60)}" is not an NCName`, at, 'xml_id_invalid', { id: value.slice(0, 60) });
    if (this.ids.has(value)) throw new XmlSyntaxError(`xml:id="${value.slice(0, 60)}" is already defined`, at, 'xml_id_duplicate', { id: value.slice(0, 60) });
    this.ids.add(value);
  }
}

const NO_ATTRIBUTES: readonly XmlAttr[] = Object.freeze([]);
const NO_PREFIXES: readonly string[] = Object.freeze([]);

/** The element for `tag`, its declarations entered into `bindings` (the caller leaves them at its end). */
export function toElement(tag: StartTag, bindings: Bindings, document: XmlDocument, xml: XmlAttributes): XmlElement {
  declare(tag, bindings);
  const attributes = tag.count === 0 ? NO_ATTRIBUTES : attributesOf(tag, bindings, xml);
  const name = tag.name;
  const colon = colonOf(name, tag.at + 1);
  let element: XmlElement;
  if (colon < 0) {
    element = new XmlElement(name, null, name, bindings.lookup('') || null, attributes, document);
  } else {
    const prefix = name.slice(0, colon);
    if (prefix === 'xmlns') throw new XmlSyntaxError(`element <${name}> uses the reserved prefix xmlns`, tag.at);
    const uri = bindings.lookup(prefix);
    if (!uri) throw new XmlSyntaxError(`undeclared namespace prefix ${prefix} in <${name}>`, tag.at);
    element = new XmlElement(name, prefix, name.slice(colon + 1), uri, attributes, document);
  }
  for (let i = 0; i < attributes.length; i++) attributes[i]!.ownerElement = element;
  return element;
}

// xmlns and xmlns:p attributes first, as they apply to the element's own name and to all its attributes.
function declare(tag: StartTag, bindings: Bindings): void {
  let prefixes: string[] | null = null;
  for (let i = 0; i < tag.count; i++) {
    const name = tag.names[i]!;
    if (!name.startsWith('xmlns') || (name.length > 5 && name.charCodeAt(5) !== 0x3a)) continue;
    const prefix = name.length === 5 ? '' : name.slice(6);
    const uri = tag.values[i]!;
    const at = tag.offsets[i]!;
    if (prefix !== '') colonOf(name, at);
    if (prefix === 'xmlns') throw new XmlSyntaxError('the prefix xmlns must not be declared', at);
    if (prefix === 'xml' ? uri !== XML_NS : uri === XML_NS || uri === XMLNS_NS) {
      throw new XmlSyntaxError(`${name} binds a reserved namespace`, at);
    }
    if (prefix !== '' && uri === '') throw new XmlSyntaxError(`${name}="" (undeclaring a prefix) is not allowed in XML 1.0`, at);
    if (uri !== '' && !isAbsoluteUri(uri)) {
      throw new XmlSyntaxError(`${name}="${uri.slice(0, 100)}" is not an absolute URI`, at, 'xml_namespace_not_absolute', { name, uri: uri.slice(0, 100) });
    }
    bindings.bind(prefix, uri);
    (prefixes ??= []).push(prefix);
  }
  bindings.enter(prefixes ?? NO_PREFIXES);
}

function attributesOf(tag: StartTag, bindings: Bindings, xml: XmlAttributes): XmlAttr[] {
  const attributes: XmlAttr[] = new Array(tag.count);
  // Pairwise comparison is fastest for the few attributes of real tags; a set keeps a hostile tag linear.
  const seen = tag.count > 12 ? new Set<string>() : null;
  for (let i = 0; i < tag.count; i++) {
    const name = tag.names[i]!;
    const at = tag.offsets[i]!;
    const colon = colonOf(name, at);
    let attribute: XmlAttr;
    if (colon < 0) {
      attribute = new XmlAttr(name, null, name, name === 'xmlns' ? XMLNS_NS : null, tag.values[i]!);
    } else {
      const prefix = name.slice(0, colon);
      const uri = prefix === 'xmlns' ? XMLNS_NS : bindings.lookup(prefix);
      if (!uri) throw new XmlSyntaxError(`undeclared namespace prefix ${prefix} in attribute ${name}`, at);
      attribute = new XmlAttr(name, prefix, name.slice(colon + 1), uri, tag.values[i]!);
    }
    if (seen ? isRepeated(seen, attribute) : repeats(attributes, i, attribute)) throw new XmlSyntaxError(`duplicate attribute ${name}`, at);
    if (attribute.namespaceURI === XML_NS) xml.admit(attribute, at);
    attributes[i] = attribute;
  }
  return attributes;
}

// The same qualified name, or the same namespace and local name under two prefixes bound alike (Namespaces §6.3).
function repeats(attributes: readonly XmlAttr[], count: number, attribute: XmlAttr): boolean {
  for (let j = 0; j < count; j++) {
    const other = attributes[j]!;
    if (other.name === attribute.name) return true;
    if (attribute.namespaceURI !== null && other.namespaceURI === attribute.namespaceURI && other.localName === attribute.localName) return true;
  }
  return false;
}

function isRepeated(seen: Set<string>, attribute: XmlAttr): boolean {
  const expanded = attribute.namespaceURI === null ? null : `{${attribute.namespaceURI}}${attribute.localName}`;
  if (seen.has(attribute.name) || (expanded !== null && seen.has(expanded))) return true;
  seen.add(attribute.name);
  if (expanded !== null) seen.add(expanded);
  return false;
}

/** The colon of a QName (-1 if none); refuses names that are not namespace-well-formed (`:a`, `a:`, `a:b:c`, `a:1`). */
function colonOf(name: string, at: number): number {
  const colon = name.indexOf(':');
  if (colon < 0) return -1;
  if (colon === 0 || name.indexOf(':', colon + 1) >= 0 || nameEnd(name, colon + 1) === colon + 1) {
    throw new XmlSyntaxError(`${name} is not a valid qualified name`, at);
  }
  return colon;
}
