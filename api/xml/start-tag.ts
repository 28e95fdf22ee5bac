// Reads one start tag (XML 1.0 §3.1) into a reusable scratch record: the name, raw attributes, where it ends.
import { HocbaError } from '../errors.ts';
import { isSpace, nameEnd, XmlSyntaxError } from './chars.ts';
import { attributeValue } from './references.ts';

/** One start tag, overwritten by every read (no allocation per tag beyond the strings themselves). */
export class StartTag {
  name = '';
  at = 0;
  /** Attribute qualified names, values (normalised and expanded) and offsets; `count` are in use. */
  readonly names: string[] = [];
  readonly values: string[] = [];
  readonly offsets: number[] = [];
  count = 0;
  selfClosing = false;
  /** The offset just after the tag's `>`. */
  end = 0;
}

const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;

export interface StartTagLimits {
  readonly maxAttributeChars: number;
  readonly maxAttributesPerElement: number;
}

/** Reads the start tag opening at `lt` (the `<`) into `tag`; stops at the first attribute over the cap. */
export function readStartTag(text: string, lt: number, tag: StartTag, limits: StartTagLimits): void {
  let p = nameEnd(text, lt + 1);
  if (p === lt + 1) throw new XmlSyntaxError(lt + 1 >= text.length ? "'<' at the end of the document" : "'<' not followed by a name (write &lt;)", lt);
  tag.name = text.slice(lt + 1, p);
  tag.at = lt;
  tag.count = 0;
  for (;;) {
    const before = p;
    while (isSpace(text.charCodeAt(p))) p++;
    const c = text.charCodeAt(p);
    if (c === GT) {
      tag.selfClosing = false;
      tag.end = p + 1;
      return;
    }
    if (c === SLASH) {
      if (text.charCodeAt(p + 1) !== GT) throw new XmlSyntaxError("expected '>' after '/'", p + 1);
      tag.selfClosing = true;
      tag.end = p + 2;
      return;
    }
    if (p >= text.length) throw new XmlSyntaxError(`start tag <${tag.name}> is not closed`, p);
    if (p === before) throw new XmlSyntaxError(`expected whitespace, '>' or '/>' in start tag <${tag.name}>`, p);
    if (tag.count === limits.maxAttributesPerElement) {
      throw new XmlSyntaxError(`more than ${limits.maxAttributesPerElement} attributes in <${tag.name}>`, p, 'xml_too_many_attributes', {
        element: tag.name.slice(0, 100), limit: limits.maxAttributesPerElement,
      });
    }
    p = readAttribute(text, p, tag, limits.maxAttributeChars);
  }
}

function readAttribute(text: string, at: number, tag: StartTag, maxAttributeChars: number): number {
  let p = nameEnd(text, at);
  if (p === at) throw new XmlSyntaxError(`expected an attribute name in start tag <${tag.name}>`, at);
  const name = text.slice(at, p);
  while (isSpace(text.charCodeAt(p))) p++;
  if (text.charCodeAt(p) !== EQUALS) throw new XmlSyntaxError(`expected '=' after attribute ${name}`, p);
  p++;
  while (isSpace(text.charCodeAt(p))) p++;
  const quote = text.charCodeAt(p);
  if (quote !== QUOTE && quote !== APOSTROPHE) throw new XmlSyntaxError(`the value of attribute ${name} must be quoted`, p);
  const close = text.indexOf(quote === QUOTE ? '"' : "'", p + 1);
  if (close < 0) throw new XmlSyntaxError(`the value of attribute ${name} is not closed`, p);
  const value = attributeValue(text.slice(p + 1, close), p + 1);
  if (value.length > maxAttributeChars) {
    throw new HocbaError('xml_attribute_too_large', { params: { size: value.length, limit: maxAttributeChars } });
  }
  const i = tag.count++;
  tag.names[i] = name;
  tag.values[i] = value;
  tag.offsets[i] = at;
  return close + 1;
}
