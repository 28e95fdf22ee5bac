// A copy = a record's body (painted once, paint.ts) + ONE incremental update (ISO 32000-1 §7.5.6) written here:
// the copy's stamp (QR naming the copy, copy line, seal statement) as one content stream every page adds, the
// Info with the copy number and time, and — when the registry has a seal — the signature field and the PAdES
// signature dictionary whose /ByteRange covers the whole file but the /Contents hole. The CMS is written into
// that hole last; nothing is saved again after it, so the seal covers the copy number, time and record code.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFHexString, PDFString } from 'pdf-lib';
import { toContent } from './content.ts';
import { toRuns, type TextRun } from './fonts.ts';
import type { Op } from './layout.ts';
import type { PaintedBody } from './paint.ts';
import { copyFooterOps } from './qr.ts';
import { buildSealCms, type TimeStamper } from './seal/cms.ts';
import type { SealKey } from './seal/seal-key.ts';

/** What a copy's stamp needs besides the copy: the painted body and where its footer leaves room. */
export interface RenderedBody {
  readonly painted: PaintedBody;
  readonly lookupCode: string;
  readonly recordUrl: string;
  /** Baseline of the first copy line in every page's footer. */
  readonly copyBaseline: number;
}

export interface Sealer {
  readonly key: SealKey;
  /** B-T: the signature value is time-stamped by this authority (RFC 3161) before the CMS is written. */
  readonly timeStamp?: TimeStamper;
}

export interface CopyStamp {
  readonly number: number;
  readonly issuedAt: Date;
  /** A file embedded in the copy (the record's log proof), inside the update the seal covers. */
  readonly attachment?: CopyAttachment | null;
}

/** An embedded file (ISO 32000-1 §7.11.4), listed in the catalogue's EmbeddedFiles and, as PDF/A-3 does, /AF. */
export interface CopyAttachment {
  /** ASCII file name, e.g. `hoc-ba-<code>.tlog-proof`. */
  readonly name: string;
  readonly description: string;
  /** MIME type, e.g. `text/plain`. */
  readonly mime: string;
  readonly bytes: Uint8Array;
}

/** Time spent per step (ms), for bench:pdf. */
export interface StampTimings {
  stamp: number;
  seal: number;
}

/** The signer's room in /Contents beyond its chain: signed attributes and signature (~1 KB) and an RFC 3161 token. */
const CONTENTS_BASE = 4096;
const TIME_STAMP_ROOM = 8192;
const BYTE_RANGE_HOLE = '[0 ********** ********** **********]';

export async function stampCopy(body: RenderedBody, copy: CopyStamp, sealer: Sealer | null, timings?: StampTimings): Promise<Uint8Array> {
  const started = performance.now();
  const { painted } = body;
  const ops = copyFooterOps({ recordUrl: body.recordUrl, copyNumber: copy.number, issuedAt: copy.issuedAt, sealed: sealer !== null }, body.copyBaseline);
  const content = deflateSync(Buffer.from(toContent(ops, runsOf(ops), painted.stampFonts), 'latin1'));

  const objects: Array<{ number: number; bytes: Buffer }> = [];
  let next = painted.size;
  const add = (number: number, text: string | Buffer[]) => objects.push({
    number, bytes: Buffer.concat([Buffer.from(`${number} 0 obj\n`, 'latin1'), ...(typeof text === 'string' ? [Buffer.from(text, 'latin1')] : text), Buffer.from('\nendobj\n', 'latin1')]),
  });
  const stream = next++;
  add(stream, [Buffer.from(`<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), content, Buffer.from('\nendstream', 'latin1')]);
  const widget = sealer ? next++ : null;
  const signature = sealer ? next++ : null;
  painted.pages.forEach((page, index) => {
    const annots = index === 0 && widget !== null ? `\n/Annots [${widget} 0 R]` : '';
    add(page.ref, `<<\n${page.entries}\n/Contents [${page.contents.replace(/^\[\s*|\s*\]$/g, '')} ${stream} 0 R]${annots}\n>>`);
  });
  const date = PDFString.fromDate(copy.issuedAt).toString();
  const info = next++;
  add(info, `<<\n${painted.info}\n/Subject ${text(`Bản thể hiện của Học bạ số, bản sao số ${copy.number}`)}\n/CreationDate ${date}\n/ModDate ${date}\n>>`);
  const catalog: string[] = [];
  if (copy.attachment) {
    const { name, description, mime, bytes: fileBytes } = copy.attachment;
    if (!/^[\x21-\x7e]{1,100}$/.test(name) || /[()\\]/.test(name)) throw new Error(`attachment name must be printable ASCII without ( ) \\: ${name}`);
    const file = next++;
    const spec = next++;
    const subtype = `/${mime.replace(/[^A-Za-z0-9.+-]/g, (c) => `#${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}`;
    add(file, [Buffer.from(`<< /Type /EmbeddedFile /Subtype ${subtype} /Length ${fileBytes.length} /Params << /Size ${fileBytes.length} /ModDate ${date} >> >>\nstream\n`, 'latin1'), Buffer.from(fileBytes), Buffer.from('\nendstream', 'latin1')]);
    add(spec, `<< /Type /Filespec /F (${name}) /UF ${text(name)} /Desc ${text(description)} /AFRelationship /Supplement /EF << /F ${file} 0 R /UF ${file} 0 R >> >>`);
    catalog.push(`/Names << /EmbeddedFiles << /Names [(${name}) ${spec} 0 R] >> >>`, `/AF [${spec} 0 R]`);
  }
  if (sealer && widget !== null) catalog.push(`/AcroForm << /Fields [${widget} 0 R] /SigFlags 3 >>`);
  if (catalog.length > 0) add(painted.catalog.ref, `<<\n${painted.catalog.entries}\n${catalog.join('\n')}\n>>`);
  if (sealer && widget !== null && signature !== null) {
    add(widget, `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Seal) /F 132 /Rect [0 0 0 0] /P ${painted.pages[0]!.ref} 0 R /V ${signature} 0 R >>`);
    const room = CONTENTS_BASE + TIME_STAMP_ROOM + [sealer.key.cert, ...sealer.key.chain].reduce((sum, der) => sum + der.length, 0);
    const reason = text(`Bản sao số ${copy.number} của học bạ ${body.lookupCode.toUpperCase()}, do Cổng Học bạ số cấp`);
    add(signature, `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M ${date} /Reason ${reason}\n/ByteRange ${BYTE_RANGE_HOLE}\n/Contents <${'0'.repeat(room * 2)}> >>`);
  }

  const bytes = assemble(painted, objects, info);
  if (timings) timings.stamp += performance.now() - started;
  if (!sealer) return bytes;
  const sealStarted = performance.now();
  await seal(bytes, sealer);
  if (timings) timings.seal += performance.now() - sealStarted;
  return bytes;
}

function text(value: string): string {
  return PDFHexString.fromText(value).toString();
}

function runsOf(ops: readonly Op[]): Map<Op, TextRun[]> {
  const runs = new Map<Op, TextRun[]>();
  for (const op of ops) if (op.kind === 'text') runs.set(op, toRuns(op.text, op.weight));
  return runs;
}

/** Body + update objects + the update's cross-reference section and trailer (/Prev: the body's). */
function assemble(painted: PaintedBody, objects: Array<{ number: number; bytes: Buffer }>, info: number): Uint8Array {
  const parts: Buffer[] = [Buffer.from(painted.bytes), Buffer.from('\n', 'latin1')];
  let offset = painted.bytes.length + 1;
  const offsets = new Map<number, number>();
  for (const object of objects) {
    offsets.set(object.number, offset);
    parts.push(object.bytes);
    offset += object.bytes.length;
  }
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  let xref = 'xref\n';
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j += 1;
    xref += `${numbers[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) xref += `${String(offsets.get(numbers[k]!)).padStart(10, '0')} 00000 n\r\n`;
    i = j + 1;
  }
  const size = Math.max(painted.size, numbers.at(-1)! + 1);
  xref += `trailer\n<< /Size ${size} /Root ${painted.catalog.ref} 0 R /Info ${info} 0 R /Prev ${painted.xrefOffset} >>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

/** Fills /ByteRange, digests the file around the /Contents hole, and writes the CMS into it, in place. */
async function seal(bytes: Uint8Array, sealer: Sealer): Promise<void> {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const rangeAt = file.lastIndexOf(BYTE_RANGE_HOLE, undefined, 'latin1');
  const holeStart = file.indexOf('/Contents <', rangeAt, 'latin1') + '/Contents '.length;
  const holeEnd = file.indexOf('>', holeStart, 'latin1') + 1;
  const field = (value: number) => String(value).padEnd(10, ' ');
  file.write(`[0 ${field(holeStart)} ${field(holeEnd)} ${field(file.length - holeEnd)}]`, rangeAt, 'latin1');
  const digest = createHash('sha256').update(file.subarray(0, holeStart)).update(file.subarray(holeEnd)).digest();
  const cms = Buffer.from(await buildSealCms(sealer.key, digest, sealer.timeStamp)).toString('hex');
  const room = holeEnd - holeStart - 2;
  if (cms.length > room) throw new Error(`the seal's CMS (${cms.length / 2} bytes) does not fit its /Contents (${room / 2} bytes)`);
  file.write(cms, holeStart + 1, 'latin1');
}
