// Be Vietnam Pro faces, read once per process, and the split of text into runs by which subset file has each glyph.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { Font, Glyph, GlyphRun } from '@pdf-lib/fontkit';
import { toSfnt } from './woff.ts';

export type Weight = 'regular' | 'bold' | 'italic';

/** Fontsource splits the family by unicode range: no single file has every Vietnamese letter (STACK "PDF"). */
const SUBSETS = ['latin', 'vietnamese', 'latin-ext'] as const;
type Subset = (typeof SUBSETS)[number];

const FILE_STYLE: Record<Weight, string> = { regular: '400-normal', bold: '700-normal', italic: '400-italic' };

/** One subset file of one weight: its sfnt bytes (subset and embedded per document) and the parsed font (per process). */
export interface FontFace {
  readonly key: string;
  readonly weight: Weight;
  readonly subset: Subset;
  readonly bytes: Uint8Array;
  readonly font: Font;
  /** The code points its cmap maps, read once. */
  readonly points: ReadonlySet<number>;
}

/** A stretch of text drawn with one face. */
export interface TextRun {
  readonly text: string;
  readonly face: FontFace;
}

interface Family {
  readonly faces: Map<Weight, FontFace[]>;
  /** Advance widths in thousandths of the size, per weight and code point (the subset files share metrics). */
  readonly advances: Map<Weight, Map<number, number>>;
}

let family: Family | null = null;

/** The faces per weight, in the order a character looks for its glyph (.woff only: .woff2 renders blank). */
export function loadFaces(): Map<Weight, FontFace[]> {
  return loadFamily().faces;
}

function loadFamily(): Family {
  if (family) return family;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@fontsource/be-vietnam-pro/package.json')), 'files');
  const faces = new Map<Weight, FontFace[]>();
  for (const weight of Object.keys(FILE_STYLE) as Weight[]) {
    faces.set(weight, SUBSETS.map((subset) => {
      const bytes = toSfnt(new Uint8Array(readFileSync(join(dir, `be-vietnam-pro-${subset}-${FILE_STYLE[weight]}.woff`))));
      const font = fontkit.create(bytes);
      const glyphs = new Map<number, Glyph>();
      const glyphOf = (point: number): Glyph => {
        let glyph = glyphs.get(point);
        if (!glyph) glyphs.set(point, (glyph = font.glyphForCodePoint(point)));
        return glyph;
      };
      // pdf-lib draws the glyphs that `layout` returns. The OpenType shaper cost more than a whole page, and NFC
      // Vietnamese needs none of it (precomposed letters; no ligatures wanted): one glyph per code point, exactly
      // the glyphs whose advances wrap the lines.
      Object.assign(font, { layout: (text: string) => ({ glyphs: Array.from(text, (c) => glyphOf(c.codePointAt(0)!)) }) as unknown as GlyphRun });
      return { key: `${weight}-${subset}`, weight, subset, bytes, font, points: new Set(font.characterSet) };
    }));
  }
  family = { faces, advances: new Map([...faces.keys()].map((weight) => [weight, new Map()])) };
  return family;
}

/** Every face of every weight, flattened. */
export function allFaces(): FontFace[] {
  return [...loadFaces().values()].flat();
}

/** The parsed font for bytes read by loadFaces: lets pdf-lib reuse the per-process parse and its caches. */
export function cachedFontFor(bytes: Uint8Array): Font | undefined {
  return allFaces().find((face) => face.bytes === bytes)?.font;
}

const REPLACEMENT = '?';

/**
 * Splits NFC text into runs of one face each. A character stays in the current face when that face has it
 * (fewer runs), otherwise takes the first face that has it; a character no face has becomes "?" in the latin face.
 */
export function toRuns(text: string, weight: Weight): TextRun[] {
  const order = loadFaces().get(weight)!;
  const runs: TextRun[] = [];
  let current: FontFace | null = null;
  let chars = '';
  for (const char of text.normalize('NFC')) {
    const point = char.codePointAt(0)!;
    let face: FontFace | undefined = current && current.points.has(point) ? current : order.find((f) => f.points.has(point));
    let drawn = char;
    if (!face) {
      drawn = REPLACEMENT;
      face = order[0]!; // the latin file has the question mark
    }
    if (face !== current && chars !== '') {
      runs.push({ text: chars, face: current! });
      chars = '';
    }
    current = face;
    chars += drawn;
  }
  if (current && chars !== '') runs.push({ text: chars, face: current });
  return runs;
}

/** Width in points of NFC text at a size, as toRuns would draw it. */
export function widthOf(text: string, weight: Weight, size: number): number {
  const advances = loadFamily().advances.get(weight)!;
  let thousandths = 0;
  for (const char of text) {
    const point = char.codePointAt(0)!;
    let advance = advances.get(point);
    if (advance === undefined) advances.set(point, (advance = advanceOf(point, weight)));
    thousandths += advance;
  }
  return (thousandths * size) / 1000;
}

/** Width of a run in thousandths of the font size. */
export function runWidth(run: TextRun): number {
  return widthOf(run.text, run.face.weight, 1000);
}

function advanceOf(point: number, weight: Weight): number {
  const order = loadFaces().get(weight)!;
  const face = order.find((f) => f.points.has(point));
  const font = (face ?? order[0]!).font;
  const glyph = font.glyphForCodePoint(face ? point : REPLACEMENT.codePointAt(0)!);
  return (glyph.advanceWidth * 1000) / font.unitsPerEm;
}
