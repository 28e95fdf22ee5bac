// Test helpers: sample records through the real XML path, and the poppler/zbar command-line tools on PDF bytes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecord, readEnvelope, type HocBaRecord, type Level } from '../../../api/record/index.ts';
import { generateSampleXml } from '../../../api/samples/index.ts';
import { parseXml } from '../../../api/xml/index.ts';
import type { RenderInput, SignatureInfo } from '../../../api/render/index.ts';

const SCHOOL: Record<Level, string> = {
  TH: 'Trường Tiểu học Lê Quý Đôn',
  THCS: 'Trường THCS Nguyễn Du',
  THPT: 'Trường THPT Trưng Vương',
};

/** A sample record generated as XML and read back by the record parser, as the registry would. */
export function sampleRecord(level: Level, grade: number, seed = 7): HocBaRecord {
  const xml = generateSampleXml({ level, grade, schoolYear: '2024-2025', schoolCode: '79001002', schoolName: SCHOOL[level], provinceCode: '79', seed });
  const envelope = readEnvelope(parseXml(xml).document);
  if (!envelope.envelope) throw new Error(`sample envelope: ${JSON.stringify(envelope.issues)}`);
  const parsed = parseRecord(envelope.envelope.content);
  if (!parsed.record) throw new Error(`sample record: ${JSON.stringify(parsed.issues)}`);
  return parsed.record;
}

export const SIGNATURES: SignatureInfo[] = [
  { role: 'CoSoGiaoDuc', signerName: null, organisation: 'Trường THPT Trưng Vương', signingTime: '2025-05-28T02:15:00Z', serial: '54030F2A9C1B7E6D', issuer: 'Cục Chứng thực số và Bảo mật thông tin' },
  { role: 'HieuTruong', signerName: 'Phạm Quốc Việt', organisation: 'Trường THPT Trưng Vương', signingTime: '2025-05-28T02:10:00Z', serial: '1A2B3C4D', issuer: 'VNPT-CA' },
];

export function inputFor(record: HocBaRecord, overrides: Partial<RenderInput> = {}): RenderInput {
  return {
    record,
    status: 'valid',
    signatures: SIGNATURES,
    recordUrl: `https://hocba.example.vn/tra-cuu/${record.lookupCode}`,
    copy: { number: 12, issuedAt: new Date('2026-11-22T03:04:05Z') },
    ...overrides,
  };
}

function withFile<T>(bytes: Uint8Array, use: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'hocba-render-'));
  try {
    const file = join(dir, 'copy.pdf');
    writeFileSync(file, bytes);
    return use(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pdftotext output, NFC-normalised (poppler may hand back decomposed letters). */
export function pdfText(bytes: Uint8Array, ...args: string[]): string {
  return withFile(bytes, (file) => execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' })).normalize('NFC');
}

export function pdfInfo(bytes: Uint8Array): Record<string, string> {
  const text = withFile(bytes, (file) => execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  return Object.fromEntries(text.split('\n').filter((line) => line.includes(':')).map((line) => {
    const at = line.indexOf(':');
    return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
  }));
}

/** pdffonts rows: name and the emb / sub / uni columns. */
export function pdfFonts(bytes: Uint8Array): Array<{ name: string; emb: string; sub: string; uni: string }> {
  const text = withFile(bytes, (file) => execFileSync('pdffonts', [file], { encoding: 'utf8' }));
  return text.split('\n').slice(2).filter((line) => line.trim() !== '').map((line) => {
    const cells = line.trim().split(/\s+/);
    const [emb, sub, uni] = cells.slice(-5, -2);
    return { name: cells[0]!, emb: emb!, sub: sub!, uni: uni! };
  });
}

/** Every page rasterised at 150 dpi and scanned with zbarimg: the QR payloads per page, in page order. */
export function qrPayloadsPerPage(bytes: Uint8Array): string[][] {
  return withFile(bytes, (file, dir) => {
    execFileSync('pdftoppm', ['-r', '150', '-gray', '-png', file, join(dir, 'page')]);
    const pages = readdirSync(dir).filter((name) => name.startsWith('page'));
    pages.sort((a, b) => Number(/(\d+)\.png$/.exec(a)![1]) - Number(/(\d+)\.png$/.exec(b)![1]));
    return pages.map((name) => {
      // zbarimg exits with 4 when it finds no symbol: that is an answer here, not a failure.
      const scan = spawnSync('zbarimg', ['-q', '--raw', join(dir, name)], { encoding: 'utf8' });
      return scan.stdout.split('\n').filter((line) => line !== '');
    });
  });
}

/** Page 1 as PNG at 150 dpi (the visual check in test-results/render/). */
export function savePageOne(bytes: Uint8Array, target: string): void {
  withFile(bytes, (file) => execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', file, target]));
}

/** Page 1 at 40 dpi in colour (PPM): RGB bytes, to check the copy prints in black and white. */
export function pageOnePixels(bytes: Uint8Array): Uint8Array {
  const ppm = withFile(bytes, (file) => execFileSync('pdftoppm', ['-r', '40', '-f', '1', '-l', '1', file]));
  // P6 header: magic, width, height, maxval, each followed by whitespace; the raster follows the fourth.
  let fields = 0;
  let at = 0;
  while (fields < 4) {
    while (/\s/.test(String.fromCharCode(ppm[at]!))) at += 1;
    while (!/\s/.test(String.fromCharCode(ppm[at]!))) at += 1;
    fields += 1;
  }
  return new Uint8Array(ppm.subarray(at + 1));
}

/** Whitespace removed: rotated or wrapped text comes back split at arbitrary points. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, '');
}

/** The letters of `all` missing from `upright`, sorted: text that only the diagonal pass found. */
export function droppedLetters(all: string, upright: string): string {
  const left = new Map<string, number>();
  for (const char of squeeze(upright)) left.set(char, (left.get(char) ?? 0) + 1);
  const dropped: string[] = [];
  for (const char of squeeze(all)) {
    const count = left.get(char) ?? 0;
    if (count > 0) left.set(char, count - 1);
    else dropped.push(char);
  }
  return dropped.sort().join('');
}
