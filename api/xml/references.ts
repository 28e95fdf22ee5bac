// Character data as the XML 1.0 spec reads it: the five predefined entities, character references (§4.1) and
// attribute-value normalisation (§3.3.3). No other entity exists here: there is never a DTD to declare one.
import { isXmlChar, XmlSyntaxError } from './chars.ts';

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** `raw` with every reference replaced; `raw` holds at least one `&` and starts at offset `base` of the document. */
export function expandReferences(raw: string, base: number): string {
  let out = '';
  let from = 0;
  let amp = raw.indexOf('&');
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi < 0) throw new XmlSyntaxError("'&' without a reference (write &amp;)", base + amp);
    out += raw.slice(from, amp) + referenced(raw, amp, semi, base);
    from = semi + 1;
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}

function referenced(raw: string, amp: number, semi: number, base: number): string {
  if (raw.charCodeAt(amp + 1) !== 0x23) {
    const name = raw.slice(amp + 1, semi);
    const value = Object.hasOwn(PREDEFINED, name) ? PREDEFINED[name] : undefined;
    if (value === undefined) throw new XmlSyntaxError(`undeclared entity &${name.slice(0, 40)};`, base + amp);
    return value;
  }
  const hex = raw.charCodeAt(amp + 2) === 0x78;
  const start = amp + (hex ? 3 : 2);
  if (start === semi) throw new XmlSyntaxError('empty character reference', base + amp);
  let code = 0;
  for (let i = start; i < semi; i++) {
    const digit = digitOf(raw.charCodeAt(i), hex);
    if (digit < 0) throw new XmlSyntaxError('malformed character reference', base + amp);
    code = code * (hex ? 16 : 10) + digit;
    if (code > 0x10ffff) throw new XmlSyntaxError('character reference out of range', base + amp);
  }
  if (!isXmlChar(code)) throw new XmlSyntaxError(`character reference to a forbidden character U+${code.toString(16).toUpperCase().padStart(4, '0')}`, base + amp);
  return String.fromCodePoint(code);
}

function digitOf(c: number, hex: boolean): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (!hex) return -1;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

const WHITESPACE = /[\t\n\r]/g;

/**
 * An attribute value's raw text between its quotes → its value (§3.3.3, CDATA type): each literal tab, line feed
 * or carriage return becomes a space, then references are expanded (a `&#10;` stays a line feed). `<` is refused.
 */
export function attributeValue(raw: string, base: number): string {
  let special = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c > 0x3c) continue;
    if (c === 0x3c) throw new XmlSyntaxError("'<' in an attribute value (write &lt;)", base + i);
    if (c === 0x26) special |= 1;
    else if (c === 0x9 || c === 0xa || c === 0xd) special |= 2;
  }
  if (special === 0) return raw;
  const spaced = special & 2 ? raw.replace(WHITESPACE, ' ') : raw;
  return special & 1 ? expandReferences(spaced, base) : spaced;
}
