// Record + status → the official PDF rendering (bản thể hiện): layout per level, QR and copy number on every page.
import type { HocBaRecord } from '../record/index.ts';
import { drawIdentity, drawTitle, toRunningHeader, WATERMARK_TEXT, type RecordStatus } from './header.ts';
import { Flow } from './layout.ts';
import { paintPdf } from './paint.ts';
import { drawPrimary } from './primary.ts';
import { addFooters } from './qr.ts';
import { drawSecondary } from './secondary.ts';
import { drawSigning, type SignatureInfo } from './signatures.ts';
import { LEVEL_NAME } from './words.ts';

export type { RecordStatus } from './header.ts';
export type { SignatureInfo } from './signatures.ts';
export { toGroupedCode, toCopyLine } from './qr.ts';

export interface RenderInput {
  readonly record: HocBaRecord;
  readonly status: RecordStatus;
  readonly signatures: readonly SignatureInfo[];
  /** The record page the QR opens, built by the caller (site/lib/paths.ts owns URLs). */
  readonly recordUrl: string;
  /** SPEC §9: every PDF is a numbered copy; number and time are printed on every page. */
  readonly copy: { readonly number: number; readonly issuedAt: Date };
}

/**
 * The same input gives the same bytes: metadata dates are the copy's issue time, font names carry fixed
 * subset tags, and nothing reads the clock or a random source.
 */
export async function renderRecordPdf(input: RenderInput): Promise<Uint8Array> {
  const { record, status, copy } = input;
  if (!Number.isSafeInteger(copy.number) || copy.number < 1) throw new RangeError(`copy number must be a positive integer, got ${copy.number}`);
  if (Number.isNaN(copy.issuedAt.getTime())) throw new RangeError('copy issue time is not a valid date');

  const flow = new Flow();
  flow.onNewPage = toRunningHeader(record);
  drawTitle(flow, record, status);
  drawIdentity(flow, record);
  if (record.level === 'TH') drawPrimary(flow, record);
  else drawSecondary(flow, record);
  flow.keepTogether((section) => drawSigning(section, record, input.signatures));

  // Drawn after the content so it lies over tables too; it is translucent, so everything stays legible.
  if (status !== 'valid') for (const page of flow.pages) page.ops.push({ kind: 'watermark', text: WATERMARK_TEXT[status], size: 72 });
  addFooters(flow.pages, { recordUrl: input.recordUrl, lookupCode: record.lookupCode, copyNumber: copy.number, issuedAt: copy.issuedAt });

  return paintPdf(flow.pages, {
    title: `Học bạ ${LEVEL_NAME[record.level].toLowerCase()} – ${record.studentName} – Lớp ${record.className} – Năm học ${record.schoolYear}`,
    subject: `Bản thể hiện của Học bạ số, bản sao số ${copy.number}`,
    author: record.schoolName,
    keywords: [record.lookupCode, record.schoolCode, record.schoolYear, 'Học bạ số'],
    createdAt: copy.issuedAt,
  });
}
