// A4 pages as display lists, a top-down cursor that breaks pages, and line wrapping with real glyph widths.
import { widthOf, type Weight } from './fonts.ts';

export const PAGE = { width: 595.28, height: 841.89 } as const;
/** The bottom margin holds the QR and the footer printed on every page (qr.ts). */
export const MARGIN = { left: 45, right: 45, top: 38, bottom: 104 } as const;

export type Align = 'left' | 'center' | 'right';

/** What a page holds; paint.ts turns it into PDF operators. `gray` is 0 (black) to 1 (white). */
export type Op =
  | { kind: 'text'; x: number; y: number; text: string; weight: Weight; size: number; gray?: number }
  | { kind: 'rect'; x: number; y: number; width: number; height: number; fill?: number; stroke?: number }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; width: number }
  /** Many black rectangles filled as one path (the QR modules). */
  | { kind: 'blocks'; blocks: ReadonlyArray<readonly [x: number, y: number, width: number, height: number]> }
  /** Large rotated gray text across the page (the watermark of a recalled or replaced record). */
  | { kind: 'watermark'; text: string; size: number };

export interface Page {
  readonly ops: Op[];
}

export interface TextStyle {
  readonly size?: number;
  readonly weight?: Weight;
  readonly align?: Align;
}

export const BODY_SIZE = 9;
/** Line height as a multiple of the size: Vietnamese stacks two marks above capitals (Ể, Ẫ). */
export const LEADING = 1.42;
/** Distance from a line's top to its baseline, as a multiple of the size. */
export const ASCENT = 1.02;

/** Splits text (NFC, control characters as spaces) into lines no wider than `width`; breaks inside a word only when it alone is too wide. */
export function wrapText(text: string, width: number, weight: Weight, size: number): string[] {
  const lines: string[] = [];
  for (const paragraph of cleanText(text).split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ').filter((w) => w !== '')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (widthOf(candidate, weight, size) <= width) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      line = '';
      for (const char of word) {
        if (line !== '' && widthOf(line + char, weight, size) > width) {
          lines.push(line);
          line = '';
        }
        line += char;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** NFC, line breaks kept, every other control character (tab, CR) as a space. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, ' ');
}

/** The x of text of `textWidth` aligned in a box starting at `x` of `width`. */
export function alignedX(x: number, width: number, textWidth: number, align: Align = 'left'): number {
  if (align === 'center') return x + (width - textWidth) / 2;
  if (align === 'right') return x + width - textWidth;
  return x;
}

/** A flow of content down A4 pages: `y` is the top of the free space, in PDF coordinates. */
export class Flow {
  readonly pages: Page[] = [];
  y = 0;
  /** Called after each page break, e.g. to repeat a running header. */
  onNewPage: ((flow: Flow) => void) | null = null;

  constructor() {
    this.newPage();
  }

  get page(): Page {
    return this.pages[this.pages.length - 1]!;
  }

  get left(): number {
    return MARGIN.left;
  }

  get width(): number {
    return PAGE.width - MARGIN.left - MARGIN.right;
  }

  /** The free height left on the current page. */
  get room(): number {
    return this.y - MARGIN.bottom;
  }

  newPage(): void {
    this.pages.push({ ops: [] });
    this.y = PAGE.height - MARGIN.top;
    this.onNewPage?.(this);
  }

  /** Starts a new page unless `height` still fits; true when it broke. */
  ensure(height: number): boolean {
    if (height <= this.room) return false;
    this.newPage();
    return true;
  }

  space(height: number): void {
    this.y -= Math.min(height, this.room);
  }

  /**
   * Draws a section whole on one page when it fits on one: laid out first on a scratch page to measure it,
   * it moves to a new page if the current one lacks room (a signature block is not split from its table).
   */
  keepTogether(draw: (flow: Flow) => void): void {
    const scratch = new Flow();
    const start = scratch.y;
    draw(scratch);
    const fitsOnePage = scratch.pages.length === 1;
    if (fitsOnePage && start - scratch.y > this.room) this.newPage();
    draw(this);
  }

  /** One line of text with its top at `top`, aligned inside [x, x + width]. */
  line(text: string, x: number, top: number, width: number, style: TextStyle = {}): void {
    const size = style.size ?? BODY_SIZE;
    const weight = style.weight ?? 'regular';
    const drawn = cleanText(text);
    const textX = alignedX(x, width, widthOf(drawn, weight, size), style.align);
    this.page.ops.push({ kind: 'text', x: textX, y: top - size * ASCENT, text: drawn, weight, size });
  }

  /** A wrapped paragraph across the full width (or [x, x + width]), breaking pages between lines. */
  paragraph(text: string, style: TextStyle & { x?: number; width?: number } = {}): void {
    const size = style.size ?? BODY_SIZE;
    const x = style.x ?? this.left;
    const width = style.width ?? this.width;
    for (const text_ of wrapText(text, width, style.weight ?? 'regular', size)) {
      this.ensure(size * LEADING);
      this.line(text_, x, this.y, width, style);
      this.y -= size * LEADING;
    }
  }
}
