// The footer of every page: the QR to the record page as vector blocks, the lookup code, the copy number and "Trang x/y".
import QRCode from 'qrcode';
import { MARGIN, PAGE, wrapText, type Op, type Page } from './layout.ts';
import { widthOf } from './fonts.ts';
import { toVietnamTime } from './words.ts';

export interface Footer {
  /** The record page the QR opens (SPEC §6 `/tra-cuu/{code}`), built by the caller. */
  readonly recordUrl: string;
  readonly lookupCode: string;
  readonly copyNumber: number;
  readonly issuedAt: Date;
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

/** SPEC §9: printed in upper case in groups of four. */
export function toGroupedCode(lookupCode: string): string {
  return lookupCode.replace(/[^0-9a-f]/gi, '').toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

export function toCopyLine(copyNumber: number, issuedAt: Date): string {
  return `Bản sao số ${copyNumber}, cấp lúc ${toVietnamTime(issuedAt)} (giờ Việt Nam, UTC+7)`;
}

/** Second pass after layout: the footer on every page, now that the page count is known. */
export function addFooters(pages: readonly Page[], footer: Footer): void {
  const qr = toQrBlocks(footer.recordUrl, MARGIN.left, TOP, QR_SIZE);
  pages.forEach((page, i) => page.ops.push(...footerOps(footer, qr, i + 1, pages.length)));
}

function footerOps(footer: Footer, qr: Block[], number: number, total: number): Op[] {
  const right = PAGE.width - MARGIN.right;
  const x = MARGIN.left + QR_SIZE + 12;
  const width = right - x;
  const ops: Op[] = [
    { kind: 'line', x1: MARGIN.left, y1: MARGIN.bottom - 4, x2: right, y2: MARGIN.bottom - 4, width: 0.5 },
    { kind: 'blocks', blocks: qr },
  ];
  // `baseline` walks down the lines; texts of different sizes on one line share it.
  let baseline = TOP - 10;
  const text = (line: string, size: number, weight: 'regular' | 'bold' | 'italic', at = x): void => {
    ops.push({ kind: 'text', x: at, y: baseline, text: line, weight, size });
  };
  const label = 'Mã tra cứu: ';
  text(label, 8, 'regular');
  text(toGroupedCode(footer.lookupCode), 10, 'bold', x + widthOf(label, 'regular', 8));
  const pageLabel = `Trang ${number}/${total}`;
  text(pageLabel, 9, 'bold', right - widthOf(pageLabel, 'bold', 9));
  baseline -= 13;
  const notice = `Bản thể hiện của Học bạ số. Kiểm tra tính xác thực tại ${footer.recordUrl} bằng mã tra cứu.`;
  for (const line of wrapText(notice, width, 'regular', 7.4)) { text(line, 7.4, 'regular'); baseline -= 9.6; }
  const english = `Rendering of a digital school record (Học bạ số). Verify its authenticity at ${footer.recordUrl} with the lookup code.`;
  for (const line of wrapText(english, width, 'italic', 6.3)) { text(line, 6.3, 'italic'); baseline -= 8.4; }
  baseline -= 3;
  text(toCopyLine(footer.copyNumber, footer.issuedAt), 7.4, 'bold');
  baseline -= 8.6;
  text(`Copy no. ${footer.copyNumber}; every copy is logged and can be checked on the portal.`, 6.3, 'italic');
  return ops;
}
