// One page's display list → PDF content-stream operators (ISO 32000-1 §8-9), written as text in one pass.
import { runWidth, type FontFace, type TextRun } from './fonts.ts';
import { MARGIN, PAGE, type Op } from './layout.ts';

// pdf-lib's drawText builds a dozen operator objects per call and adds a font resource per font switch; writing
// the operators directly keeps a record's pages within the time budget (STACK "PDF", ≤ 60 ms a record).

/** What a page needs from the document: the resource name of a face and the bytes of text in it. */
export interface PageFonts {
  nameOf(face: FontFace): string;
  encode(face: FontFace, text: string): string;
}

/** Graphics-state resource name of the translucent watermark. */
export const WATERMARK_STATE = 'GSw';
const WATERMARK_GRAY = 0.3;

export function toContent(ops: readonly Op[], runsOf: Map<Op, TextRun[]>, fonts: PageFonts): string {
  const out: string[] = [];
  for (const op of ops) {
    switch (op.kind) {
      case 'text': {
        out.push(`BT ${num(op.gray ?? 0)} g`);
        let x = op.x;
        for (const run of runsOf.get(op) ?? []) {
          out.push(`/${fonts.nameOf(run.face)} ${num(op.size)} Tf 1 0 0 1 ${num(x)} ${num(op.y)} Tm ${fonts.encode(run.face, run.text)} Tj`);
          x += (runWidth(run) * op.size) / 1000;
        }
        out.push('ET');
        break;
      }
      case 'rect': {
        const paint = op.fill !== undefined && op.stroke !== undefined ? 'B' : op.fill !== undefined ? 'f' : 'S';
        const fill = op.fill === undefined ? '' : `${num(op.fill)} g `;
        const stroke = op.stroke === undefined ? '' : `${num(op.stroke)} w 0 G `;
        out.push(`q ${fill}${stroke}${num(op.x)} ${num(op.y)} ${num(op.width)} ${num(op.height)} re ${paint} Q`);
        break;
      }
      case 'line':
        out.push(`q ${num(op.width)} w 0 G ${num(op.x1)} ${num(op.y1)} m ${num(op.x2)} ${num(op.y2)} l S Q`);
        break;
      case 'blocks':
        out.push('q 0 g', ...op.blocks.map(([x, y, w, h]) => `${num(x)} ${num(y)} ${num(w)} ${num(h)} re`), 'f Q');
        break;
      case 'watermark':
        out.push(watermark(op, runsOf.get(op) ?? [], fonts));
    }
  }
  return out.join('\n');
}

/**
 * Diagonal text through the centre of the content area, gray and translucent so the content under it stays
 * legible; kept inside that area so it never crosses the QR in the footer.
 */
function watermark(op: Extract<Op, { kind: 'watermark' }>, runs: TextRun[], fonts: PageFonts): string {
  const box = { width: PAGE.width - MARGIN.left - MARGIN.right, height: PAGE.height - MARGIN.top - MARGIN.bottom };
  const angle = Math.atan2(box.height, box.width);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const width = runs.reduce((sum, run) => sum + (runWidth(run) * op.size) / 1000, 0);
  const drop = op.size * 0.35; // half the cap height: centres the letters, not their baseline
  let x = MARGIN.left + box.width / 2 - cos * (width / 2) + sin * drop;
  let y = MARGIN.bottom + box.height / 2 - sin * (width / 2) - cos * drop;
  const out = [`q /${WATERMARK_STATE} gs BT ${num(WATERMARK_GRAY)} g`];
  for (const run of runs) {
    out.push(`/${fonts.nameOf(run.face)} ${num(op.size)} Tf ${num(cos, 4)} ${num(sin, 4)} ${num(-sin, 4)} ${num(cos, 4)} ${num(x)} ${num(y)} Tm ${fonts.encode(run.face, run.text)} Tj`);
    const advance = (runWidth(run) * op.size) / 1000;
    x += cos * advance;
    y += sin * advance;
  }
  out.push('ET Q');
  return out.join('\n');
}

/** A PDF number rounded to `decimals` places; rounding first keeps String() away from exponents (1e-7). */
function num(value: number, decimals = 2): string {
  const scale = 10 ** decimals;
  return String(Math.round(value * scale) / scale);
}
