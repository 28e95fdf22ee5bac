// CSV for admissions offices and the Sở, shared by the API and the portal: a list of codes in (one per line, first
// column), a table out that Excel opens with Vietnamese intact (UTF-8 with BOM) and that cannot smuggle formulas
// (CSV injection).
import { normalizeLookupCode } from './record/lookup-code.ts';

/** Excel reads a CSV as UTF-8 only when it starts with this byte-order mark. */
export const CSV_BOM = '\uFEFF';

/** The first column of every non-empty line; a header line (words, no digits) is skipped. */
export function parseCodeList(text: string): string[] {
  const cells = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).map(firstCell).map((cell) => cell.trim()).filter((cell) => cell !== '');
  const first = cells[0];
  if (first !== undefined && normalizeLookupCode(first) === null && !/\d/.test(first) && /[^\s\-a-f]/i.test(first)) cells.shift();
  return cells;
}

function firstCell(line: string): string {
  if (!line.startsWith('"')) return line.split(/[,;\t]/, 1)[0] ?? '';
  let cell = '';
  for (let at = 1; at < line.length; at++) {
    if (line[at] !== '"') cell += line[at];
    else if (line[at + 1] === '"') {
      cell += '"';
      at++;
    } else break;
  }
  return cell;
}

/** A CSV table as Excel writes it: comma, semicolon (Vietnamese and European locales) or tab, chosen by the header. */
export interface CsvTable {
  readonly separator: ',' | ';' | '\t';
  /** Each record's cells; `line` is the 1-based line where the record starts (for messages a person can act on). */
  readonly records: readonly { readonly line: number; readonly cells: readonly string[] }[];
}

export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, detail: string) {
    super(detail);
    this.line = line;
  }
}

/**
 * Reads a whole CSV text (RFC 4180 quoting: quoted cells may hold separators, quotes doubled and line breaks),
 * UTF-8 BOM or not. The separator is the one of `,`, `;` or tab found most often in the first line outside quotes.
 * Empty lines are skipped. One pass over the text: the work is linear in its length.
 */
export function parseCsv(text: string): CsvTable {
  const body = text.replace(/^\uFEFF/, '');
  const separator = separatorOf(body);
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let cellStarted = false;
  const endRecord = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0] !== '') records.push({ line: start, cells });
    cells = [];
    cell = '';
    cellStarted = false;
  };
  for (let at = 0; at < body.length; at++) {
    const char = body[at]!;
    if (quoted) {
      if (char === '"') {
        if (body[at + 1] === '"') {
          cell += '"';
          at++;
        } else quoted = false;
      } else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"' && !cellStarted) {
      quoted = true;
      cellStarted = true;
    } else if (char === separator) {
      cells.push(cell);
      cell = '';
      cellStarted = false;
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && body[at + 1] === '\n') at++;
      endRecord();
      line++;
      start = line;
    } else {
      cell += char;
      cellStarted = true;
    }
  }
  if (quoted) throw new CsvSyntaxError(start, 'a quoted cell is not closed (a " is missing)');
  if (cell !== '' || cells.length > 0) endRecord();
  return { separator, records };
}

function separatorOf(text: string): CsvTable['separator'] {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char]++;
  }
  return counts[';'] > counts[','] && counts[';'] >= counts['\t'] ? ';' : counts['\t'] > counts[','] ? '\t' : ',';
}

export type Cell = string | number | boolean | null;

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return CSV_BOM + [csvLine(header), ...rows.map(csvLine)].join('\r\n') + '\r\n';
}

/** One CSV line without its line break (for writers that stream a table line by line). */
export function csvLine(cells: readonly Cell[]): string {
  return cells.map(toCell).join(',');
}

function toCell(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  // A cell starting with = + - @ is a formula to Excel: an echoed "code" must never run as one.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  // Quoted on a semicolon too: Excel set to a Vietnamese or European locale splits on it.
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
