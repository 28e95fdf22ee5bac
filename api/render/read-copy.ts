// Reads the lookup code and copy number out of a PDF the registry issued: its keywords and subject (api/render
// writes them), else the record URL or the grouped code anywhere in its uncompressed bytes. A PDF is never trusted:
// the code only says which registered record to show.
import { PDFDocument } from 'pdf-lib';

export interface PdfCopyFacts {
  readonly code: string | null;
  readonly copyNumber: number | null;
}

const HEX32 = /\b([0-9A-F]{32})\b/i;
const GROUPED = /\b((?:[0-9A-F]{4} ){7}[0-9A-F]{4})\b/i;
const IN_URL = /\/tra-cuu\/([0-9A-F]{32})/i;

export function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes('%PDF-');
}

export async function readPdfCopy(bytes: Uint8Array): Promise<PdfCopyFacts> {
  let keywords = '';
  let subject = '';
  try {
    const document = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
    keywords = document.getKeywords() ?? '';
    subject = document.getSubject() ?? '';
  } catch { /* a damaged PDF may still show the code in its raw bytes */ }
  const raw = Buffer.from(bytes).toString('latin1');
  const code = HEX32.exec(keywords)?.[1] ?? IN_URL.exec(raw)?.[1] ?? GROUPED.exec(raw)?.[1]?.replace(/ /g, '') ?? null;
  const copy = /(?:bản sao số|copy no\.?)\s*(\d+)/i.exec(subject)?.[1];
  return { code: code?.toUpperCase() ?? null, copyNumber: copy ? Number(copy) : null };
}
