// Test helpers: sample records through the real XML path, and the poppler/zbar command-line tools on PDF bytes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** The files embedded in a PDF as poppler's pdfdetach lists and saves them: name → exact bytes. */
export function pdfAttachments(bytes: Uint8Array): Map<string, Buffer> {
  return withFile(bytes, (file, dir) => {
    const listed = execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' });
    const files = new Map<string, Buffer>();
    for (const [, number, name] of listed.matchAll(/^(\d+): (.+)$/gm)) {
      const target = join(dir, `attachment-${number}`);
      execFileSync('pdfdetach', ['-save', number!, '-o', target, file]);
      files.set(name!, readFileSync(target));
    }
    return files;
  });
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

/** An NSS database trusting `rootPem` (what a PDF reader's trust store is to pdfsig), made once per folder. */
export function nssTrusting(rootPem: string, dir: string): string {
  const nss = join(dir, 'nss');
  mkdirSync(nss, { recursive: true });
  writeFileSync(join(dir, 'root.pem'), rootPem);
  execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-n', 'root', '-t', 'CT,C,C', '-i', join(dir, 'root.pem'), '-d', `sql:${nss}`]);
  return `sql:${nss}`;
}

/** pdfsig's report on the PDF (it exits non-zero for a PDF without signatures: that is an answer too). */
export function pdfsig(bytes: Uint8Array, nssdir: string): string {
  return withFile(bytes, (file) => {
    const run = spawnSync('pdfsig', ['-nssdir', nssdir, file], { encoding: 'utf8' });
    return `${run.stdout}${run.stderr}`;
  });
}

/** The signature's CMS and the bytes it signs, cut out by the PDF's last /ByteRange. */
export function signedParts(bytes: Uint8Array): { cms: Buffer; signed: Buffer } {
  const file = Buffer.from(bytes);
  const text = file.toString('latin1');
  const match = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].at(-1)!;
  const [a, b, c, d] = match.slice(1).map(Number) as [number, number, number, number];
  const hex = text.slice(b + 1, c - 1);
  return { cms: Buffer.from(hex, 'hex'), signed: Buffer.concat([file.subarray(a, a + b), file.subarray(c, c + d)]) };
}

/** `openssl cms -verify` on the detached CMS against the root: its output and exit status. */
export function opensslCmsVerify(cms: Buffer, signed: Buffer, rootPem: string): { ok: boolean; output: string; printed: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hocba-cms-'));
  try {
    writeFileSync(join(dir, 'sig.der'), stripTrailingZeros(cms));
    writeFileSync(join(dir, 'data.bin'), signed);
    writeFileSync(join(dir, 'root.pem'), rootPem);
    const run = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'sig.der'), '-content', join(dir, 'data.bin'),
      '-CAfile', join(dir, 'root.pem'), '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
    const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', join(dir, 'sig.der')], { encoding: 'utf8' });
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`, printed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** /Contents is zero-padded after the DER: the DER's own length says where it ends. */
function stripTrailingZeros(der: Buffer): Buffer {
  let length = der[1]!;
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[2 + i]!;
    header += count;
  }
  return der.subarray(0, header + length);
}

/** A valid incremental update that changes the copy number in the Info, as an editor saving the file would. */
export function appendInfoUpdate(bytes: Uint8Array, subject: string): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const size = Number([...text.matchAll(/\/Size (\d+)/g)].at(-1)![1]);
  const root = [...text.matchAll(/\/Root (\d+) 0 R/g)].at(-1)![1];
  const prev = Number([...text.matchAll(/startxref\s+(\d+)/g)].at(-1)![1]);
  const at = bytes.length;
  const object = `${size} 0 obj\n<< /Subject (${subject}) >>\nendobj\n`;
  const xref = `xref\n${size} 1\n${String(at).padStart(10, '0')} 00000 n\r\ntrailer\n<< /Size ${size + 1} /Root ${root} 0 R /Info ${size} 0 R /Prev ${prev} >>\nstartxref\n${at + object.length}\n%%EOF\n`;
  return Buffer.concat([Buffer.from(bytes), Buffer.from(object + xref, 'latin1')]);
}
