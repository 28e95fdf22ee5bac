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
}

type Container = { kind: 'array'; value: unknown[] } | { kind: 'object'; value: Record<string, unknown>; key: string | null };
/** value: a value may start; next: after a value (`,` or a close); key: an object key or `}`; colon: after a key. */
type Expect = 'value' | 'next' | 'key' | 'colon' | 'end';

const BOM = [0xef, 0xbb, 0xbf];
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const DELIMITERS = new Set([0x20, 0x09, 0x0a, 0x0d, 0x2c, 0x5d, 0x7d, 0x3a]);

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
  let token: { kind: 'string' | 'primitive'; decoder: TextDecoder; parts: string[]; escaped: boolean; length: number } | null = null;
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
    const { kind, decoder, parts, length } = token!;
    parts.push(decoder.decode());
    const text = parts.join('');
    token = null;
    step += length;
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
            at = readString(chunk, at, token);
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
            token = { kind: 'string', decoder: new TextDecoder(), parts: [], escaped: false, length: 0 };
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
            token = { kind: 'primitive', decoder: new TextDecoder(), parts: [], escaped: false, length: 0 };
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
 * Reads string bytes from `at` up to its closing quote: returns the offset after that quote, or -1 when the chunk
 * ends first (the token keeps what was read, and whether the chunk ended on a backslash).
 */
function readString(chunk: Uint8Array, at: number, token: { decoder: TextDecoder; parts: string[]; escaped: boolean; length: number }): number {
  const from = at;
  let end = at;
  for (;;) {
    if (token.escaped) {
      if (end >= chunk.length) break;
      token.escaped = false;
      end += 1;
      continue;
    }
    const quote = chunk.indexOf(0x22, end);
    const backslash = chunk.indexOf(0x5c, end);
    if (backslash !== -1 && (quote === -1 || backslash < quote)) {
      token.escaped = true;
      end = backslash + 1;
      continue;
    }
    if (quote === -1) {
      end = chunk.length;
      break;
    }
    token.parts.push(token.decoder.decode(chunk.subarray(from, quote), { stream: true }));
    token.length += quote - from;
    return quote + 1;
  }
  token.parts.push(token.decoder.decode(chunk.subarray(from, end), { stream: true }));
  token.length += end - from;
  return -1;
}
