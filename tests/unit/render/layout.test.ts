import { describe, expect, it } from 'vitest';
import { widthOf } from '../../../api/render/fonts.ts';
import { Flow, MARGIN, PAGE, wrapText, type Op, type Page } from '../../../api/render/layout.ts';
import { drawTable } from '../../../api/render/table.ts';

type TextOp = Extract<Op, { kind: 'text' }>;
const textsOf = (page: Page): TextOp[] => page.ops.filter((op): op is TextOp => op.kind === 'text');

const COMMENT = 'Em đọc to, rõ ràng; viết đúng chính tả. Cần rèn thêm kĩ năng đặt câu và dùng từ ngữ phù hợp với hoàn cảnh giao tiếp.';

describe('wrapText', () => {
  it('keeps every line within the width and every word, in order', () => {
    const lines = wrapText(COMMENT, 120, 'regular', 9);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(widthOf(line, 'regular', 9)).toBeLessThanOrEqual(120);
    expect(lines.join(' ')).toBe(COMMENT);
  });

  it('breaks a word wider than the line between characters', () => {
    const serial = '54030F2A9C1B7E6D0011223344556677889900AABBCCDDEEFF';
    const lines = wrapText(serial, 60, 'regular', 8);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join('')).toBe(serial);
    for (const line of lines) expect(widthOf(line, 'regular', 8)).toBeLessThanOrEqual(60);
  });

  it('keeps line breaks and turns tabs into spaces', () => {
    expect(wrapText('Đỗ Minh Khuê\nTích cực\tphát biểu', 400, 'regular', 9)).toEqual(['Đỗ Minh Khuê', 'Tích cực phát biểu']);
  });
});

describe('drawTable', () => {
  const columns = [
    { title: 'Môn học và hoạt động giáo dục', width: 3 },
    { title: 'Mức đạt được', width: 1, align: 'center' as const },
    { title: 'Nhận xét', width: 5 },
  ];

  describe('when the rows overflow a page', () => {
    const flow = new Flow();
    const rows = Array.from({ length: 90 }, (_, i) => ({ cells: [`Môn số ${i + 1}`, 'T', COMMENT] }));
    drawTable(flow, { columns, rows });

    it('continues on new pages and repeats the header row on each', () => {
      expect(flow.pages.length).toBeGreaterThan(3);
      for (const page of flow.pages) {
        const texts = textsOf(page).map((op) => op.text);
        expect(texts).toContain('Nhận xét');
        expect(texts).toContain('Mức đạt');
      }
    });

    it('draws every row once, in order, inside the margins', () => {
      const names = flow.pages.flatMap((page) => textsOf(page).map((op) => op.text).filter((text) => text.startsWith('Môn số ')));
      expect(names).toEqual(rows.map((row) => row.cells[0]));
      for (const op of flow.pages.flatMap(textsOf)) {
        expect(op.y).toBeGreaterThan(MARGIN.bottom);
        expect(op.y).toBeLessThan(PAGE.height - MARGIN.top);
      }
    });
  });

  it('splits a row taller than a page across pages, line by line, with the header repeated', () => {
    const flow = new Flow();
    const long = Array.from({ length: 160 }, (_, i) => `Dòng ${i + 1}`).join('\n');
    drawTable(flow, { columns, rows: [{ cells: ['Tiếng Việt', 'H', long] }, { cells: ['Toán', 'T', 'Tốt'] }] });
    expect(flow.pages.length).toBeGreaterThanOrEqual(3);
    const lines = flow.pages.flatMap((page) => textsOf(page).map((op) => op.text).filter((text) => text.startsWith('Dòng ')));
    expect(lines).toEqual(long.split('\n'));
    for (const page of flow.pages) expect(textsOf(page).map((op) => op.text)).toContain('Nhận xét');
    expect(textsOf(flow.pages.at(-1)!).map((op) => op.text)).toContain('Toán');
  });

  it('spans a group title over the columns that share it', () => {
    const flow = new Flow();
    drawTable(flow, {
      columns: [
        { title: 'Môn học', width: 2 },
        { title: 'HK I', width: 1, group: 'Điểm trung bình' }, { title: 'HK II', width: 1, group: 'Điểm trung bình' },
      ],
      rows: [{ cells: ['Toán', '8,5', '9,0'] }],
    });
    const rects = flow.pages[0]!.ops.filter((op) => op.kind === 'rect');
    const group = textsOf(flow.pages[0]!).find((op) => op.text === 'Điểm trung bình')!;
    const hk1 = textsOf(flow.pages[0]!).find((op) => op.text === 'HK I')!;
    expect(group.y).toBeGreaterThan(hk1.y);
    // Header: "Môn học" over two rows, the group cell, and one cell per grouped column; then one row of three.
    expect(rects).toHaveLength(4 + 3);
  });
});

describe('Flow', () => {
  it('breaks a long paragraph across pages and calls the running header on each new page', () => {
    const flow = new Flow();
    let headers = 0;
    flow.onNewPage = (found) => { headers += 1; found.line('đầu trang', found.left, found.y, found.width); found.y -= 20; };
    flow.paragraph(Array.from({ length: 200 }, () => COMMENT).join(' '));
    expect(flow.pages.length).toBeGreaterThan(2);
    expect(headers).toBe(flow.pages.length - 1);
    for (const page of flow.pages.slice(1)) expect(textsOf(page)[0]!.text).toBe('đầu trang');
  });
});
