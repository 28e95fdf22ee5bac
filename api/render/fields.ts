// "Label: value" fields in one or more columns, values in bold and wrapped under themselves (the identity block).
import { widthOf } from './fonts.ts';
import { BODY_SIZE, LEADING, wrapText, type Flow } from './layout.ts';

export type Field = readonly [label: string, value: string];

const GUTTER = 14;

/** Rows of fields; each row splits the width evenly between its fields, and is kept on one page. */
export function drawFields(flow: Flow, rows: ReadonlyArray<ReadonlyArray<Field | null>>, size = BODY_SIZE): void {
  const lineHeight = size * LEADING;
  for (const row of rows) {
    const present = row.filter((field): field is Field => field !== null);
    if (present.length === 0) continue;
    const width = (flow.width - GUTTER * (row.length - 1)) / row.length;
    const laid = row.map((field, i) => field && layOut(field, flow.left + i * (width + GUTTER), width, size));
    const lines = Math.max(...laid.map((found) => found?.values.length ?? 0));
    flow.ensure(lines * lineHeight);
    for (const found of laid) {
      if (!found) continue;
      flow.line(found.label, found.x, flow.y, found.labelWidth, { size });
      found.values.forEach((value, i) =>
        flow.line(value, found.x + found.labelWidth, flow.y - i * lineHeight, found.width - found.labelWidth, { size, weight: 'bold' }));
    }
    flow.y -= lines * lineHeight;
  }
}

/** One field across the whole width. */
function layOut([label, value]: Field, x: number, width: number, size: number) {
  const prefix = `${label}: `;
  const labelWidth = widthOf(prefix, 'regular', size);
  const values = wrapText(value === '' ? '—' : value, Math.max(width - labelWidth, 40), 'bold', size);
  return { label: prefix, x, width, labelWidth, values };
}
