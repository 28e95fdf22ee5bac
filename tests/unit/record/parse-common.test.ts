import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../api/xml/index.ts';
import { parseRecord } from '../../../api/record/index.ts';
import { edit, errorsOf, found, parseXmlRecord, sampleXml } from './helpers.ts';

const base = sampleXml(4, 3);

describe('parseRecord', () => {
  it('reads the common data of a sample, the lookup code upper-cased', () => {
    const xml = edit(base, /<MaTraCuu>[0-9A-F]{32}<\/MaTraCuu>/, '<MaTraCuu>0f8b2c1e7d3a4b9ea1c23d4e5f607182</MaTraCuu>');
    const { record } = parseXmlRecord(xml);
    expect(record).toMatchObject({ lookupCode: '0F8B2C1E7D3A4B9EA1C23D4E5F607182', level: 'TH', grade: 4, schoolCode: '01001001' });
    expect(record?.studentName).toMatch(/^\p{L}+( \p{L}+)+$/u);
    expect(record?.dateOfBirth).toMatch(/^\d{2}\/\d{2}\/2015$/);
  });

  it('reads a value whole even when a comment cuts it (textContent)', () => {
    const name = /<HoTen>([^<]+)<\/HoTen>/.exec(base)![1]!;
    const split = `${name.slice(0, 3)}<!-- chú thích -->${name.slice(3)}`;
    expect(parseXmlRecord(edit(base, /<HoTen>[^<]+<\/HoTen>/, `<HoTen>${split}</HoTen>`)).record?.studentName).toBe(name);
  });

  it('reads only the DuLieu element it is given, never its siblings', () => {
    const withoutName = edit(base, /\n *<HoTen>[^<]+<\/HoTen>/, '');
    const document = parseXml(withoutName.replace('</HocBaSo>', '<HocSinh><HoTen>Nguyễn Văn An</HoTen></HocSinh></HocBaSo>')).document;
    const content = document.documentElement.getElementsByTagName('DuLieu')[0]!;
    expect(found(parseRecord(content).issues)).toContain('field_missing@HocSinh/HoTen');
  });

  it('collects every problem at once instead of stopping at the first', () => {
    let xml = edit(base, /<NgaySinh>[^<]+<\/NgaySinh>/, '<NgaySinh>31/02/2015</NgaySinh>');
    xml = edit(xml, /<GioiTinh>[^<]+<\/GioiTinh>/, '<GioiTinh>Nu</GioiTinh>');
    xml = edit(xml, /<DiemCuoiNam>\d+<\/DiemCuoiNam>/, '<DiemCuoiNam>7.5</DiemCuoiNam>', 2);
    xml = edit(xml, /<NgayCap>[^<]+<\/NgayCap>/, '<NgayCap>2025-05-30</NgayCap>');
    expect(errorsOf(xml)).toEqual([
      'date_invalid@HocSinh/NgaySinh',
      'field_value@HocSinh/GioiTinh',
      'field_format@KetQua/MonHoc[2]/DiemCuoiNam',
      'field_format@XacNhan/NgayCap',
    ]);
  });

  describe('when a field is missing, empty, malformed or not allowed', () => {
    const cases: Array<[string, RegExp, string, string]> = [
      ['a required element is missing', /\n *<HoTen>[^<]+<\/HoTen>/, '', 'field_missing@HocSinh/HoTen'],
      ['a required group is missing', /\n *<XacNhan>[\s\S]*<\/XacNhan>/, '', 'field_missing@XacNhan'],
      ['a value is empty', /<DanToc>[^<]+<\/DanToc>/, '<DanToc> </DanToc>', 'field_empty@HocSinh/DanToc'],
      ['an ID number is short', /<MaDinhDanh>\d+<\/MaDinhDanh>/, '<MaDinhDanh>00131507423</MaDinhDanh>', 'field_format@HocSinh/MaDinhDanh'],
      ['a student code has letters', /<MaHocSinh>\d+<\/MaHocSinh>/, '<MaHocSinh>01A5380613</MaHocSinh>', 'field_format@HocSinh/MaHocSinh'],
      ['a school code has 7 digits', /<MaTruong>\d+<\/MaTruong>/, '<MaTruong>0100100</MaTruong>', 'field_format@Truong/MaTruong'],
      ['a date is ISO', /<NgaySinh>[^<]+<\/NgaySinh>/, '<NgaySinh>2015-10-07</NgaySinh>', 'field_format@HocSinh/NgaySinh'],
      ['a name has a digit', /<HoTen>[^<]+<\/HoTen>/, '<HoTen>Lê Văn 2</HoTen>', 'field_format@HocSinh/HoTen'],
      ['a name has a double space', /<HoTen>[^<]+<\/HoTen>/, '<HoTen>Lê  Văn An</HoTen>', 'field_format@HocSinh/HoTen'],
      ['a label has a surrounding space', /<Lop>[^<]+<\/Lop>/, '<Lop>4A1 </Lop>', 'field_format@Lop'],
      ['the school year skips a year', /<NamHoc>[^<]+<\/NamHoc>/, '<NamHoc>2024-2026</NamHoc>', 'field_value@NamHoc'],
      ['the grade is 13', /<Khoi>\d+<\/Khoi>/, '<Khoi>13</Khoi>', 'field_format@Khoi'],
      ['the level is unknown', /<CapHoc>TH<\/CapHoc>/, '<CapHoc>MN</CapHoc>', 'field_value@CapHoc'],
      ['a day does not exist', /<NgaySinh>[^<]+<\/NgaySinh>/, '<NgaySinh>29/02/2015</NgaySinh>', 'date_invalid@HocSinh/NgaySinh'],
      ['the lookup code has hyphens', /<MaTraCuu>[^<]+<\/MaTraCuu>/, '<MaTraCuu>0f8b2c1e-7d3a-4b9e-a1c2-3d4e5f607182</MaTraCuu>', 'lookup_code_format@MaTraCuu'],
      ['the province code is unknown', /<MaTinh>\d+<\/MaTinh>/, '<MaTinh>03</MaTinh>', 'province_unknown@Truong/MaTinh'],
      ['an element is unknown', /<DanToc>/, '<TonGiao>Không</TonGiao><DanToc>', 'field_unexpected@HocSinh/TonGiao'],
      ['an element is repeated', /<DanToc>[^<]+<\/DanToc>/, '<DanToc>Kinh</DanToc><DanToc>Tày</DanToc>', 'field_unexpected@HocSinh/DanToc[2]'],
      ['an attribute is added', /<HoTen>/, '<HoTen loai="khai-sinh">', 'field_unexpected@HocSinh/HoTen/@loai'],
      ['a leaf holds an element', /<NoiSinh>[^<]+<\/NoiSinh>/, '<NoiSinh><Tinh>Hà Nội</Tinh></NoiSinh>', 'field_unexpected@HocSinh/NoiSinh/Tinh'],
      ['a group holds text', /<Truong>/, '<Truong>Trường', 'field_unexpected@Truong'],
      ['an element is in another namespace', /<DanToc>/, '<x:DanToc xmlns:x="urn:other">Kinh</x:DanToc><DanToc>', 'field_unexpected@HocSinh/DanToc'],
      ['elements are out of order', /(<HoTen>[^<]+<\/HoTen>)(\s*)(<NgaySinh>[^<]+<\/NgaySinh>)/, '$3$2$1', 'field_order@HocSinh/HoTen'],
      ['a comment is too long', /<NhanXetGVCN>[^<]+<\/NhanXetGVCN>/, `<NhanXetGVCN>${'a'.repeat(2001)}</NhanXetGVCN>`, 'field_too_long@KetQua/NhanXetGVCN'],
      ['a name is decomposed (NFD)', /<HoTen>[^<]+<\/HoTen>/, `<HoTen>${'Nguyễn Văn An'.normalize('NFD')}</HoTen>`, 'text_not_nfc@HocSinh/HoTen'],
    ];
    it.each(cases)('reports %s', (_name, pattern, replacement, expected) => {
      const replaced = base.replace(pattern, replacement);
      expect(replaced).not.toBe(base);
      expect(errorsOf(replaced)).toContain(expected);
    });
  });

  describe('when the lookup code has visible structure (SPEC §9)', () => {
    it.each([
      ['000…07', `${'0'.repeat(31)}7`, 'not_version_4'],
      ['000…0A', `${'0'.repeat(31)}A`, 'not_version_4'],
      ['FFF…F', 'F'.repeat(32), 'not_version_4'],
      ['a repeated block in a v4 layout', 'C0FFEE00C0FF4E0080FFEE00C0FFEE00', 'few_digits'],
    ])('refuses %s with lookup_code_not_random', (_name, code, reason) => {
      const { issues } = parseXmlRecord(edit(base, /<MaTraCuu>[^<]+<\/MaTraCuu>/, `<MaTraCuu>${code}</MaTraCuu>`));
      expect(issues).toEqual([{ code: 'lookup_code_not_random', severity: 'error', path: 'MaTraCuu', params: { found: code, reason } }]);
    });
  });

  it('accepts true for the supplementary lock in grade 4 only', () => {
    const grade4 = edit(base, /<DanhGiaBoSung>false/, '<DanhGiaBoSung>true');
    expect(found(parseXmlRecord(grade4).issues)).toEqual([]);
    expect(parseXmlRecord(grade4).record?.supplementary).toBe(true);
    const grade5 = edit(sampleXml(5, 3), /<DanhGiaBoSung>false/, '<DanhGiaBoSung>true');
    expect(errorsOf(grade5)).toEqual(['field_value@DanhGiaBoSung']);
  });

  it('reports a grade outside the level with grade_level_mismatch and leaves the results unchecked', () => {
    const xml = edit(edit(base, /<Khoi>4<\/Khoi>/, '<Khoi>7</Khoi>'), /<MaMon>TOAN<\/MaMon>/, '<MaMon>XYZ</MaMon>');
    expect(errorsOf(xml)).toEqual(['grade_level_mismatch@Khoi']);
  });
});
