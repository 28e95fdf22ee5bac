import { describe, expect, it } from 'vitest';
import { LEVEL_GRADES, toRecordXml, validateRecord, type Level } from '../../../api/record/index.ts';
import { generateSampleRecord, generateSampleSet, generateSampleXml } from '../../../api/samples/index.ts';
import { found, optionsFor, parseXmlRecord, sampleXml, SCHOOL } from './helpers.ts';

const GRADES = Array.from({ length: 12 }, (_, i) => i + 1);

describe('generateSampleXml', () => {
  describe.each(GRADES)('grade %i', (grade) => {
    it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i parses with no error and validates with no warning', (seed) => {
      const { record, issues } = parseXmlRecord(sampleXml(grade, seed));
      expect(found(issues)).toEqual([]);
      expect(record?.grade).toBe(grade);
      expect(found(validateRecord(record!))).toEqual([]);
    });
  });

  it('gives no warning over many students of every grade (a mix of results, including failures)', () => {
    const outcomes = new Set<string>();
    for (const grade of GRADES) {
      for (let seed = 100; seed < 160; seed++) {
        const { record, issues } = parseXmlRecord(sampleXml(grade, seed));
        expect(found(issues), `grade ${grade} seed ${seed}`).toEqual([]);
        expect(found(validateRecord(record!)), `grade ${grade} seed ${seed}`).toEqual([]);
        outcomes.add(record!.level === 'TH' ? record!.results.yearResult : record!.results.learning.year);
      }
    }
    expect([...outcomes].sort()).toEqual(
      ['Chưa hoàn thành', 'Chưa đạt', 'Hoàn thành', 'Hoàn thành tốt', 'Hoàn thành xuất sắc', 'Khá', 'Tốt', 'Đạt'].sort());
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(sampleXml(7, 42)).toBe(sampleXml(7, 42));
    expect(sampleXml(7, 42)).not.toBe(sampleXml(7, 43));
    expect(sampleXml(3, 42)).not.toBe(sampleXml(3, 42, { schoolCode: '01001002' }));
  });

  it('writes a complete, pretty, unsigned HocBaSo document in NFC', () => {
    const xml = sampleXml(10, 5);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<HocBaSo xmlns="urn:hocba:hoc-ba-so:1" PhienBan="1.0">\n')).toBe(true);
    expect(xml).toMatch(/\n {2}<DuLieu Id="DuLieu-[0-9A-F]{32}">\n {4}<MaTraCuu>[0-9A-F]{32}<\/MaTraCuu>\n/);
    expect(xml).toMatch(/\n {6}<HoTen>[^<]+<\/HoTen>\n/);
    expect(xml).not.toContain('DSCKS');
    expect(xml.normalize('NFC')).toBe(xml);
  });

  it('uses the lookup code it is given, normalised, and a version-4 UUID otherwise', () => {
    const xml = sampleXml(1, 1, { lookupCode: '0f8b2c1e-7d3a-4b9e-a1c2-3d4e5f607182' });
    expect(xml).toContain('<MaTraCuu>0F8B2C1E7D3A4B9EA1C23D4E5F607182</MaTraCuu>');
    expect(generateSampleRecord(optionsFor(5, 9)).lookupCode).toMatch(/^[0-9A-F]{12}4[0-9A-F]{3}[89AB][0-9A-F]{15}$/);
  });

  it('refuses a grade outside the level, and an unknown province', () => {
    expect(() => generateSampleXml({ ...optionsFor(3), level: 'THPT' })).toThrow(expect.objectContaining({ code: 'grade_level_mismatch' }));
    expect(() => generateSampleXml(optionsFor(3, 1, { provinceCode: '03' }))).toThrow(expect.objectContaining({ code: 'province_unknown' }));
  });

  it('escapes markup characters and keeps line breaks of comments exactly', () => {
    const record = generateSampleRecord(optionsFor(10, 4));
    const homeroomComment = 'Điểm <5 & "chưa" đạt\r\nCần cố gắng > hơn';
    const tricky = { ...record, results: { ...record.results, homeroomComment } } as typeof record;
    expect(parseXmlRecord(toRecordXml(tricky)).record?.results.homeroomComment).toBe(homeroomComment);
  });

  it.each(GRADES)('round-trips grade %i: parsing the XML gives back the record it was written from', (grade) => {
    const record = generateSampleRecord(optionsFor(grade, 11));
    expect(parseXmlRecord(toRecordXml(record)).record).toStrictEqual(record);
  });
});

describe('generateSampleSet', () => {
  it('makes count distinct students of one school and grade, in classes of 35', () => {
    const files = generateSampleSet({ ...SCHOOL, level: 'THCS' as Level, grade: 6, seed: 1, count: 40 });
    expect(files).toHaveLength(40);
    expect(new Set(files.map((file) => file.lookupCode)).size).toBe(40);
    const classes = files.map((file) => parseXmlRecord(file.xml).record!.className);
    expect(classes[0]).toBe('6A1');
    expect(classes[39]).toBe('6A2');
    expect(LEVEL_GRADES.THCS).toContain(parseXmlRecord(files[3]!.xml).record!.grade);
  });
});
