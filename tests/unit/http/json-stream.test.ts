// A push body parsed as it streams in (issue 11): the same value or refusal as JSON.parse, however the bytes are cut
// into chunks, and the event loop gets a turn every JSON_STEP_BYTES — counted (yields, largest step), never timed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JSON_STEP_BYTES, MalformedJson, parseJsonStream, type JsonStreamWork } from '../../../api/http/json-stream.ts';

function streamOf(bytes: Uint8Array, cut: (at: number) => number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const end = Math.min(bytes.length, at + Math.max(1, cut(at)));
      controller.enqueue(bytes.slice(at, end));
      at = end;
    },
  });
}

const tooLarge = () => new Error('too large');

async function parsed(text: string, cut: (at: number) => number, work?: JsonStreamWork): Promise<unknown> {
  try {
    return await parseJsonStream(streamOf(Buffer.from(text, 'utf8'), cut), { maxBytes: 1 << 30, tooLarge, ...(work ? { work } : {}) });
  } catch (error) {
    if (error instanceof MalformedJson) return 'MALFORMED';
    throw error;
  }
}

/** What the validator's `c.req.json()` gave: JSON.parse after dropping a UTF-8 byte order mark (Response.json). */
function expected(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\ufeff/, '')) as unknown;
  } catch {
    return 'MALFORMED';
  }
}

const CASES = [
  '{"packages":["QUJD","REVG"]}', '{"package":"H4sI\\/AAA"}', '{ "packages" : [ ] }', '{}', '[]', '[[],{},[{}]]',
  '{"a":1,"b":-2.5e3,"c":true,"d":false,"e":null,"f":"x\\u00e9y\\"z\\\\"}', '"Đặng Thị Hà 🙂"', '  7  ', '\ufeff{"a":1}',
  '{"__proto__":{"polluted":1}}', '{"a":1,"a":2}',
  // an empty object as a member's value was taken for a key and refused (found by the claims check, issue 18)
  '{"a":{}}', '{"a":{},"b":1}', '{"a":{"b":{}}}', '{"a":null,"b":{}}', '[{"a":{}}]', '{"a":[{}],"b":{"c":[]}}',
  // refused by JSON.parse, so by the stream too
  '', '{', '{"package":', '{"a":1,}', '[1,]', '[1 2]', '{"a" 1}', '{1:2}', '{"a":1}}', '{"a":1} x', '["tab\there"]', '[01]',
  '[tru]', '{"a":[}', '[}', '{]', '"unterminated', '[1,,2]', ',', ':', '{"a"::1}', '["\\x"]',
];

describe('parseJsonStream', () => {
  it.each(CASES)('answers %j exactly as JSON.parse, in one chunk, byte by byte and in chunks of 3', async (text) => {
    for (const cut of [() => 1 << 20, () => 1, () => 3]) {
      const value = await parsed(text, cut);
      expect(value).toEqual(expected(text));
      if (value !== null && typeof value === 'object' && Object.hasOwn(expected(text) as object, '__proto__')) {
        // An own property, as JSON.parse makes it: never the object's prototype.
        expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
        expect(Object.keys(value)).toEqual(['__proto__']);
      }
    }
  });

  // From the socket (64 KiB chunks) and buffered whole upstream (one chunk: a chunked body after the size cap).
  it.each([64 * 1024, 1 << 30])('reads a 31 MB batch arriving in chunks of %i bytes in steps, yielding between them', async (size) => {
    const one = 'H4sIAAAAAAAA'.repeat(5_200); // ~62 KB of base64, like the bench's 2 MB-inflating packages
    const body = JSON.stringify({ packages: Array.from({ length: 500 }, (_, i) => `${one}${i}`) });
    const work: JsonStreamWork = { bytes: 0, yields: 0, largestStep: 0 };
    const value = await parsed(body, () => size, work) as { packages: string[] };
    expect(value.packages).toHaveLength(500);
    expect(value.packages[499]).toBe(`${one}499`);
    expect(work.bytes).toBe(Buffer.byteLength(body));
    // Never the whole body in one synchronous block: at most one step's bytes, plus the piece and the strings that end it.
    const most = 2 * JSON_STEP_BYTES + 2 * one.length;
    expect(work.largestStep).toBeLessThanOrEqual(most);
    expect(work.yields).toBeGreaterThanOrEqual(Math.floor(work.bytes / most));
  });

  it('reads every JSON value fast-check makes exactly as JSON.parse, whole and in chunks of 1–7 bytes (seeded)', async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.integer({ min: 1, max: 7 }), async (value, size) => {
      const text = JSON.stringify(value);
      expect(await parsed(text, () => 1 << 20)).toEqual(JSON.parse(text));
      expect(await parsed(text, () => size)).toEqual(JSON.parse(text));
    }), { seed: 20261203, numRuns: 300 });
  });

  // Issue 14: each escape searched for the next quote and backslash again to the chunk's end, and each string for a
  // backslash to the chunk's end: 128 KB of `\n` kept the event loop 1.5 s (quadratic), and a 256 KB step of packages
  // was searched about twenty times over. The bytes searched are counted: at most twice the bytes read, plus one
  // search per chunk that ends inside a string.
  it.each([
    ['a string of 64 Ki escapes', `{"packages":["${'\\n'.repeat(65_536)}"]}`],
    ['escaped quotes', `["${'\\"'.repeat(50_000)}"]`],
    ['an escape before every quote of 20,000 short strings', `[${Array.from({ length: 20_000 }, () => '"a\\tb"').join(',')}]`],
    ['200 packages of base64', JSON.stringify({ packages: Array.from({ length: 200 }, (_, i) => `${'H4sIAAAA'.repeat(1_500)}${i}`) })],
  ])('searches the bytes of %s at most twice over, however they are cut', async (_what, text) => {
    for (const size of [1 << 30, 64 * 1024, 7]) {
      const work: JsonStreamWork = { bytes: 0, yields: 0, largestStep: 0, scanned: 0 };
      expect(await parsed(text, () => size, work)).toEqual(JSON.parse(text));
      const chunks = Math.ceil(work.bytes / Math.min(size, JSON_STEP_BYTES));
      // Every byte inside a string is searched (these bodies are mostly strings), and none more than twice.
      expect(work.scanned).toBeGreaterThanOrEqual(work.bytes / 2);
      expect(work.scanned).toBeLessThanOrEqual(2 * work.bytes + 2 * chunks);
    }
  });

  it('refuses a control character in a string without escapes, as JSON.parse does, and keeps every other character', async () => {
    for (let code = 0; code < 0x20; code++) expect(await parsed(`["a${String.fromCharCode(code)}b"]`, () => 1 << 20)).toBe('MALFORMED');
    const kept = `Đặng Thị Hà 🙂 \u007f${String.fromCharCode(0x7f, 0x80, 0x2028)}`;
    expect(await parsed(JSON.stringify([kept]), () => 3)).toEqual([kept]);
  });

  it('stops reading past maxBytes with the caller\'s error', async () => {
    const stream = streamOf(Buffer.from(`{"package":"${'A'.repeat(10_000)}"}`), () => 1000);
    await expect(parseJsonStream(stream, { maxBytes: 4000, tooLarge })).rejects.toThrow('too large');
  });
});
