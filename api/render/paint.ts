// Display lists → PDF bytes with pdf-lib: fonts embedded as subsets per document, fixed metadata, no random ids.
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFName, type PDFFont, type PDFRef } from 'pdf-lib';
import { toContent, WATERMARK_STATE, type PageFonts } from './content.ts';
import { cachedFontFor, toRuns, type FontFace, type TextRun } from './fonts.ts';
import { PAGE, type Op, type Page } from './layout.ts';

export interface PdfMetadata {
  readonly title: string;
  readonly subject: string;
  readonly author: string;
  readonly keywords: readonly string[];
  readonly createdAt: Date;
}

// pdf-lib parses font bytes on every embed; handing it the per-process parse keeps glyph and table caches warm.
const sharedFontkit = { create: (bytes: Uint8Array) => cachedFontFor(bytes) ?? fontkit.create(bytes) };

const WEIGHT_NAME = { regular: 'Regular', bold: 'Bold', italic: 'Italic' } as const;
const SUBSET_TAG = { latin: 'LAT', vietnamese: 'VIE', 'latin-ext': 'EXT' } as const;

export async function paintPdf(pages: readonly Page[], meta: PdfMetadata): Promise<Uint8Array> {
  const document = await PDFDocument.create({ updateMetadata: false });
  const context = document.context;
  // pdf-lib deflates with pako (JavaScript), which was half the time of a PDF; Node's zlib writes the same format.
  context.flateStream = (contents, dict = {}) =>
    context.stream(deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), { ...dict, Filter: 'FlateDecode' });
  document.registerFontkit(sharedFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const { runsOf, used } = collectRuns(pages);
  const embedded = new Map<FontFace, { font: PDFFont; name: string }>();
  for (const [i, face] of used.entries()) {
    // A fixed subset tag (six capitals + "+") instead of pdf-lib's suffix keeps the bytes the same across runs.
    const customName = `HB${WEIGHT_NAME[face.weight][0]}${SUBSET_TAG[face.subset]}+BeVietnamPro-${WEIGHT_NAME[face.weight]}`;
    embedded.set(face, { font: await document.embedFont(face.bytes, { subset: true, customName }), name: `F${i + 1}` });
  }
  let watermarkState: PDFRef | null = null;
  for (const page of pages) {
    const pdfPage = document.addPage([PAGE.width, PAGE.height]);
    const onPage = new Set<FontFace>();
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
  document.setTitle(meta.title, { showInWindowTitleBar: true });
  document.setSubject(meta.subject);
  document.setAuthor(meta.author);
  document.setKeywords([...meta.keywords]);
  document.setLanguage('vi');
  document.setProducer('hocba');
  document.setCreator('hocba');
  document.setCreationDate(meta.createdAt);
  document.setModificationDate(meta.createdAt);
  return document.save({ useObjectStreams: false });
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
