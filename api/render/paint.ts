// Display lists → PDF bytes with pdf-lib: fonts embedded as subsets per document, fixed metadata, no random ids.
// The result is a copy's BODY: what every copy of a record shares. It keeps what stamp.ts needs to append the
// copy-specific part as one incremental update without pdf-lib (page and catalogue dictionaries as text, and the
// glyph codes of the stamp's alphabet, embedded in the subsets now so the stamp never needs a new glyph).
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFHexString, PDFName, type PDFDict, type PDFFont, type PDFRef } from 'pdf-lib';
import { toContent, WATERMARK_STATE, type PageFonts } from './content.ts';
import { cachedFontFor, toRuns, type FontFace, type TextRun, type Weight } from './fonts.ts';
import { PAGE, type Op, type Page } from './layout.ts';

export interface PdfMetadata {
  readonly title: string;
  readonly author: string;
  readonly keywords: readonly string[];
}

/** Text the stamp will draw later, per weight: its glyphs go into the body's subsets and every page's resources. */
export interface StampAlphabet {
  readonly weight: Weight;
  readonly text: string;
}

export interface PaintedBody {
  readonly bytes: Uint8Array;
  /** Per page: its object number, its dictionary's entries but /Contents, and /Contents as written (an array). */
  readonly pages: readonly { readonly ref: number; readonly entries: string; readonly contents: string }[];
  readonly catalog: { readonly ref: number; readonly entries: string };
  /** The Info entries a copy repeats (title, author, keywords, creator, producer), as PDF text. */
  readonly info: string;
  /** The trailer's /Size: the stamp's objects are numbered from here. */
  readonly size: number;
  /** Offset of the body's cross-reference section (the update's /Prev). */
  readonly xrefOffset: number;
  /** Resource names and glyph codes for the stamp's alphabet only; any other character throws. */
  readonly stampFonts: PageFonts;
}

// pdf-lib parses font bytes on every embed; handing it the per-process parse keeps glyph and table caches warm.
const sharedFontkit = { create: (bytes: Uint8Array) => cachedFontFor(bytes) ?? fontkit.create(bytes) };

const WEIGHT_NAME = { regular: 'Regular', bold: 'Bold', italic: 'Italic' } as const;
const SUBSET_TAG = { latin: 'LAT', vietnamese: 'VIE', 'latin-ext': 'EXT' } as const;

export async function paintPdf(pages: readonly Page[], meta: PdfMetadata, alphabet: readonly StampAlphabet[] = []): Promise<PaintedBody> {
  const document = await PDFDocument.create({ updateMetadata: false });
  const context = document.context;
  // pdf-lib deflates with pako (JavaScript), which was half the time of a PDF; Node's zlib writes the same format.
  context.flateStream = (contents, dict = {}) =>
    context.stream(deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), { ...dict, Filter: 'FlateDecode' });
  document.registerFontkit(sharedFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const { runsOf, used } = collectRuns(pages);
  const stampRuns = alphabet.flatMap((each) => toRuns(each.text, each.weight));
  for (const run of stampRuns) if (!used.includes(run.face)) used.push(run.face);
  const stampFaces = new Set(stampRuns.map((run) => run.face));
  const embedded = new Map<FontFace, { font: PDFFont; name: string }>();
  for (const [i, face] of used.entries()) {
    // A fixed subset tag (six capitals + "+") instead of pdf-lib's suffix keeps the bytes the same across runs.
    const customName = `HB${WEIGHT_NAME[face.weight][0]}${SUBSET_TAG[face.subset]}+BeVietnamPro-${WEIGHT_NAME[face.weight]}`;
    embedded.set(face, { font: await document.embedFont(face.bytes, { subset: true, customName }), name: `F${i + 1}` });
  }
  let watermarkState: PDFRef | null = null;
  for (const page of pages) {
    const pdfPage = document.addPage([PAGE.width, PAGE.height]);
    const onPage = new Set<FontFace>(stampFaces);
    const fonts: PageFonts = {
      nameOf: (face) => { onPage.add(face); return embedded.get(face)!.name; },
      encode: (face, text) => embedded.get(face)!.font.encodeText(text).toString(),
    };
    const content = toContent(page.ops, runsOf, fonts);
    pdfPage.node.addContentStream(context.register(context.flateStream(content)));
    for (const face of onPage) pdfPage.node.setFontDictionary(PDFName.of(embedded.get(face)!.name), embedded.get(face)!.font.ref);
    if (page.ops.some((op) => op.kind === 'watermark')) {
      watermarkState ??= context.register(context.obj({ Type: 'ExtGState', ca: 0.4, CA: 0.4 }));
      pdfPage.node.setExtGState(PDFName.of(WATERMARK_STATE), watermarkState);
    }
  }
  // Encoding each character once puts its glyph in the subset pdf-lib writes at save; the codes are kept for the stamp.
  const codes = new Map<FontFace, Map<string, string>>();
  for (const run of stampRuns) {
    const table = codes.get(run.face) ?? new Map<string, string>();
    codes.set(run.face, table);
    for (const char of run.text) if (!table.has(char)) table.set(char, embedded.get(run.face)!.font.encodeText(char).toString().slice(1, -1));
  }
  document.setTitle(meta.title, { showInWindowTitleBar: true });
  document.setAuthor(meta.author);
  document.setKeywords([...meta.keywords]);
  document.setLanguage('vi');
  document.setProducer('hocba');
  document.setCreator('hocba');
  const bytes = await document.save({ useObjectStreams: false });
  const tail = Buffer.from(bytes.subarray(-64)).toString('latin1');
  return {
    bytes,
    pages: document.getPages().map((page) => ({
      ref: page.ref.objectNumber,
      entries: entriesOf(page.node, ['Contents']),
      contents: page.node.get(PDFName.of('Contents'))!.toString(),
    })),
    catalog: { ref: (context.trailerInfo.Root as PDFRef).objectNumber, entries: entriesOf(document.catalog, []) },
    info: [
      `/Title ${PDFHexString.fromText(meta.title).toString()}`, `/Author ${PDFHexString.fromText(meta.author).toString()}`,
      `/Keywords ${PDFHexString.fromText(meta.keywords.join(' ')).toString()}`, '/Creator (hocba)', '/Producer (hocba)',
    ].join('\n'),
    size: context.largestObjectNumber + 1,
    xrefOffset: Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)![1]),
    stampFonts: {
      nameOf: (face) => embedded.get(face)!.name,
      encode: (face, text) => {
        const table = codes.get(face);
        let hex = '';
        for (const char of text) {
          const code = table?.get(char);
          if (code === undefined) throw new Error(`the stamp alphabet lacks "${char}" in ${face.key}`);
          hex += code;
        }
        return `<${hex}>`;
      },
    },
  };
}

/** A dictionary's entries as PDF text, without some keys. */
function entriesOf(dict: PDFDict, without: readonly string[]): string {
  return dict.entries()
    .filter(([key]) => !without.includes(key.asString().slice(1)))
    .map(([key, value]) => `${key.toString()} ${value.toString()}`)
    .join('\n');
}

/** The runs of every text, split once, and the faces they use in first-use order (only those get embedded). */
function collectRuns(pages: readonly Page[]): { runsOf: Map<Op, TextRun[]>; used: FontFace[] } {
  const runsOf = new Map<Op, TextRun[]>();
  const used = new Set<FontFace>();
  for (const page of pages) {
    for (const op of page.ops) {
      if (op.kind !== 'text' && op.kind !== 'watermark') continue;
      const runs = toRuns(op.text, op.kind === 'text' ? op.weight : 'bold');
      runsOf.set(op, runs);
      for (const run of runs) used.add(run.face);
    }
  }
  return { runsOf, used: [...used] };
}
