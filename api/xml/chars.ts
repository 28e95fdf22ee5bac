// XML 1.0 (5th ed.) §2.3 Name, NameStartChar and NameChar, and §2.2 Char, with a table for the ASCII fast path.
import type { IssueCode, IssueParams } from '../errors.ts';

/**
 * A well-formedness error at `at` (an offset in the text the thrower was given); the parser adds line and column.
 * `code`: a more precise issue code than xml_malformed (its message takes `params` plus detail, line and column).
 */
export class XmlSyntaxError extends Error {
  readonly at: number;
  readonly code: IssueCode;
  readonly params: IssueParams;

  constructor(message: string, at: number, code: IssueCode = 'xml_malformed', params: IssueParams = {}) {
    super(message);
    this.at = at;
    this.code = code;
    this.params = params;
  }
}

/** NCName (Namespaces in XML §3): a Name without a colon, as xml:id values must be (xml:id §4). */
export function isNcName(value: string): boolean {
  return value !== '' && !value.includes(':') && nameEnd(value, 0) === value.length;
}

const START = 1;
const PART = 2;
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a;
  const other = (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
  ASCII[c] = letter ? START | PART : other ? PART : 0;
}

function isWideStart(c: number): boolean {
  return (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff)
    || (c >= 0x370 && c <= 0x37d) || (c >= 0x37f && c <= 0x1fff) || c === 0x200c || c === 0x200d
    || (c >= 0x2070 && c <= 0x218f) || (c >= 0x2c00 && c <= 0x2fef) || (c >= 0x3001 && c <= 0xd7ff)
    || (c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xfffd) || (c >= 0x10000 && c <= 0xeffff);
}

function isWidePart(c: number): boolean {
  return isWideStart(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

/**
 * The end of the Name starting at `at` (== `at` when there is none). The text is known to be well-formed UTF-16
 * (checked before parsing), so a high surrogate is always followed by its low half.
 */
export function nameEnd(text: string, at: number): number {
  let i = at;
  const length = text.length;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if ((ASCII[c]! & (i === at ? START : PART)) === 0) return i;
      i++;
      continue;
    }
    const point = c >= 0xd800 && c <= 0xdbff ? text.codePointAt(i)! : c;
    if (!(i === at ? isWideStart(point) : isWidePart(point))) return i;
    i += point > 0xffff ? 2 : 1;
  }
  return i;
}

/** §2.2 Char: what a character reference may produce. */
export function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd)
    || (c >= 0x10000 && c <= 0x10ffff);
}

/**
 * The first character no XML 1.0 document may hold (-1 if none): C0 controls but tab, LF and CR; U+FFFE and
 * U+FFFF; lone surrogates. `bytes`: the UTF-8 the text was decoded from by a fatal decoder (so no lone surrogate):
 * a byte below 0x20 is always that character in UTF-8, and memchr over bytes is far faster than a regex over text.
 */
export function firstIllegalCharacter(text: string, bytes?: Uint8Array): number {
  const control = bytes === undefined ? CONTROL.test(text) : hasControlByte(bytes);
  if (control || text.indexOf('\ufffe') >= 0 || text.indexOf('\uffff') >= 0) return ILLEGAL.exec(text)!.index;
  if (bytes !== undefined || text.isWellFormed()) return -1;
  return LONE_SURROGATE.exec(text)!.index;
}

function hasControlByte(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const byte of CONTROL_BYTES) if (buffer.indexOf(byte) >= 0) return true;
  return false;
}

const CONTROL_BYTES = Array.from({ length: 32 }, (_, byte) => byte).filter((byte) => byte !== 0x9 && byte !== 0xa && byte !== 0xd);
const CONTROL = /[\0-\x08\x0b\x0c\x0e-\x1f]/;
const ILLEGAL = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const LONE_SURROGATE = /\p{Surrogate}/u;

/** S (§2.3): space, tab, line feed (carriage returns are gone after line-end normalisation), and CR for safety. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0xa || c === 0x9 || c === 0xd;
}
