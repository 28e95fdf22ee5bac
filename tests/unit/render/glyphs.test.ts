import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { loadFaces, toRuns, widthOf, type Weight } from '../../../api/render/fonts.ts';
import { Flow } from '../../../api/render/layout.ts';
import { paintPdf } from '../../../api/render/paint.ts';
import { toSfnt } from '../../../api/render/woff.ts';
import { pdfFonts, pdfText, squeeze } from './tools.ts';

const TONES = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];
/** Every Vietnamese letter, one word per base letter (its six tones), lower then upper case, in NFC. */
const WORDS = [...'aăâeêioôơuưy'].map((base) => TONES.map((tone) => (base + tone).normalize('NFC')).join(''));
const LETTERS = [...WORDS, 'dđ'].flatMap((word) => [word, word.toUpperCase()]);
const WEIGHTS: Weight[] = ['regular', 'bold', 'italic'];

describe('toRuns', () => {
  it.each(WEIGHTS)('finds a face with the glyph for every Vietnamese letter (%s)', (weight) => {
    for (const word of LETTERS) {
      const runs = toRuns(word, weight);
      expect(runs.map((run) => run.text).join('')).toBe(word);
      for (const run of runs) for (const char of run.text) expect(run.face.points.has(char.codePointAt(0)!)).toBe(true);
    }
  });

  it('splits a name into runs by subset file: the vietnamese file has ễ, the latin file has the rest', () => {
    const runs = toRuns('Nguyễn', 'regular');
    expect(runs.map((run) => [run.text, run.face.subset])).toEqual([['Nguy', 'latin'], ['ễ', 'vietnamese'], ['n', 'latin']]);
  });

  it('normalises decomposed (NFD) text to NFC before choosing faces', () => {
    const nfd = 'Nguyễn Thị Ánh'.normalize('NFD');
    expect(toRuns(nfd, 'bold').map((run) => run.text).join('')).toBe('Nguyễn Thị Ánh');
  });

  it('draws a character no face has as "?" in the latin face', () => {
    const runs = toRuns('A漢B', 'regular');
    expect(runs.map((run) => run.text).join('')).toBe('A?B');
    expect(runs.every((run) => run.face.subset === 'latin')).toBe(true);
  });

  it('measures text from the glyph advances: wider text, wider measure; proportional to size', () => {
    expect(widthOf('Hoàn thành tốt', 'bold', 10)).toBeGreaterThan(widthOf('Hoàn thành tốt', 'regular', 10));
    expect(widthOf('Toán', 'regular', 20)).toBeCloseTo(2 * widthOf('Toán', 'regular', 10), 6);
    expect(widthOf('', 'regular', 10)).toBe(0);
  });
});

describe('toSfnt', () => {
  it('unpacks a WOFF file into a font with the same glyphs and metrics', () => {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@fontsource/be-vietnam-pro/files/be-vietnam-pro-vietnamese-700-normal.woff');
    const woff = new Uint8Array(readFileSync(file));
    const fromWoff = fontkit.create(woff);
    const fromSfnt = fontkit.create(toSfnt(woff));
    expect(fromSfnt.characterSet).toEqual(fromWoff.characterSet);
    expect(fromSfnt.numGlyphs).toBe(fromWoff.numGlyphs);
    for (const point of [0x1ec7, 0x1edf, 0x0110]) {
      expect(fromSfnt.glyphForCodePoint(point).advanceWidth).toBe(fromWoff.glyphForCodePoint(point).advanceWidth);
      expect(fromSfnt.glyphForCodePoint(point).path.toSVG()).toBe(fromWoff.glyphForCodePoint(point).path.toSVG());
    }
  });

  it('refuses bytes that are not WOFF', () => {
    expect(() => toSfnt(new Uint8Array(64))).toThrow(/WOFF/);
  });
});

describe('glyph round trip through a PDF (fontkit is known to drop glyphs silently)', () => {
  it('pdftotext reads back every Vietnamese letter in every weight, from decomposed input', async () => {
    const flow = new Flow();
    for (const weight of WEIGHTS) flow.paragraph(LETTERS.join(' ').normalize('NFD'), { weight, size: 11 });
    const { bytes } = await paintPdf(flow.pages, { title: 't', author: 'a', keywords: [] });
    const text = pdfText(bytes);
    const expected = squeeze(LETTERS.join(''));
    expect(squeeze(text)).toBe(expected.repeat(3));
    // Latin and vietnamese files of each of the three weights: six embedded subsets.
    expect(pdfFonts(bytes).map((font) => font.name).sort()).toEqual([
      'HBBLAT+BeVietnamPro-Bold', 'HBBVIE+BeVietnamPro-Bold', 'HBILAT+BeVietnamPro-Italic',
      'HBIVIE+BeVietnamPro-Italic', 'HBRLAT+BeVietnamPro-Regular', 'HBRVIE+BeVietnamPro-Regular',
    ]);
    expect(loadFaces().get('regular')).toHaveLength(3);
  });
});
