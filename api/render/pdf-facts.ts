// Reads the two facts a copy check needs out of an untrusted PDF — the document information's Subject and Keywords
// (api/render/index.ts writes the copy number and the lookup code there) — and nothing else, within caps on bytes,
// objects and inflated bytes (issue 11: pdf-lib's load inflated a 1 GB object stream and logged each broken object).
// No general PDF parser: one linear scan indexes `N G obj`, the trailer names /Info, and an object stream is
// inflated only when /Info is not a plain object, through zlib with `maxOutputLength` = what is left of the budget.
import { inflateSync } from 'node:zlib';
import { checkSeal, type SealFinding } from './seal/check.ts';

export interface PdfCaps {
  /** Bytes of the PDF itself. */
  readonly maxBytes: number;
  /** Indirect objects, plain and inside object streams. */
  readonly maxObjects: number;
  /** Bytes inflated across the whole document, every filter stage counted. */
  readonly maxInflatedBytes: number;
}

/** A copy the registry issues is ~50 KB with ~40 objects and nothing to inflate; these leave a wide margin. */
export const DEFAULT_PDF_CAPS: PdfCaps = { maxBytes: 16 * 1024 * 1024, maxObjects: 10_000, maxInflatedBytes: 1024 * 1024 };

/** The work a reading did: what the caps bound, counted so tests can assert it. */
export interface PdfWork {
  readonly objects: number;
  readonly inflatedBytes: number;
  readonly streamsInflated: number;
}

export interface PdfReading {
  readonly subject: string;
  readonly keywords: string;
  readonly work: PdfWork;
  /** Set when a cap was reached: nothing more was read. */
  readonly overCap: 'bytes' | 'objects' | 'inflated' | null;
}

type Work = { -readonly [K in keyof PdfWork]: PdfWork[K] };

/** What a copy check reads: the lookup code and the copy number, with the work it took. */
export interface PdfCopyReading {
  readonly code: string | null;
  readonly copyNumber: number | null;
  readonly work: PdfWork;
  readonly overCap: PdfReading['overCap'];
  /** The seal as found in the file (seal/check.ts); whose it is, the caller decides. */
  readonly seal: SealFinding;
}

const HEX32 = /\b([0-9A-F]{32})\b/i;
const GROUPED = /\b((?:[0-9A-F]{4} ){7}[0-9A-F]{4})\b/i;
const IN_URL = /\/tra-cuu\/([0-9A-F]{32})/i;
const COPY = /(?:bản sao số|copy no\.?)\s*(\d{1,9})/i;

/**
 * The lookup code from the keywords, else the record URL or the grouped code anywhere in the uncompressed bytes;
 * the copy number from the subject. A PDF is never trusted: the code only says which registered record to show.
 */
export function readCopyFacts(bytes: Uint8Array, caps: PdfCaps = DEFAULT_PDF_CAPS): PdfCopyReading {
  const reading = readPdfFacts(bytes, caps);
  if (reading.overCap) return { code: null, copyNumber: null, work: reading.work, overCap: reading.overCap, seal: { kind: 'none' } };
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  const seal = checkSeal(bytes, raw);
  const code = HEX32.exec(reading.keywords)?.[1] ?? IN_URL.exec(raw)?.[1] ?? GROUPED.exec(raw)?.[1]?.replace(/ /g, '') ?? null;
  const copy = COPY.exec(reading.subject.normalize('NFC'))?.[1];
  return { code: code?.toUpperCase() ?? null, copyNumber: copy ? Number(copy) : null, work: reading.work, overCap: null, seal };
}

const WS = '[ \\t\\r\\n\\f\\0]';
const OBJECT = new RegExp(`(?<![0-9])(\\d{1,10})${WS}+(\\d{1,5})${WS}+obj(?![A-Za-z])`, 'g');
const INFO = new RegExp(`/Info${WS}*(\\d{1,10})${WS}+(\\d{1,5})${WS}+R`, 'g');
/** A dictionary is read only this far: the Info of a copy is ~1 KB. */
const MAX_OBJECT_CHARS = 64 * 1024;

class OverCap extends Error {
  readonly cap: 'objects' | 'inflated';
  constructor(cap: 'objects' | 'inflated') {
    super(cap);
    this.cap = cap;
  }
}

export function readPdfFacts(bytes: Uint8Array, caps: PdfCaps = DEFAULT_PDF_CAPS): PdfReading {
  const work: Work = { objects: 0, inflatedBytes: 0, streamsInflated: 0 };
  const empty = (overCap: PdfReading['overCap']): PdfReading => ({ subject: '', keywords: '', work, overCap });
  if (bytes.length > caps.maxBytes) return empty('bytes');
  // A flood of objects is refused from the first windows it fills, before the whole file becomes one string.
  if (objectsPastCap(bytes, caps, work)) return empty('objects');
  // latin1 keeps one character per byte, so offsets in the text are offsets in the file.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  try {
    const objects = indexObjects(text, caps, work);
    const info = lastInfoRef(text);
    if (info === null) return empty(null);
    let body = objects.has(info) ? objectText(text, objects.get(info)!) : null;
    body ??= findInObjectStreams(text, objects, info, caps, work);
    if (body === null) return empty(null);
    const resolve = (ref: number) => (objects.has(ref) ? objectText(text, objects.get(ref)!) : null);
    const entries = readDictionary(body, ['Subject', 'Keywords'], resolve);
    return { subject: entries.get('Subject') ?? '', keywords: entries.get('Keywords') ?? '', work, overCap: null };
  } catch (error) {
    if (error instanceof OverCap) return empty(error.cap);
    throw error;
  }
}

/** Object number → offset just after its `obj` keyword; a later definition wins (incremental updates). */
function indexObjects(text: string, caps: PdfCaps, work: Work): Map<number, number> {
  const found = new Map<number, number>();
  for (const match of text.matchAll(OBJECT)) {
    work.objects += 1;
    if (work.objects > caps.maxObjects) throw new OverCap('objects');
    found.set(Number(match[1]), match.index + match[0].length);
  }
  return found;
}

/** Bytes of the file read as text at a time by `objectsPastCap`. */
const WINDOW_BYTES = 256 * 1024;
/** Context read before a window (the look-behind of OBJECT) and after it (a match that ends past it). */
const BEFORE = 16;
const AFTER = 64;

/**
 * Whether the file holds more than `maxObjects` objects, counted a window at a time and stopping at the first count
 * past the cap (then `work.objects` is cap + 1, as the full index reports). A match is counted by the window it
 * starts in; one whose whitespace runs past AFTER is missed here and counted by the full index, so this can only
 * answer "past the cap" early, never wrongly.
 */
function objectsPastCap(bytes: Uint8Array, caps: PdfCaps, work: Work): boolean {
  if (bytes.length <= WINDOW_BYTES) return false;
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let count = 0;
  for (let start = 0; start < file.length; start += WINDOW_BYTES) {
    const from = Math.max(0, start - BEFORE);
    const text = file.toString('latin1', from, Math.min(file.length, start + WINDOW_BYTES + AFTER));
    const own = Math.min(WINDOW_BYTES, file.length - start);
    for (const match of text.matchAll(OBJECT)) {
      const at = match.index - (start - from);
      if (at < 0) continue;
      if (at >= own) break;
      count += 1;
      if (count > caps.maxObjects) {
        work.objects = count;
        return true;
      }
    }
  }
  return false;
}

function lastInfoRef(text: string): number | null {
  let last: number | null = null;
  for (const match of text.matchAll(INFO)) last = Number(match[1]);
  return last;
}

function objectText(text: string, start: number): string {
  const end = text.indexOf('endobj', start);
  return text.slice(start, Math.min(end === -1 ? text.length : end, start + MAX_OBJECT_CHARS));
}

/** /Info inside an object stream (PDF 1.5 §7.5.7): each stream is inflated, within the budget, until it is found. */
function findInObjectStreams(text: string, objects: Map<number, number>, wanted: number, caps: PdfCaps, work: Work): string | null {
  for (const start of objects.values()) {
    const head = text.slice(start, start + 2048);
    const streamAt = head.indexOf('stream');
    if (streamAt === -1) continue;
    const dict = head.slice(0, streamAt);
    if (!/\/Type\s*\/ObjStm\b/.test(dict) || /\/DecodeParms/.test(dict)) continue;
    const filters = filtersOf(dict);
    if (filters === null) continue;
    const data = streamData(text, start + streamAt, dict, objects);
    let decoded: Buffer = Buffer.from(data, 'latin1');
    for (let stage = 0; stage < filters; stage++) decoded = inflateWithin(decoded, caps, work);
    const found = objectInStream(decoded.toString('latin1'), dict, wanted, caps, work);
    if (found !== null) return found;
  }
  return null;
}

/** How many FlateDecode stages (`/FlateDecode` or `[/FlateDecode /FlateDecode …]`); null for any other filter. */
function filtersOf(dict: string): number | null {
  const match = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict);
  if (!match) return 0;
  const names = match[1]!.match(/\/[A-Za-z0-9]+/g) ?? [];
  return names.every((name) => name === '/FlateDecode' || name === '/Fl') ? names.length : null;
}

function streamData(text: string, streamKeyword: number, dict: string, objects: Map<number, number>): string {
  let start = streamKeyword + 'stream'.length;
  if (text[start] === '\r') start += 1;
  if (text[start] === '\n') start += 1;
  const length = /\/Length\s+(\d{1,10})(?:\s+(\d{1,5})\s+R)?/.exec(dict);
  let size = length ? Number(length[1]) : NaN;
  if (length?.[2] !== undefined) {
    const at = objects.get(size);
    size = at === undefined ? NaN : Number(/^\s*(\d{1,10})/.exec(text.slice(at, at + 32))?.[1] ?? NaN);
  }
  if (Number.isSafeInteger(size) && start + size <= text.length) return text.slice(start, start + size);
  const end = text.indexOf('endstream', start);
  return text.slice(start, end === -1 ? text.length : end);
}

/** One inflate stage that may produce only what is left of the document's budget. */
function inflateWithin(data: Buffer, caps: PdfCaps, work: Work): Buffer {
  const left = caps.maxInflatedBytes - work.inflatedBytes;
  if (left <= 0) throw new OverCap('inflated');
  work.streamsInflated += 1;
  try {
    const out = inflateSync(data, { maxOutputLength: left });
    work.inflatedBytes += out.length;
    return out;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      // zlib stopped at the cap: the budget is spent, whatever the stream would have become.
      work.inflatedBytes = caps.maxInflatedBytes;
      throw new OverCap('inflated');
    }
    return Buffer.alloc(0); // corrupt data: nothing to read there
  }
}

function objectInStream(decoded: string, dict: string, wanted: number, caps: PdfCaps, work: Work): string | null {
  const count = Number(/\/N\s+(\d{1,10})/.exec(dict)?.[1] ?? 0);
  const first = Number(/\/First\s+(\d{1,10})/.exec(dict)?.[1] ?? NaN);
  if (!Number.isSafeInteger(first) || first > decoded.length) return null;
  work.objects += count;
  if (work.objects > caps.maxObjects) throw new OverCap('objects');
  const pairs = decoded.slice(0, first).trim().split(/\s+/).map(Number);
  for (let i = 0; i + 1 < pairs.length && i < 2 * count; i += 2) {
    if (pairs[i] !== wanted) continue;
    const start = first + pairs[i + 1]!;
    const next = pairs[i + 3];
    const end = next === undefined ? decoded.length : first + next;
    return decoded.slice(start, Math.min(end > start ? end : decoded.length, start + MAX_OBJECT_CHARS));
  }
  return null;
}

/**
 * The text values of some keys of the dictionary at the start of `body` (PDF 32000-1 §7.3.7, §7.9.2): literal or
 * hex strings, or a reference to an object holding one (followed once, never further).
 */
function readDictionary(body: string, keys: readonly string[], resolve: (ref: number) => string | null): Map<string, string> {
  const tokens = tokenize(body);
  const found = new Map<string, string>();
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'open') depth += 1;
    else if (token.kind === 'close') {
      depth -= 1;
      if (depth <= 0) break;
    } else if (depth === 1 && token.kind === 'name' && keys.includes(token.value)) {
      const value = tokens[i + 1];
      if (value?.kind === 'string') found.set(token.value, decodeTextString(value.value));
      else if (value?.kind === 'number' && tokens[i + 2]?.kind === 'number' && tokens[i + 3]?.kind === 'ref') {
        const target = resolve(Number(value.value));
        const inner = target === null ? undefined : tokenize(target.slice(0, 4096)).find((each) => each.kind === 'string');
        if (inner) found.set(token.value, decodeTextString(inner.value));
      }
    }
  }
  return found;
}

type Token = { kind: 'open' | 'close' | 'ref' | 'other'; value: string } | { kind: 'name' | 'string' | 'number'; value: string };

/** The few PDF tokens a dictionary needs; strings come back as their bytes (one latin1 character each). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length && tokens.length < 4096) {
    const char = text[at]!;
    if (/[ \t\r\n\f\0]/.test(char)) { at += 1; continue; }
    if (char === '%') { while (at < text.length && text[at] !== '\r' && text[at] !== '\n') at += 1; continue; }
    if (text.startsWith('<<', at)) { tokens.push({ kind: 'open', value: '<<' }); at += 2; continue; }
    if (text.startsWith('>>', at)) { tokens.push({ kind: 'close', value: '>>' }); at += 2; continue; }
    if (char === '<') {
      const end = text.indexOf('>', at);
      const hex = text.slice(at + 1, end === -1 ? text.length : end).replace(/[^0-9A-Fa-f]/g, '');
      tokens.push({ kind: 'string', value: Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex').toString('latin1') });
      at = end === -1 ? text.length : end + 1;
      continue;
    }
    if (char === '(') { const [value, end] = literalString(text, at); tokens.push({ kind: 'string', value }); at = end; continue; }
    if (char === '/') {
      const name = /^\/([^ \t\r\n\f\0()<>[\]{}/%]*)/.exec(text.slice(at, at + 128))![1]!;
      tokens.push({ kind: 'name', value: name });
      at += 1 + name.length;
      continue;
    }
    const word = /^[^ \t\r\n\f\0()<>[\]{}/%]+/.exec(text.slice(at, at + 64))?.[0] ?? char;
    tokens.push({ kind: /^[+-]?\d+(\.\d*)?$/.test(word) ? 'number' : word === 'R' ? 'ref' : 'other', value: word });
    at += word.length;
  }
  return tokens;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };

/** A literal string from its `(`: balanced parentheses, backslash escapes, octal codes, line continuations. */
function literalString(text: string, open: number): [string, number] {
  let out = '';
  let depth = 0;
  for (let at = open; at < text.length; at++) {
    const char = text[at]!;
    if (char === '\\') {
      const next = text[at + 1] ?? '';
      const octal = /^[0-7]{1,3}/.exec(text.slice(at + 1, at + 4))?.[0];
      if (octal) { out += String.fromCharCode(parseInt(octal, 8) & 0xff); at += octal.length; }
      else if (next === '\r' || next === '\n') at += text[at + 1] === '\r' && text[at + 2] === '\n' ? 2 : 1;
      else { out += ESCAPES[next] ?? next; at += 1; }
      continue;
    }
    if (char === '(') { depth += 1; if (depth === 1) continue; }
    if (char === ')') { depth -= 1; if (depth === 0) return [out, at + 1]; }
    out += char;
  }
  return [out, text.length];
}

/** PDF text strings (§7.9.2.2): UTF-16BE with its BOM, UTF-8 with its BOM (PDF 2.0), else PDFDocEncoding ≈ Latin-1. */
function decodeTextString(raw: string): string {
  const bytes = Buffer.from(raw, 'latin1');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = bytes.subarray(2, 2 + ((bytes.length - 2) & ~1));
    return Buffer.from(body).swap16().toString('utf16le');
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return raw;
}
