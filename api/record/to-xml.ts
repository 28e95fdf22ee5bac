// HocBaRecord → an unsigned HocBaSo document (pretty XML), the exact inverse of parseRecord.
import { HOCBA_NS } from './envelope.ts';
import { leaf, writeXml, type XmlNode } from './xml-writer.ts';
import { toSecondaryResultsNode } from './to-xml-secondary.ts';
import type { CriterionResult, HocBaRecord, PrimaryResults, Signatory } from './model.ts';

/** The Id the sample generator and the reference tools give DuLieu. */
export function contentIdOf(lookupCode: string): string {
  return `DuLieu-${lookupCode}`;
}

/** A complete unsigned document: XML declaration, HocBaSo, DuLieu; no DSCKS until someone signs. */
export function toRecordXml(record: HocBaRecord): string {
  const content = writeXml(toContentNode(record), 1, { Id: contentIdOf(record.lookupCode) });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<HocBaSo xmlns="${HOCBA_NS}" PhienBan="1.0">\n${content}\n</HocBaSo>\n`;
}

/** The DuLieu element as a tree, in the order of docs/record-format.md and schema/hocba-1.xsd. */
function toContentNode(record: HocBaRecord): XmlNode {
  return ['DuLieu', [
    ['MaTraCuu', record.lookupCode],
    ['CapHoc', record.level],
    ['Khoi', record.grade],
    ['NamHoc', record.schoolYear],
    ['Lop', record.className],
    record.level === 'TH' ? ['DanhGiaBoSung', record.supplementary] : leaf('DanhGiaBoSung', record.supplementary || undefined),
    ['Truong', [
      ['MaTruong', record.schoolCode], ['TenTruong', record.schoolName], ['MaTinh', record.provinceCode],
      leaf('QuanHuyen', record.district),
    ]],
    ['HocSinh', [
      ['MaDinhDanh', record.personalId], ['MaHocSinh', record.studentCode], leaf('MaHocTapSuotDoi', record.lifelongCode),
      ['HoTen', record.studentName],
      ['NgaySinh', record.dateOfBirth], ['GioiTinh', record.sex], ['DanToc', record.ethnicity],
      ['NoiSinh', record.placeOfBirth], leaf('QueQuan', record.hometown), leaf('DiaChi', record.address),
      leaf('HoTenCha', record.fatherName), leaf('HoTenMe', record.motherName), leaf('HoTenNguoiGiamHo', record.guardianName),
    ]],
    record.level === 'TH' ? toPrimaryResultsNode(record.results) : toSecondaryResultsNode(record.results),
    ['XacNhan', [
      ['NoiCap', record.issuePlace], ['NgayCap', record.issueDate],
      signatory('GiaoVienChuNhiem', record.homeroomTeacher), signatory('HieuTruong', record.principal),
    ]],
  ]];
}

function signatory(name: string, person: Signatory): XmlNode {
  return [name, [['HoTen', person.name], ['ChucDanh', person.title]]];
}

function toPrimaryResultsNode(results: PrimaryResults): XmlNode {
  const criteria = (name: string, list: readonly CriterionResult[]): XmlNode[] => list.map((criterion) => [name, [
    ['Ma', criterion.code], ['Ten', criterion.name], ['MucDat', criterion.level], leaf('NhanXet', criterion.comment),
  ]]);
  return ['KetQua', [
    ...results.subjects.map((subject): XmlNode => ['MonHoc', [
      ['MaMon', subject.code], ['TenMon', subject.name], ['MucDat', subject.level],
      leaf('DiemGiuaHK1', subject.tests.midTerm1), leaf('DiemCuoiHK1', subject.tests.endTerm1),
      leaf('DiemGiuaHK2', subject.tests.midTerm2), leaf('DiemCuoiNam', subject.tests.endYear),
      leaf('NhanXet', subject.comment),
    ]]),
    ...criteria('PhamChat', results.qualities),
    ...criteria('NangLucChung', results.generalCompetences),
    ...criteria('NangLucDacThu', results.specificCompetences),
    ['DanhGiaCuoiNam', results.yearResult],
    ['HoanThanhChuongTrinh', results.completedProgramme],
    leaf('DanhHieu', results.title),
    ...results.otherAwards.map((award): XmlNode => ['KhenThuongKhac', award]),
    ['SoNgayNghi', results.daysAbsent],
    ['NhanXetGVCN', results.homeroomComment],
  ]];
}
