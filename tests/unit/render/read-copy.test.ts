// Reading a PDF copy within a budget (issue 11): the code and copy number of a real copy, and two hostile PDFs
// generated here — a 1 GiB double-Flate object stream and 200,000 broken objects — refused with a code, the
// inflated bytes counted and never past the cap, one log line each, and the reader still serving afterwards.
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { createPdfReader, DEFAULT_PDF_CAPS, renderRecordPdf, type PdfRefusal } from '../../../api/index.ts';
import { readPdfFacts } from '../../../api/render/pdf-facts.ts';
import { inputFor, sampleRecord } from './tools.ts';

const logged: PdfRefusal[] = [];
const reader = createPdfReader({ log: (line) => logged.push(line) });
afterAll(() => reader.close());

const record = sampleRecord('THPT', 12);
const official = () => renderRecordPdf(inputFor(record, { copy: { number: 3, issuedAt: new Date('2026-06-01T00:00:00Z') } }));

/** LSB-first bit writer for a raw DEFLATE stream (RFC 1951 §3.1.1); Huffman codes go in most-significant bit first. */
class Bits {
  private readonly bytes: Uint8Array;
  private at = 0;
  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }
  raw(value: number, count: number): void {
    for (let i = 0; i < count; i++) this.bit((value >> i) & 1);
  }
  code(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) this.bit((value >> i) & 1);
  }
  private bit(bit: number): void {
    if (bit) this.bytes[this.at >> 3]! |= 1 << (this.at & 7);
    this.at += 1;
  }
  done(): Uint8Array {
    return this.bytes.subarray(0, (this.at + 7) >> 3);
  }
}

/**
 * A zlib stream that inflates to `size` zero bytes in one fixed-Huffman block: a literal 0, then copies of 258
 * bytes at distance 1 (13 bits each), written directly so the test never holds the gigabyte itself.
 */
function zerosStream(size: number): Buffer {
  const copies = Math.floor((size - 1) / 258);
  const bits = new Bits(Math.ceil((copies * 13 + 64) / 8));
  bits.raw(1, 1); // BFINAL
  bits.raw(1, 2); // BTYPE = fixed Huffman
  bits.code(0x30, 8); // literal 0
  for (let i = 0; i < copies; i++) {
    bits.code(0b11000101, 8); // length code 285 = 258 bytes
    bits.code(0, 5); // distance code 0 = 1 byte back
  }
  bits.code(0, 7); // end of block
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((1 + 258 * copies) % 65521) << 16 | 1) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0x01]), bits.done(), adler]);
}

function pdfOf(parts: readonly (string | Buffer)[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : part))));
}

/** The bomb: /Info lives in an object stream filtered Flate twice, which inflates to 1 GiB. */
function objectStreamBomb(): Uint8Array {
  const data = deflateSync(zerosStream(1024 ** 3), { level: 9 });
  return pdfOf([
    '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n',
    `3 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /FlateDecode] /Length ${data.length} >>\nstream\n`,
    data,
    '\nendstream\nendobj\ntrailer\n<< /Size 5 /Root 1 0 R /Info 4 0 R >>\n%%EOF\n',
  ]);
}

/** The log flood: 200,000 objects, each a broken dictionary (pdf-lib wrote two stderr lines per object). */
function brokenObjects(count: number): Uint8Array {
  const objects = Array.from({ length: count }, (_, i) => `${i + 1} 0 obj\n<< /Kids [ (broken\nendobj\n`);
  return pdfOf(['%PDF-1.7\n', objects.join(''), 'trailer\n<< /Size 1 /Info 1 0 R >>\n%%EOF\n']);
}

describe('reading a PDF copy', () => {
  it('reads the lookup code and copy number of an official copy, inflating nothing', async () => {
    const facts = await reader.read(await official());
    expect(facts).toEqual({ code: record.lookupCode, copyNumber: 3, refused: null, work: { objects: expect.any(Number), inflatedBytes: 0, streamsInflated: 0 }, seal: { kind: 'none' } });
  });

  it('reads them from a copy re-saved with object streams, inflating within the cap', async () => {
    const resaved = await (await PDFDocument.load(await official(), { updateMetadata: false })).save({ useObjectStreams: true });
    const facts = await reader.read(resaved);
    expect(facts).toMatchObject({ code: record.lookupCode, copyNumber: 3, refused: null });
    expect(facts.work.inflatedBytes).toBeGreaterThan(0);
    expect(facts.work.inflatedBytes).toBeLessThanOrEqual(DEFAULT_PDF_CAPS.maxInflatedBytes);
  });

  it('reads a forged copy number as written (the registry decides whether it was issued)', async () => {
    const forged = await renderRecordPdf(inputFor(record, { copy: { number: 43, issuedAt: new Date() } }));
    expect(await reader.read(forged)).toMatchObject({ code: record.lookupCode, copyNumber: 43, refused: null });
  });

  it('finds no code in a PDF that carries none', async () => {
    expect(await reader.read(Buffer.from('%PDF-1.7\n% nothing here\n'))).toEqual({
      code: null, copyNumber: null, refused: null, work: { objects: 0, inflatedBytes: 0, streamsInflated: 0 }, seal: { kind: 'none' },
    });
  });
});

describe('reading a hostile PDF', () => {
  it('refuses a 1 GiB double-Flate object stream with pdf_too_costly, inflating at most the cap, one log line', async () => {
    const bomb = objectStreamBomb();
    expect(bomb.length).toBeLessThan(16 * 1024);
    logged.length = 0;
    const facts = await reader.read(bomb);
    expect(facts.refused).toEqual({
      code: 'pdf_too_costly', severity: 'indeterminate',
      params: { byteLimit: DEFAULT_PDF_CAPS.maxBytes, inflatedLimit: DEFAULT_PDF_CAPS.maxInflatedBytes, objectLimit: DEFAULT_PDF_CAPS.maxObjects },
    });
    expect(facts.code).toBeNull();
    expect(facts.work.inflatedBytes).toBeLessThanOrEqual(DEFAULT_PDF_CAPS.maxInflatedBytes);
    expect(logged).toEqual([{ code: 'pdf_too_costly', bytes: bomb.length, work: facts.work }]);
  });

  it('refuses 200,000 broken objects with pdf_too_costly after counting one past the cap, one log line', async () => {
    const flood = brokenObjects(200_000);
    expect(flood.length).toBeGreaterThan(6 * 1024 * 1024);
    logged.length = 0;
    const facts = await reader.read(flood);
    expect(facts.refused?.code).toBe('pdf_too_costly');
    expect(facts.work).toEqual({ objects: DEFAULT_PDF_CAPS.maxObjects + 1, inflatedBytes: 0, streamsInflated: 0 });
    expect(logged).toHaveLength(1);
  });

  it('moves a handed-over upload to the worker instead of copying it on the event loop, with the same reading', async () => {
    const kept = brokenObjects(200_000);
    const given = new Uint8Array(kept);
    const copied = await reader.read(kept);
    const moved = await reader.read(given, { handOver: true });
    expect(moved).toEqual(copied);
    // The caller's buffer went to the worker (detached here: nothing of the 6 MB is left on this thread to collect) …
    expect((given.buffer as ArrayBuffer).detached).toBe(true);
    expect(given.byteLength).toBe(0);
    // … and one that was not handed over is still the caller's.
    expect((kept.buffer as ArrayBuffer).detached).toBe(false);
    expect(logged.at(-1)).toEqual({ code: 'pdf_too_costly', bytes: kept.length, work: moved.work });
  });

  it('counts objects a window at a time exactly: one cut through its number at a window edge is counted once', () => {
    // Objects whose 10-digit numbers straddle each 256 KiB window edge (the look-behind must see the digit before).
    const edge = 256 * 1024;
    const parts: string[] = ['%PDF-1.7\n'];
    let length = parts[0]!.length;
    let count = 0;
    for (const boundary of [edge, 2 * edge, 3 * edge]) {
      for (; length < boundary - 40; count++) {
        const object = `${count + 1} 0 obj\n<< >>\nendobj\n`;
        parts.push(object);
        length += object.length;
      }
      const pad = ' '.repeat(boundary - 5 - length);
      const object = `${pad}\n${1_000_000_000 + count} 0 obj\n<< >>\nendobj\n`;
      parts.push(object);
      length += object.length;
      count += 1;
    }
    const file = pdfOf([...parts, 'trailer\n<< /Size 1 >>\n%%EOF\n']);
    expect(file.length).toBeGreaterThan(3 * edge);
    // Exactly `count` objects: at the cap, read; one under it, refused with the count one past the cap.
    expect(readPdfFacts(file, { ...DEFAULT_PDF_CAPS, maxObjects: count })).toMatchObject({ overCap: null, work: { objects: count } });
    expect(readPdfFacts(file, { ...DEFAULT_PDF_CAPS, maxObjects: count - 1 })).toMatchObject({ overCap: 'objects', work: { objects: count } });
    // The flood of issue 11 is refused from its first window: the count stops one past the cap.
    expect(readPdfFacts(brokenObjects(200_000))).toMatchObject({ overCap: 'objects', work: { objects: DEFAULT_PDF_CAPS.maxObjects + 1 } });
  });

  it('refuses a PDF over the byte cap before reading it', async () => {
    const small = createPdfReader({ caps: { ...DEFAULT_PDF_CAPS, maxBytes: 1024 }, log: () => {} });
    try {
      const facts = await small.read(await official());
      expect(facts.refused?.code).toBe('pdf_too_costly');
      expect(facts.work).toEqual({ objects: 0, inflatedBytes: 0, streamsInflated: 0 });
    } finally {
      await small.close();
    }
  });

  it('stops a reading past its deadline with input_too_costly and keeps serving on a replaced worker', async () => {
    const lines: PdfRefusal[] = [];
    const hurried = createPdfReader({ deadlineMs: 1, log: (line) => lines.push(line) });
    try {
      // Scanning 6 MB for objects takes far longer than 1 ms, so this is no race.
      const facts = await hurried.read(brokenObjects(200_000));
      expect(facts.refused).toEqual({ code: 'input_too_costly', severity: 'indeterminate', params: { limit: '1 ms' } });
      expect(lines).toHaveLength(1);
      expect(hurried.stats()).toMatchObject({ workers: 1, overBudget: 1, replaced: 1 });
    } finally {
      await hurried.close();
    }
    // The shared reader is untouched by all of the above.
    expect(await reader.read(await official())).toMatchObject({ code: record.lookupCode, copyNumber: 3 });
    expect(reader.stats()).toMatchObject({ workers: 1, overBudget: 0, replaced: 0 });
  });
});
