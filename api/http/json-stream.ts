// A JSON request body parsed as it streams in, yielding to the event loop as it goes (issue 11): a school's 31 MB
// batch read with `await c.req.json()` was one synchronous block of UTF-8 decoding and JSON.parse (with the body
// concatenated first), during which no other request was answered. The value is the one JSON.parse would give
// (each string and number goes through JSON.parse itself, so escapes, control characters and number syntax are
// judged exactly as before); only the structure ({ } [ ] , :) is walked here.

/** Bytes handled between two yields to the event loop (one step); a string is finished in the step that ends it. */
export const JSON_STEP_BYTES = 256 * 1024;

export class MalformedJson extends Error {}

/** The work a parse did, counted so a test can bound it without a clock. */
export interface JsonStreamWork {
  /** Bytes read from the stream. */
  bytes: number;
  /** Times the parser gave the event loop a turn (a macrotask, not a microtask). */
  yields: number;
  /** The most bytes handled in one synchronous step, a finished string's own length included. */
  largestStep: number;
  /**
   * Bytes the string reader searched (for a quote or a backslash), each search's range counted: at most about twice
   * the bytes read, whatever the strings hold. Until issue 14 every escape searched again to the chunk's end, so
   * 128 KB of `\n` escapes kept the event loop for 1.5 s (a public POST /verify/claims body may be 8 MB).
   */
  scanned?: number;
}

type Container = { kind: 'array'; value: unknown[] } | { kind: 'object'; value: Record<string, unknown>; key: string | null };
/** A string (or a bare number / literal) being read: its bytes so far, decoded as they come. */
interface Token {
  readonly kind: 'string' | 'primitive';
  readonly decoder: TextDecoder;
  readonly parts: string[];
  /** The chunk ended just after a backslash: the next byte is escaped. */
  escaped: boolean;
  /** A backslash was seen: the string's value is what JSON.parse makes of its escapes. */
  hadEscape: boolean;
  length: number;
}
/** value: a value may start; next: after a value (`,` or a close); key: an object key or `}`; colon: after a key. */
type Expect = 'value' | 'next' | 'key' | 'colon' | 'end';

const BOM = [0xef, 0xbb, 0xbf];
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const DELIMITERS = new Set([0x20, 0x09, 0x0a, 0x0d, 0x2c, 0x5d, 0x7d, 0x3a]);
// What JSON (RFC 8259 §7) forbids unescaped in a string.
const CONTROL_CHARACTER = /[\u0000-\u001f]/;

/**
 * Parses a JSON body of at most `maxBytes` bytes from `stream`. Throws MalformedJson for what JSON.parse would refuse
 * (and for an empty body), `tooLarge()`'s error past `maxBytes`.
 */
export async function parseJsonStream(
  stream: ReadableStream<Uint8Array>, options: { maxBytes: number; tooLarge: () => Error; work?: JsonStreamWork },
): Promise<unknown> {
  const work = options.work ?? { bytes: 0, yields: 0, largestStep: 0 };
  const stack: Container[] = [];
  let expect = 'value' as Expect;
  let root: unknown;
  let hasRoot = false;
  // A string (or a bare number / literal) being read: its bytes so far, decoded as they come.
  let token: Token | null = null;
  let step = 0;
  /** Bytes of a leading byte order mark seen so far; -1 once past it. */
  let bom = 0;

  // Just after `{` or `[`: the one place a close may come without a value before it.
  let fresh = false;
  const place = (value: unknown) => {
    fresh = false;
    const top = stack[stack.length - 1];
    if (!top) {
      root = value;
      hasRoot = true;
      expect = 'end';
    } else if (top.kind === 'array') {
      top.value.push(value);
      expect = 'next';
    } else if (expect === 'key') {
      if (typeof value !== 'string') throw new MalformedJson();
      top.key = value;
      expect = 'colon';
    } else {
      // As JSON.parse does: `__proto__` is an own property like any other key, never the object's prototype.
      Object.defineProperty(top.value, top.key!, { value, writable: true, enumerable: true, configurable: true });
      top.key = null;
      expect = 'next';
    }
  };
  const finishToken = () => {
    const { kind, decoder, parts, length, hadEscape } = token!;
    parts.push(decoder.decode());
    const text = parts.join('');
    token = null;
    step += length;
    // A string without a backslash is its text as it stands: JSON.parse would only refuse a control character in it.
    // (A package is 12 KB to 2 MB of base64: parsing it again was a copy and a scan of every byte for nothing.)
    if (kind === 'string' && !hadEscape) {
      if (CONTROL_CHARACTER.test(text)) throw new MalformedJson();
      place(text);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(kind === 'string' ? `"${text}"` : text);
    } catch {
      throw new MalformedJson();
    }
    place(value);
  };

  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value: read } = await reader.read();
      if (done) break;
      work.bytes += read.length;
      if (work.bytes > options.maxBytes) throw options.tooLarge();
      // A body buffered whole upstream (a chunked one, by the body-size cap) arrives as one chunk: cut it in steps.
      for (let piece = 0; piece < read.length; piece += JSON_STEP_BYTES) {
        const chunk = read.subarray(piece, piece + JSON_STEP_BYTES);
        const scan: ChunkScan = { chunk, quote: -1, backslash: -1 };
        let at = 0;
        // The UTF-8 byte order mark, as `Response.json()` drops it (even cut across chunks).
        while (bom >= 0 && bom < BOM.length && at < chunk.length) {
          if (chunk[at] !== BOM[bom]) {
            if (bom > 0) throw new MalformedJson();
            bom = -1;
            break;
          }
          bom += 1;
          at += 1;
        }
        if (bom === BOM.length) bom = -1;
        while (at < chunk.length) {
          if (token?.kind === 'string') {
            at = readString(scan, at, token, work);
            if (at === -1) break;
            finishToken();
            continue;
          }
          if (token?.kind === 'primitive') {
            let end = at;
            while (end < chunk.length && !DELIMITERS.has(chunk[end]!)) end += 1;
            token.parts.push(token.decoder.decode(chunk.subarray(at, end), { stream: true }));
            token.length += end - at;
            at = end;
            if (at === chunk.length) break;
            finishToken();
            continue;
          }
          const byte = chunk[at]!;
          if (WHITESPACE.has(byte)) {
            at += 1;
            continue;
          }
          at += 1;
          if (byte === 0x22 && (expect === 'value' || expect === 'key')) {
            fresh = false;
            token = { kind: 'string', decoder: new TextDecoder(), parts: [], escaped: false, hadEscape: false, length: 0 };
          } else if (expect === 'value' && (byte === 0x7b || byte === 0x5b)) {
            stack.push(byte === 0x7b ? { kind: 'object', value: {}, key: null } : { kind: 'array', value: [] });
            expect = byte === 0x7b ? 'key' : 'value';
            fresh = true;
          } else if (fresh && (byte === 0x7d || byte === 0x5d)) {
            // An empty container: `{}` or `[]`, nothing placed in it yet.
            const top = stack.pop()!;
            if ((top.kind === 'array') !== (byte === 0x5d)) throw new MalformedJson();
            // Opening `{` left `key` expected; the empty object is a value where its parent expected one. Without
            // this, `{"a":{}}` was placed as a key and refused although JSON.parse reads it.
            expect = 'value';
            place(top.value);
          } else if (expect === 'value' && byte !== 0x7d && byte !== 0x5d && byte !== 0x2c && byte !== 0x3a) {
            token = { kind: 'primitive', decoder: new TextDecoder(), parts: [], escaped: false, hadEscape: false, length: 0 };
            at -= 1;
          } else if (expect === 'colon' && byte === 0x3a) {
            expect = 'value';
          } else if (expect === 'next' && byte === 0x2c) {
            expect = stack[stack.length - 1]!.kind === 'array' ? 'value' : 'key';
          } else if (expect === 'next' && (byte === 0x5d || byte === 0x7d)) {
            const top = stack.pop()!;
            if ((top.kind === 'array') !== (byte === 0x5d)) throw new MalformedJson();
            place(top.value);
          } else {
            throw new MalformedJson();
          }
        }
        step += chunk.length;
        if (step >= JSON_STEP_BYTES) {
          work.largestStep = Math.max(work.largestStep, step);
          step = 0;
          work.yields += 1;
          // A macrotask: a chunk already queued would otherwise resolve `read()` as a microtask, and I/O would wait.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
  work.largestStep = Math.max(work.largestStep, step);
  if (token?.kind === 'primitive') finishToken();
  if (token !== null || stack.length > 0 || !hasRoot) throw new MalformedJson();
  return root;
}

/**
 * Where the next quote and the next backslash of one chunk are, as far as known: each is searched for again only once
 * the reading has passed it, so all the strings of a chunk together search each of its bytes at most twice.
 */
interface ChunkScan {
  readonly chunk: Uint8Array;
  quote: number;
  backslash: number;
}

/** The next `byte` at or after `at` in the scan's chunk, or the chunk's length when there is none; counted. */
function nextOf(scan: ChunkScan, byte: number, at: number, work: JsonStreamWork): number {
  const found = scan.chunk.indexOf(byte, at);
  const position = found === -1 ? scan.chunk.length : found;
  work.scanned = (work.scanned ?? 0) + (Math.min(scan.chunk.length, position + 1) - at);
  return position;
}

/**
 * Reads string bytes from `at` up to its closing quote: returns the offset after that quote, or -1 when the chunk
 * ends first (the token keeps what was read, and whether the chunk ended on a backslash).
 */
function readString(scan: ChunkScan, at: number, token: Token, work: JsonStreamWork): number {
  const { chunk } = scan;
  const from = at;
  let end = at;
  for (;;) {
    if (token.escaped) {
      if (end >= chunk.length) break;
      token.escaped = false;
      end += 1;
      continue;
    }
    if (scan.quote < end) scan.quote = nextOf(scan, 0x22, end, work);
    if (scan.backslash < end) scan.backslash = nextOf(scan, 0x5c, end, work);
    if (scan.backslash < scan.quote) {
      token.escaped = true;
      token.hadEscape = true;
      end = scan.backslash + 1;
      continue;
    }
    if (scan.quote === chunk.length) {
      end = chunk.length;
      break;
    }
    token.parts.push(token.decoder.decode(chunk.subarray(from, scan.quote), { stream: true }));
    token.length += scan.quote - from;
    return scan.quote + 1;
  }
  token.parts.push(token.decoder.decode(chunk.subarray(from, end), { stream: true }));
  token.length += end - from;
  return -1;
}
