// The CSV shared by the API and the portal (api/csv.ts): codes read from what admissions offices paste or export,
// tables written so that Excel shows Vietnamese names and never runs a formula.
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCodeList, parseCsv, toCsv } from '../../api/csv.ts';

const CODE = '9F1C2B7E4A5D4E3F8A1B2C3D4E5F6A7B';

describe('parseCodeList', () => {
  it('reads the first cell of each line, whatever the separator, line ending or byte-order mark', () => {
    const text = `\uFEFF${CODE};Nguyễn Văn An\r\n${CODE.toLowerCase()},x\n\n9f1c-2b7e\tb\r"${CODE}","y"\n`;
    expect(parseCodeList(text)).toEqual([CODE, CODE.toLowerCase(), '9f1c-2b7e', CODE]);
  });

  it('skips a header line of words, keeps a first line that could be data', () => {
    expect(parseCodeList(`Mã tra cứu;Ghi chú\n${CODE}`)).toEqual([CODE]);
    expect(parseCodeList(`ma_tra_cuu\n${CODE}`)).toEqual([CODE]);
    // Digits make it data: shown as malformed to the user rather than silently dropped.
    expect(parseCodeList(`ma 2025\n${CODE}`)).toEqual(['ma 2025', CODE]);
    expect(parseCodeList(`${CODE}\nkhông-phải-mã`)).toEqual([CODE, 'không-phải-mã']);
  });

  it('reads a quoted cell with doubled quotes and separators inside', () => {
    expect(parseCodeList(`${CODE}\n"a ""quoted"", code; here";rest`)).toEqual([CODE, 'a "quoted", code; here']);
  });
});

describe('toCsv', () => {
  it('writes UTF-8 text with a byte-order mark and CRLF, Vietnamese exact (NFC kept)', () => {
    const name = 'Nguyễn Thị Ánh Tuyết'.normalize('NFC');
    const csv = toCsv(['ma', 'ho_ten'], [[CODE, name]]);
    expect(csv).toBe(`\uFEFFma,ho_ten\r\n${CODE},${name}\r\n`);
    expect(csv.normalize('NFC')).toBe(csv);
  });

  it('defuses formulas and quotes separators, quotes and line breaks', () => {
    const csv = toCsv(['x'], [['=HYPERLINK("http://evil")'], ['+1'], ['-2'], ['@SUM(A1)'], ['a;b'], ['a,b'], ['say "hi"'], ['two\nlines'], [null], [7], [true]]);
    expect(csv.slice(1).split('\r\n').slice(1, -1)).toEqual([
      `"'=HYPERLINK(""http://evil"")"`, "'+1", "'-2", "'@SUM(A1)", '"a;b"', '"a,b"', '"say ""hi"""', '"two\nlines"', '', '7', 'true',
    ]);
  });
});

describe('parseCsv (the claims lists of admissions offices)', () => {
  it('picks the separator from the header line: semicolon (Vietnamese Excel), comma or tab; quoted separators do not count', () => {
    expect(parseCsv('a;b;c\r\n1;2;3').separator).toBe(';');
    expect(parseCsv('a,b\n1,2').separator).toBe(',');
    expect(parseCsv('a\tb\n1\t2').separator).toBe('\t');
    expect(parseCsv('"x;y;z",b\n1,2').separator).toBe(',');
  });

  it('reads quoted cells with separators, doubled quotes and line breaks, gives each record the line it starts on, skips empty lines', () => {
    const table = parseCsv('\uFEFFma;ghi_chu\r\n\r\nA;"một; hai"\r\nB;"dòng 1\r\ndòng 2"\r\nC;"nói ""có"""\r\n');
    expect(table.records).toEqual([
      { line: 1, cells: ['ma', 'ghi_chu'] },
      { line: 3, cells: ['A', 'một; hai'] },
      { line: 4, cells: ['B', 'dòng 1\r\ndòng 2'] },
      { line: 6, cells: ['C', 'nói "có"'] },
    ]);
  });

  it('keeps empty cells in place (a row without a declared value is not a shifted row)', () => {
    expect(parseCsv('a,b,c\n,,x\n').records[1]!.cells).toEqual(['', '', 'x']);
  });

  it('refuses a quote never closed, naming the line where its record starts', () => {
    expect(() => parseCsv('a\nb\n"c\nd')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a\nb\n"c\nd');
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(3);
    }
  });
});
