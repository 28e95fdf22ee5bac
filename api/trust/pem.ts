// PEM text ⇄ DER bytes (RFC 7468), strictly: a bad character or an unclosed block is an error, never skipped.
import { HocbaError } from '../errors.ts';

export interface PemBlock {
  /** `CERTIFICATE`, `X509 CRL`, `PRIVATE KEY`, … */
  readonly label: string;
  readonly der: Uint8Array;
}

const BEGIN = /^-----BEGIN ([A-Z0-9 ]+)-----$/;
const END = /^-----END ([A-Z0-9 ]+)-----$/;
// Buffer.from(…, 'base64') silently drops bad characters (STACK.md), so check the alphabet first.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function malformed(reason: string, line: number): HocbaError {
  return new HocbaError('pem_malformed', { params: { reason, line } });
}

/** Every block in the text, in order; text outside blocks is allowed (RFC 7468 §2 explanatory text). */
export function parsePem(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let open: { label: string; line: number; body: string[] } | null = null;
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (open === null) {
      const begin = BEGIN.exec(line);
      if (begin) open = { label: begin[1]!, line: index + 1, body: [] };
      continue;
    }
    const end = END.exec(line);
    if (end) {
      if (end[1] !== open.label) throw malformed(`END ${end[1]} closes BEGIN ${open.label}`, index + 1);
      const body = open.body.join('');
      if (body === '' || !BASE64.test(body)) throw malformed('invalid base64', open.line);
      blocks.push({ label: open.label, der: new Uint8Array(Buffer.from(body, 'base64')) });
      open = null;
    } else if (line.includes(':')) {
      throw malformed('encapsulated headers (RFC 1421) are not supported', index + 1);
    } else {
      open.body.push(line);
    }
  }
  if (open !== null) throw malformed(`BEGIN ${open.label} is never closed`, open.line);
  return blocks;
}

/** DER of every block, or only of blocks with `label` (`CERTIFICATE`, `X509 CRL`). */
export function pemToDer(pem: string, label?: string): Uint8Array[] {
  return parsePem(pem).filter((block) => label === undefined || block.label === label).map((block) => block.der);
}

export function derToPem(der: Uint8Array, label: string): string {
  const body = Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}
