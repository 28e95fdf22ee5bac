// MaHocTapSuotDoi, the lifelong learning-record code (Decree 88/2026/NĐ-CP), pending the Ministry's format: optional,
// 8-32 digits and capital letters, in the same place for the schema, the parser, the writer and the PDF, and masked
// like the personal id (last four characters) by its field.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';
import { maskLifelongCode, maskRecordPersonalIds } from '../../../api/record/personal-ids.ts';
import { renderRecordPdf } from '../../../api/render/index.ts';
import { edit, found, parseXmlRecord, sampleXml } from './helpers.ts';
import { inputFor, pdfText } from '../render/tools.ts';

const CODE = 'HT2026A01234567Z';
const schema = XmlDocument.fromString(readFileSync(new URL('../../../schema/hocba-1.xsd', import.meta.url), 'utf8'));
const validator = XsdValidator.fromDoc(schema);
afterAll(() => {
  validator.dispose();
  schema.dispose();
});

function schemaAccepts(xml: string): boolean {
  const document = XmlDocument.fromString(xml);
  try {
    validator.validate(document);
    return true;
  } catch {
    return false;
  } finally {
    document.dispose();
  }
}

describe('MaHocTapSuotDoi (Decree 88/2026)', () => {
  it('is written right after MaHocSinh only when given, and read back by the parser with no issue', () => {
    const xml = sampleXml(9, 2, { lifelongCode: CODE });
    expect(xml).toMatch(new RegExp(`</MaHocSinh>\\s*<MaHocTapSuotDoi>${CODE}</MaHocTapSuotDoi>\\s*<HoTen>`));
    expect(sampleXml(9, 2)).not.toContain('MaHocTapSuotDoi');
    const { record, issues } = parseXmlRecord(xml);
    expect([record?.lifelongCode, found(issues)]).toEqual([CODE, []]);
    expect(parseXmlRecord(sampleXml(9, 2)).record?.lifelongCode).toBeUndefined();
    expect(schemaAccepts(xml)).toBe(true);
  });

  it.each([
    ['7 characters', '1234567'],
    ['33 characters', 'A'.repeat(33)],
    ['lower case', 'ht2026a01234567z'],
    ['a hyphen', 'HT-2026-0001'],
    ['a space', 'HT 20260001'],
    ['a letter with a diacritic', 'HTĐ20260001'],
    ['full-width digits', '１２３４５６７８９'],
  ])('refuses %s with field_format at HocSinh/MaHocTapSuotDoi, as the schema does', (_name, value) => {
    const xml = edit(sampleXml(9, 2, { lifelongCode: CODE }), new RegExp(`<MaHocTapSuotDoi>${CODE}<`), `<MaHocTapSuotDoi>${value}<`);
    expect(found(parseXmlRecord(xml).issues)).toEqual(['field_format@HocSinh/MaHocTapSuotDoi']);
    expect(schemaAccepts(xml)).toBe(false);
  });

  it('refuses it out of its place (after HoTen) in the parser and the schema alike', () => {
    const xml = edit(sampleXml(9, 2, { lifelongCode: CODE }), /(<MaHocTapSuotDoi>[^<]+<\/MaHocTapSuotDoi>)(\s*)(<HoTen>[^<]+<\/HoTen>)/, '$3$2$1');
    expect(parseXmlRecord(xml).record).toBeNull();
    expect(schemaAccepts(xml)).toBe(false);
  });

  it('is masked to its last four characters in a record and a report\'s record, by field, idempotently, never inside another value', () => {
    // A code made of 16 characters of the record's own lookup code: a mask by value would break the lookup code.
    const inside = parseXmlRecord(sampleXml(9, 2)).record!.lookupCode.slice(8, 24);
    const record = parseXmlRecord(sampleXml(9, 2, { lifelongCode: inside })).record!;
    expect(record.lookupCode).toContain(inside);
    const masked = maskRecordPersonalIds(record, record.personalId);
    expect(masked.lifelongCode).toBe(`${'*'.repeat(12)}${inside.slice(-4)}`);
    expect(masked.lookupCode).toBe(record.lookupCode);
    expect(maskLifelongCode(masked)).toEqual(masked);
    expect(maskLifelongCode({ verdict: 'valid', record }).record.lifelongCode).toBe(masked.lifelongCode);
  });

  it('is printed on the PDF under its label, masked', async () => {
    const record = parseXmlRecord(sampleXml(9, 2, { lifelongCode: CODE })).record!;
    const text = pdfText(await renderRecordPdf(inputFor(record)));
    expect(text).toContain('Mã học tập suốt đời');
    expect(text).toContain(`${'*'.repeat(CODE.length - 4)}567Z`);
    expect(text).not.toContain(CODE);
    expect(pdfText(await renderRecordPdf(inputFor(parseXmlRecord(sampleXml(9, 2)).record!)))).not.toContain('Mã học tập suốt đời');
  });
});
