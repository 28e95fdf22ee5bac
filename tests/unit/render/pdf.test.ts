import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderRecordPdf } from '../../../api/render/index.ts';
import type { HocBaRecord, PrimaryRecord, SecondaryRecord } from '../../../api/record/index.ts';
import { droppedLetters, inputFor, pageOnePixels, pdfFonts, pdfInfo, pdfText, qrPayloadsPerPage, sampleRecord, savePageOne, squeeze } from './tools.ts';

const RESULTS = fileURLToPath(new URL('../../../test-results/render/', import.meta.url));

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Expected values written out here, not borrowed from the renderer: one decimal, decimal comma (TT 22 scores).
const score = (value: number | undefined): string[] => (value === undefined ? [] : [value.toFixed(1).replace('.', ',')]);
const commentLevel = (value: string | undefined): string[] => (value === undefined ? [] : [value === 'Đ' ? 'Đạt' : 'Chưa đạt']);

/** The `pdftotext -layout` line of a table row: the name, then the values left to right (blank cells skipped). */
function rowPattern(name: string, values: string[]): RegExp {
  return new RegExp(`^\\s*${escape(name)}\\s+${values.map(escape).join('\\s+')}(\\s|$)`, 'm');
}

function expectedRows(record: HocBaRecord): Array<[string, string[]]> {
  if (record.level === 'TH') {
    return (record as PrimaryRecord).results.subjects.map((subject) => {
      const { midTerm1, endTerm1, midTerm2, endYear } = subject.tests;
      const scores = [midTerm1, endTerm1, midTerm2, endYear].filter((found) => found !== undefined).map(String);
      return [subject.name, [subject.level, ...scores]];
    });
  }
  return (record as SecondaryRecord).results.subjects.map((subject) => subject.assessment === 'score'
    ? [subject.name, [...score(subject.term1), ...score(subject.term2), ...score(subject.year), ...score(subject.reassessment)]]
    : [subject.name, [...commentLevel(subject.term1), ...commentLevel(subject.term2), ...commentLevel(subject.year), ...commentLevel(subject.reassessment)]]);
}


const CASES = [
  ['TH', 1], ['TH', 3], ['TH', 5], ['THCS', 8], ['THPT', 11],
] as const;

describe.each(CASES)('renderRecordPdf for %s grade %i', (level, grade) => {
  let record: HocBaRecord;
  let bytes: Uint8Array;
  let layoutText: string;
  beforeAll(async () => {
    record = sampleRecord(level, grade);
    bytes = await renderRecordPdf(inputFor(record));
    layoutText = pdfText(bytes, '-layout');
  });

  it('prints the student, the school, and the class and year, exactly', () => {
    expect(layoutText).toContain(record.studentName);
    expect(layoutText).toContain(record.schoolName);
    expect(layoutText).toContain(`Lớp ${record.className} – Năm học ${record.schoolYear}`);
    expect(layoutText).toContain(record.dateOfBirth);
  });

  it('prints each subject with its levels and scores in the row of the results table', () => {
    const rows = expectedRows(record);
    expect(rows.length).toBeGreaterThan(5);
    for (const [name, values] of rows) {
      // A long name wraps in its cell: its first words share the line with the values, the rest comes after.
      const words = name.split(' ');
      const cut = [...words.keys()].reverse().map((i) => i + 1).find((n) => rowPattern(words.slice(0, n).join(' '), values).test(layoutText));
      expect(cut, `row of ${name}: ${values.join(' ')}`).toBeDefined();
      const rest = words.slice(cut).join(' ');
      if (rest !== '') expect(layoutText).toMatch(new RegExp(`^\\s*${escape(rest)}\\s*$`, 'm'));
    }
  });

  it('embeds every font (subset, with a unicode map)', () => {
    const fonts = pdfFonts(bytes);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const font of fonts) {
      expect(font).toMatchObject({ emb: 'yes', sub: 'yes', uni: 'yes' });
      expect(font.name).toMatch(/^[A-Z]{6}\+BeVietnamPro-(Regular|Bold|Italic)$/);
    }
  });

  it('is A4 with "Trang x/y" on every page', () => {
    const info = pdfInfo(bytes);
    expect(info['Page size']).toMatch(/^595\.28 x 841\.89 pts \(A4\)/);
    const pages = Number(info.Pages);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(3);
    for (let page = 1; page <= pages; page++) {
      const text = pdfText(bytes, '-f', String(page), '-l', String(page));
      expect(text).toContain(`Trang ${page}/${pages}`);
      expect(text).toContain('Bản sao số 12, cấp lúc 10:04:05 ngày 22/11/2026');
      expect(squeeze(text)).toContain(squeeze(record.lookupCode.replace(/(.{4})(?=.)/g, '$1 ')));
    }
  });

  it('carries a QR on every page that scans to the record URL naming the copy', () => {
    const url = `https://hocba.example.vn/tra-cuu/${record.lookupCode}?ban=12`;
    const payloads = qrPayloadsPerPage(bytes);
    expect(payloads.length).toBe(Number(pdfInfo(bytes).Pages));
    for (const found of payloads) expect(found).toEqual([url]);
  });

  it('states who signed digitally and that the digital record is the original', () => {
    const plain = squeeze(layoutText);
    expect(plain).toContain(squeeze('Phạm Quốc Việt'));
    expect(plain).toContain('54030F2A9C1B7E6D');
    expect(layoutText).toContain('28/05/2025 09:15:00');
    expect(plain).toContain(squeeze('Bản gốc là học bạ số'));
  });
});

describe('renderRecordPdf metadata and determinism', () => {
  const record = sampleRecord('THPT', 12, 3);

  it('sets title, producer and the creation date to the copy issue time', async () => {
    const bytes = await renderRecordPdf(inputFor(record));
    const info = pdfInfo(bytes);
    expect(info.Title).toContain(record.studentName);
    expect(info.Producer).toBe('hocba');
    expect(info.CreationDate).toMatch(/^Sun Nov 22 03:04:05 2026/);
    expect(Buffer.from(bytes).toString('latin1')).toContain('/Lang (vi)');
  });

  it('gives identical bytes for the same input', async () => {
    const first = await renderRecordPdf(inputFor(record));
    const second = await renderRecordPdf(inputFor(record));
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it('differs only by the copy printed when the copy number changes', async () => {
    const first = await renderRecordPdf(inputFor(record));
    const other = await renderRecordPdf(inputFor(record, { copy: { number: 13, issuedAt: new Date('2026-11-22T03:04:05Z') } }));
    expect(Buffer.from(first).equals(Buffer.from(other))).toBe(false);
    expect(pdfText(other)).toContain('Bản sao số 13,');
    const asTwelve = pdfText(other).replaceAll('Bản sao số 13,', 'Bản sao số 12,').replaceAll('Copy no. 13,', 'Copy no. 12,');
    expect(asTwelve).toBe(pdfText(first));
  });

  it('refuses a copy number that is not a positive integer', async () => {
    await expect(renderRecordPdf(inputFor(record, { copy: { number: 0, issuedAt: new Date() } }))).rejects.toThrow(RangeError);
  });
});

describe('renderRecordPdf for a record no longer in force', () => {
  const record = sampleRecord('THCS', 9, 5);

  it.each([
    ['recalled', 'ĐÃ THU HỒI'],
    ['replaced', 'ĐÃ ĐƯỢC THAY THẾ'],
  ] as const)('marks a %s record with a diagonal watermark on every page', async (status, mark) => {
    const bytes = await renderRecordPdf(inputFor(record, { status }));
    const pages = Number(pdfInfo(bytes).Pages);
    for (let page = 1; page <= pages; page++) {
      // pdftotext interleaves rotated letters with the text they cross; -nodiag drops diagonal text (and, now
      // and then, an upright word the diagonal crosses), so what it drops holds the watermark and little else.
      const all = pdfText(bytes, '-f', String(page), '-l', String(page));
      const upright = pdfText(bytes, '-nodiag', '-f', String(page), '-l', String(page));
      const dropped = droppedLetters(all, upright);
      expect(droppedLetters(dropped, squeeze(mark)).length).toBe(dropped.length - squeeze(mark).length);
      expect(dropped.length).toBeLessThanOrEqual(squeeze(mark).length + 4);
    }
    // The watermark stays clear of the QR.
    for (const found of qrPayloadsPerPage(bytes)) expect(found).toEqual([`https://hocba.example.vn/tra-cuu/${record.lookupCode}?ban=12`]);
  });

  it('has no watermark when valid', async () => {
    const bytes = await renderRecordPdf(inputFor(record));
    expect(droppedLetters(pdfText(bytes), pdfText(bytes, '-nodiag'))).toBe('');
  });
});

describe('visual check', () => {
  it('writes page 1 of a TH and a THPT copy to test-results/render/', async () => {
    mkdirSync(RESULTS, { recursive: true });
    savePageOne(await renderRecordPdf(inputFor(sampleRecord('TH', 4, 11))), `${RESULTS}th-grade4-page1`);
    savePageOne(await renderRecordPdf(inputFor(sampleRecord('THPT', 11, 11), { status: 'recalled' })), `${RESULTS}thpt-grade11-recalled-page1`);
    for (const name of ['th-grade4-page1.png', 'thpt-grade11-recalled-page1.png']) expect(statSync(`${RESULTS}${name}`).size).toBeGreaterThan(50_000);
  });

  it('prints in black and white only, watermark included', async () => {
    const pixels = pageOnePixels(await renderRecordPdf(inputFor(sampleRecord('THPT', 11, 11), { status: 'recalled' })));
    let colored = 0;
    for (let i = 0; i < pixels.length; i += 3) if (pixels[i] !== pixels[i + 1] || pixels[i] !== pixels[i + 2]) colored += 1;
    expect(colored).toBe(0);
    expect(pixels.some((value) => value < 40)).toBe(true);
  });
});

describe('layout findings of issue 15', () => {
  it('prints the national motto as Decree 30/2020 spells it: "CỘNG HÒA"', async () => {
    const text = pdfText(await renderRecordPdf(inputFor(sampleRecord('THCS', 8))));
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).not.toContain('CỘNG HOÀ');
  });

  it('prints a replaced copy\'s successor lookup code in its status notice', async () => {
    const successor = 'a1b2c3d4e5f6478899aabbccddeeff00';
    const bytes = await renderRecordPdf({ ...inputFor(sampleRecord('THCS', 9, 5)), status: 'replaced', replacedBy: successor });
    expect(squeeze(pdfText(bytes, '-nodiag'))).toContain(squeeze('Mã tra cứu của học bạ thay thế: A1B2 C3D4 E5F6 4788 99AA BBCC DDEE FF00.'));
  });

  it('names a province as it was when the record was issued: a code of before 1/7/2025 with what it is now (Decision 19/2025)', async () => {
    const base = sampleRecord('THCS', 9, 5);
    const before = await renderRecordPdf(inputFor({ ...base, provinceCode: '74', issueDate: '25/05/2024', schoolYear: '2023-2024' } as HocBaRecord));
    expect(squeeze(pdfText(before, '-nodiag'))).toContain(squeeze('Bình Dương, nay thuộc TP Hồ Chí Minh (mã 74)'));
    // Code 52 was Bình Định then; after the merger it is Gia Lai's own code.
    const reused = await renderRecordPdf(inputFor({ ...base, provinceCode: '52', issueDate: '25/05/2024', schoolYear: '2023-2024' } as HocBaRecord));
    expect(squeeze(pdfText(reused, '-nodiag'))).toContain(squeeze('Bình Định, nay thuộc tỉnh Gia Lai (mã 52)'));
    const after = await renderRecordPdf(inputFor({ ...base, provinceCode: '52', issueDate: '25/05/2026', schoolYear: '2025-2026' } as HocBaRecord));
    expect(squeeze(pdfText(after, '-nodiag'))).toContain(squeeze('Gia Lai (mã 52)'));
    expect(pdfText(after, '-nodiag')).not.toContain('Bình Định');
  });

  it('labels a secondary subject teacher\'s comment instead of running it under the name', async () => {
    const record = sampleRecord('THPT', 11) as SecondaryRecord;
    const commented = record.results.subjects.find((subject) => subject.comment);
    expect(commented).toBeDefined();
    expect(squeeze(pdfText(await renderRecordPdf(inputFor(record))))).toContain(squeeze(`Nhận xét: ${commented!.comment}`));
  });

  it('never carries the last subject row alone onto a new page (TH grade 5 broke after all but one row)', async () => {
    const record = sampleRecord('TH', 5) as PrimaryRecord;
    const pageTwo = pdfText(await renderRecordPdf(inputFor(record)), '-layout', '-f', '2', '-l', '2');
    const beforeQualities = pageTwo.slice(0, pageTwo.indexOf('2. NHỮNG PHẨM CHẤT'));
    const carried = record.results.subjects.filter((subject) => new RegExp(`^\\s*${escape(subject.name)}\\s`, 'm').test(beforeQualities));
    // Before the rule this page began with exactly one subject row.
    expect(carried.length).toBeGreaterThanOrEqual(2);
  });
});
