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
