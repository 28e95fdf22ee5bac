// Ruled tables whose cells wrap and whose rows break across pages, repeating the header row on each page.
import type { Weight } from './fonts.ts';
import { BODY_SIZE, LEADING, MARGIN, PAGE, wrapText, type Align, type Flow } from './layout.ts';

export interface Column {
  readonly title: string;
  /** Relative width; the table fills the flow's width. */
  readonly width: number;
  readonly align?: Align;
  /** Columns sharing a group get a spanning header cell above their own titles (HK I | HK II | CN). */
  readonly group?: string;
}

export type Row =
  | { readonly cells: readonly string[]; readonly weight?: Weight; readonly indent?: number }
  /** A full-width row naming the rows that follow (e.g. "Những phẩm chất chủ yếu"). */
  | { readonly section: string };

export interface Table {
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
  readonly size?: number;
}

const PAD_X = 3.5;
const PAD_Y = 2.2;
const RULE = 0.6;
const HEADER_FILL = 0.88;

interface Cell { x: number; width: number; lines: string[]; weight: Weight; align: Align; indent: number }

export function drawTable(flow: Flow, table: Table): void {
  const size = table.size ?? BODY_SIZE;
  const lineHeight = size * LEADING;
  const total = table.columns.reduce((sum, column) => sum + column.width, 0);
  const xs: number[] = [];
  let x = flow.left;
  const widths = table.columns.map((column) => (column.width / total) * flow.width);
  for (const width of widths) { xs.push(x); x += width; }

  const cellsOf = (row: Row): Cell[] => 'section' in row
    ? [{ x: flow.left, width: flow.width, lines: wrapText(row.section, flow.width - 2 * PAD_X, 'bold', size), weight: 'bold', align: 'left', indent: 0 }]
    : row.cells.map((text, i) => {
      const indent = i === 0 ? (row.indent ?? 0) : 0;
      const align = table.columns[i]?.align ?? 'left';
      const weight = row.weight ?? 'regular';
      return { x: xs[i]!, width: widths[i]!, lines: wrapText(text, widths[i]! - 2 * PAD_X - indent, weight, size), weight, align, indent };
    });
  const heightOf = (lines: number): number => lines * lineHeight + 2 * PAD_Y;
  const header = headerRows(table.columns, xs, widths);
  const headerCells = header.map((row) => row.map((cell) => ({ ...cell, lines: wrapText(cell.title, cell.width - 2 * PAD_X, 'bold', size) })));
  const headerHeight = headerCells.reduce((sum, row) => sum + heightOf(Math.max(...row.filter((c) => c.rows === 1).map((c) => c.lines.length), 1)), 0);

  const drawHeader = (): void => {
    let top = flow.y;
    const rowHeights = headerCells.map((row) => heightOf(Math.max(...row.filter((c) => c.rows === 1).map((c) => c.lines.length), 1)));
    headerCells.forEach((row, r) => {
      for (const cell of row) {
        const height = rowHeights.slice(r, r + cell.rows).reduce((a, b) => a + b, 0);
        flow.page.ops.push({ kind: 'rect', x: cell.x, y: top - height, width: cell.width, height, fill: HEADER_FILL, stroke: RULE });
        const textTop = top - (height - cell.lines.length * lineHeight) / 2;
        cell.lines.forEach((line, i) => flow.line(line, cell.x + PAD_X, textTop - i * lineHeight, cell.width - 2 * PAD_X, { size, weight: 'bold', align: 'center' }));
      }
      top -= rowHeights[r]!;
    });
    flow.y -= headerHeight;
  };

  const drawCells = (cells: Cell[], from: number, count: number): void => {
    const height = heightOf(count);
    for (const cell of cells) {
      flow.page.ops.push({ kind: 'rect', x: cell.x, y: flow.y - height, width: cell.width, height, fill: cell.width === flow.width && cells.length === 1 ? 0.95 : undefined, stroke: RULE });
      cell.lines.slice(from, from + count).forEach((line, i) =>
        flow.line(line, cell.x + PAD_X + cell.indent, flow.y - PAD_Y - i * lineHeight, cell.width - 2 * PAD_X - cell.indent, { size, weight: cell.weight, align: cell.align }));
    }
    flow.y -= height;
  };

  const fullRoom = PAGE.height - MARGIN.top - MARGIN.bottom - headerHeight;
  const rows = table.rows.map(cellsOf);
  flow.ensure(headerHeight + heightOf(Math.min(rows[0] ? Math.max(...rows[0].map((c) => c.lines.length)) : 1, 3)));
  drawHeader();
  const linesOf = (cells: Cell[]) => Math.max(...cells.map((c) => c.lines.length), 1);
  rows.forEach((cells, index) => {
    const lines = linesOf(cells);
    let from = 0;
    // A row that fits on a fresh page moves there whole; a taller one is split line by line.
    if (heightOf(lines) > flow.room && heightOf(lines) <= fullRoom) { flow.newPage(); drawHeader(); }
    // The last row never goes alone onto a new page (an orphan under a repeated header): the one before goes with it.
    const last = rows[index + 1];
    if (index === rows.length - 2 && index > 0 && last && heightOf(lines) <= flow.room) {
      const both = heightOf(lines) + heightOf(linesOf(last));
      if (both > flow.room && both <= fullRoom) { flow.newPage(); drawHeader(); }
    }
    while (from < lines) {
      const fit = Math.min(lines - from, Math.floor((flow.room - 2 * PAD_Y) / lineHeight));
      if (fit < 1) { flow.newPage(); drawHeader(); continue; }
      drawCells(cells, from, fit);
      from += fit;
      if (from < lines) { flow.newPage(); drawHeader(); }
    }
  });
}

interface HeaderCell { title: string; x: number; width: number; rows: 1 | 2 }

/** One header row, or two when columns are grouped: group cells on top, ungrouped titles spanning both rows. */
function headerRows(columns: readonly Column[], xs: number[], widths: number[]): HeaderCell[][] {
  if (!columns.some((column) => column.group)) return [columns.map((c, i) => ({ title: c.title, x: xs[i]!, width: widths[i]!, rows: 1 }))];
  const top: HeaderCell[] = [];
  const bottom: HeaderCell[] = [];
  columns.forEach((column, i) => {
    if (!column.group) { top.push({ title: column.title, x: xs[i]!, width: widths[i]!, rows: 2 }); return; }
    const last = top[top.length - 1];
    if (last && last.rows === 1 && last.title === column.group && columns[i - 1]?.group === column.group) last.width += widths[i]!;
    else top.push({ title: column.group, x: xs[i]!, width: widths[i]!, rows: 1 });
    bottom.push({ title: column.title, x: xs[i]!, width: widths[i]!, rows: 1 });
  });
  return [top, bottom];
}
