// Record + status → the official PDF rendering (bản thể hiện): layout per level, QR and copy number on every page,
// sealed by the registry (PAdES) when it has a seal.
import type { HocBaRecord } from '../record/index.ts';
import { drawIdentity, drawTitle, toRunningHeader, WATERMARK_TEXT, type RecordStatus } from './header.ts';
import { Flow } from './layout.ts';
import { paintPdf } from './paint.ts';
import { drawPrimary } from './primary.ts';
import { addFooters, STAMP_ALPHABET } from './qr.ts';
import { drawSecondary } from './secondary.ts';
import { drawSigning, type SignatureInfo } from './signatures.ts';
import { stampCopy, type CopyStamp, type RenderedBody, type Sealer } from './stamp.ts';
import { LEVEL_NAME } from './words.ts';

export type { RecordStatus } from './header.ts';
export type { SignatureInfo } from './signatures.ts';
export { toCopyLine, toCopyUrl } from './qr.ts';
export { createBodyCache, bodyKey, RENDER_VERSION, type BodyCache } from './body-cache.ts';
export { sealFromPem, sealFromP12, sealFingerprint, certificatesOfPem, type SealKey } from './seal/seal-key.ts';
export { SealConfigError } from './seal/seal-error.ts';
export { stampCopy, type CopyStamp, type RenderedBody, type Sealer, type StampTimings } from './stamp.ts';

export interface BodyInput {
  readonly record: HocBaRecord;
  readonly status: RecordStatus;
  readonly signatures: readonly SignatureInfo[];
  /** The record page the QR opens, built by the caller (site/lib/paths.ts owns URLs). */
  readonly recordUrl: string;
  /** A replaced record's successor, printed in its status notice. */
  readonly replacedBy?: string | null;
}

export interface RenderInput extends BodyInput {
  /** SPEC §9: every PDF is a numbered copy; number and time are printed on every page. */
  readonly copy: CopyStamp;
  /** The registry's seal; null or absent: the copy says plainly that it is unsealed. */
  readonly seal?: Sealer | null;
}

/**
 * What every copy of a record shares, painted once (a caller may keep it: copyCache.ts). Deterministic: no clock,
 * no random source; font names carry fixed subset tags.
 */
export async function renderRecordBody(input: BodyInput): Promise<RenderedBody> {
  const { record, status } = input;
  const flow = new Flow();
  flow.onNewPage = toRunningHeader(record);
  drawTitle(flow, record, status, input.replacedBy ?? null);
  drawIdentity(flow, record);
  if (record.level === 'TH') drawPrimary(flow, record);
  else drawSecondary(flow, record);
  flow.keepTogether((section) => drawSigning(section, record, input.signatures));

  // Drawn after the content so it lies over tables too; it is translucent, so everything stays legible.
  if (status !== 'valid') for (const page of flow.pages) page.ops.push({ kind: 'watermark', text: WATERMARK_TEXT[status], size: 72 });
  const copyBaseline = addFooters(flow.pages, { recordUrl: input.recordUrl, lookupCode: record.lookupCode });

  const painted = await paintPdf(flow.pages, {
    title: `Học bạ ${LEVEL_NAME[record.level].toLowerCase()} – ${record.studentName} – Lớp ${record.className} – Năm học ${record.schoolYear}`,
    author: record.schoolName,
    keywords: [record.lookupCode, record.schoolCode, record.schoolYear, 'Học bạ số'],
  }, STAMP_ALPHABET);
  return { painted, lookupCode: record.lookupCode, recordUrl: input.recordUrl, copyBaseline };
}

/** One numbered copy: the body, then the copy's stamp and (with a seal) the PAdES seal as one incremental update. */
export async function renderRecordPdf(input: RenderInput): Promise<Uint8Array> {
  checkCopy(input.copy);
  return stampCopy(await renderRecordBody(input), input.copy, input.seal ?? null);
}

export function checkCopy(copy: CopyStamp): void {
  if (!Number.isSafeInteger(copy.number) || copy.number < 1) throw new RangeError(`copy number must be a positive integer, got ${copy.number}`);
  if (Number.isNaN(copy.issuedAt.getTime())) throw new RangeError('copy issue time is not a valid date');
}
