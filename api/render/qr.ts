// The footer of every page: the QR to the record page as vector blocks, the lookup code, the copy number and "Trang x/y".
// The body (shared by every copy of a record) holds the lookup code, the notices and the page number; the copy's
// stamp holds what differs per copy: the QR (its link names the copy), the copy line and whether the copy is sealed.
import QRCode from 'qrcode';
import { MARGIN, PAGE, wrapText, type Op, type Page } from './layout.ts';
import { widthOf } from './fonts.ts';
import { formatLookupCode } from '../record/index.ts';
import { vietnamSecondText } from '../vietnam-time.ts';

export interface Footer {
  /** The record page the QR opens (SPEC §6 `/tra-cuu/{code}`), built by the caller. */
  readonly recordUrl: string;
  readonly lookupCode: string;
}

export interface CopyFooter {
  readonly recordUrl: string;
  readonly copyNumber: number;
  readonly issuedAt: Date;
  /** Whether the registry seals this copy (a seal is configured): the copy says so either way. */
  readonly sealed: boolean;
}

type Block = readonly [x: number, y: number, width: number, height: number];

const QR_SIZE = 64;
const TOP = MARGIN.bottom - 12;

/** The dark modules of the QR for `text`, merged into horizontal bars, placed with its top-left at (x, top). */
export function toQrBlocks(text: string, x: number, top: number, size: number): Block[] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const unit = size / modules.size;
  const blocks: Block[] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && Boolean(modules.get(row, col));
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        // Bars overlap the next row by a hair so no white seam shows between rows when printed.
        blocks.push([x + start * unit, top - (row + 1) * unit - 0.05, (col - start) * unit, unit + 0.05]);
        start = -1;
      }
    }
  }
  return blocks;
}

export function toCopyLine(copyNumber: number, issuedAt: Date): string {
  return `Bản sao số ${copyNumber}, cấp lúc ${vietnamSecondText(issuedAt)} (giờ Việt Nam, UTC+7)`;
}

/** The QR's link: the record page, naming the copy (SPEC §9: the QR carries the copy number too). */
export function toCopyUrl(recordUrl: string, copyNumber: number): string {
  return `${recordUrl}?ban=${copyNumber}`;
}

export const SEALED_LINE = 'Có dấu điện tử của Cổng Học bạ số (PAdES): xem bảng chữ ký của trình đọc PDF, hoặc tải tệp lên trang Kiểm tra tệp.';
export const UNSEALED_LINE = 'BẢN KHÔNG CÓ DẤU ĐIỆN TỬ: Cổng chưa cấu hình dấu, tệp này không tự chứng minh được là bản thật.';
const sealedEnglish = (n: number): string => `Copy no. ${n}, sealed by the registry (PAdES): see the PDF reader's signature panel, or upload it to the portal's file check.`;
const unsealedEnglish = (n: number): string => `Copy no. ${n}, UNSEALED: this registry has no seal configured; the file cannot prove that it is genuine.`;

const LINE_X = MARGIN.left + QR_SIZE + 12;

/** Every character the stamp may draw, per weight: the body embeds these glyphs (paint.ts StampAlphabet). */
export const STAMP_ALPHABET: ReadonlyArray<{ weight: 'regular' | 'bold' | 'italic'; text: string }> = [
  { weight: 'bold', text: `${toCopyLine(1, new Date(0))}0123456789` },
  { weight: 'regular', text: `${SEALED_LINE}${UNSEALED_LINE}` },
  { weight: 'italic', text: `${sealedEnglish(0)}${unsealedEnglish(0)}0123456789` },
];

/**
 * Second pass after layout: the body's footer on every page, now that the page count is known. Returns the
 * baseline where the copy's own lines start (copyFooterOps).
 */
export function addFooters(pages: readonly Page[], footer: Footer): number {
  let copyBaseline = 0;
  pages.forEach((page, i) => {
    const { ops, baseline } = footerOps(footer, i + 1, pages.length);
    page.ops.push(...ops);
    copyBaseline = baseline;
  });
  return copyBaseline;
}

/** The copy's part of every page's footer: the QR naming the copy, the copy line and the seal statement. */
export function copyFooterOps(copy: CopyFooter, baseline: number): Op[] {
  const ops: Op[] = [{ kind: 'blocks', blocks: toQrBlocks(toCopyUrl(copy.recordUrl, copy.copyNumber), MARGIN.left, TOP, QR_SIZE) }];
  let y = baseline;
  ops.push({ kind: 'text', x: LINE_X, y, text: toCopyLine(copy.copyNumber, copy.issuedAt), weight: 'bold', size: 7.4 });
  y -= 8.8;
  ops.push({ kind: 'text', x: LINE_X, y, text: copy.sealed ? SEALED_LINE : UNSEALED_LINE, weight: 'regular', size: 6.6 });
  y -= 7.8;
  ops.push({ kind: 'text', x: LINE_X, y, text: (copy.sealed ? sealedEnglish : unsealedEnglish)(copy.copyNumber), weight: 'italic', size: 5.8 });
  return ops;
}

function footerOps(footer: Footer, number: number, total: number): { ops: Op[]; baseline: number } {
  const right = PAGE.width - MARGIN.right;
  const x = LINE_X;
  const width = right - x;
  const ops: Op[] = [
    { kind: 'line', x1: MARGIN.left, y1: MARGIN.bottom - 4, x2: right, y2: MARGIN.bottom - 4, width: 0.5 },
  ];
  // `baseline` walks down the lines; texts of different sizes on one line share it.
  let baseline = TOP - 10;
  const text = (line: string, size: number, weight: 'regular' | 'bold' | 'italic', at = x): void => {
    ops.push({ kind: 'text', x: at, y: baseline, text: line, weight, size });
  };
  const label = 'Mã tra cứu: ';
  text(label, 8, 'regular');
  text(formatLookupCode(footer.lookupCode), 10, 'bold', x + widthOf(label, 'regular', 8));
  const pageLabel = `Trang ${number}/${total}`;
  text(pageLabel, 9, 'bold', right - widthOf(pageLabel, 'bold', 9));
  baseline -= 13;
  const notice = `Bản thể hiện của Học bạ số. Kiểm tra tính xác thực tại ${footer.recordUrl} bằng mã tra cứu.`;
  for (const line of wrapText(notice, width, 'regular', 7.4)) { text(line, 7.4, 'regular'); baseline -= 9.6; }
  const english = `Rendering of a digital school record (Học bạ số). Verify its authenticity at ${footer.recordUrl} with the lookup code.`;
  for (const line of wrapText(english, width, 'italic', 6.3)) { text(line, 6.3, 'italic'); baseline -= 8.4; }
  return { ops, baseline: baseline - 2 };
}
