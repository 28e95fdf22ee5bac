import { describe, expect, it } from 'vitest';
import { edit, errorsOf, found, parseXmlRecord, sampleXml, subjectBlock } from './helpers.ts';

/** Replaces text inside the nth MonHoc only. */
function inSubject(xml: string, nth: number, pattern: RegExp, replacement: string): string {
  const { block } = subjectBlock(xml, nth);
  const changed = block.replace(pattern, replacement);
  expect(changed, `MonHoc[${nth}] has ${pattern}`).not.toBe(block);
  return xml.replace(block, changed);
}

describe('parseRecord, primary results (TT 27)', () => {
  const grade4 = sampleXml(4, 3);
  const grade3 = sampleXml(3, 3);

  it('reads a grade-4 sample in the order of the paper template', () => {
    const { record } = parseXmlRecord(grade4);
    expect(record?.level).toBe('TH');
    if (record?.level !== 'TH') return;
    expect(record.results.subjects.map((s) => s.code)).toEqual(['TV', 'TOAN', 'NN1', 'DD', 'KH', 'LSDL', 'THCN', 'GDTC', 'AN', 'MT', 'HDTN']);
    expect(Object.keys(record.results.subjects[0]!.tests)).toEqual(['midTerm1', 'endTerm1', 'midTerm2', 'endYear']);
    expect(record.results.qualities).toHaveLength(5);
    expect(record.results.specificCompetences).toHaveLength(7);
  });

  it('reports a compulsory subject that is missing, with its code', () => {
    const { block } = subjectBlock(grade4, 2);
    const { issues } = parseXmlRecord(grade4.replace(block, ''));
    expect(found(issues)).toEqual(['subject_missing_for_grade@KetQua/MonHoc']);
    expect(issues[0]?.params).toMatchObject({ code: 'TOAN', name: 'Toán', grade: 4 });
  });

  it('reports a subject of another grade with subject_unknown at its code', () => {
    const xml = inSubject(grade4, 4, /<MaMon>DD<\/MaMon>\s*<TenMon>Đạo đức<\/TenMon>/, '<MaMon>TNXH</MaMon><TenMon>Tự nhiên và Xã hội</TenMon>');
    expect(errorsOf(xml)).toEqual(['subject_unknown@KetQua/MonHoc[4]/MaMon', 'subject_missing_for_grade@KetQua/MonHoc']);
  });

  it('reports a subject twice with subject_duplicate', () => {
    const { block } = subjectBlock(grade4, 4);
    expect(errorsOf(grade4.replace(block, block + block))).toEqual(['subject_duplicate@KetQua/MonHoc[5]/MaMon']);
  });

  it('reports a subject name that differs from the vocabulary', () => {
    expect(errorsOf(inSubject(grade4, 2, /<TenMon>Toán<\/TenMon>/, '<TenMon>Toán học</TenMon>'))).toEqual(['field_value@KetQua/MonHoc[2]/TenMon']);
  });

  it('requires the mid-term tests of Tiếng Việt and Toán in grades 4-5', () => {
    expect(errorsOf(inSubject(grade4, 1, /\s*<DiemGiuaHK2>\d+<\/DiemGiuaHK2>/, ''))).toEqual(['field_missing@KetQua/MonHoc[1]/DiemGiuaHK2']);
  });

  it('refuses mid-term tests in grade 3 and tests of an untested subject', () => {
    expect(errorsOf(inSubject(grade3, 1, /<DiemCuoiHK1>/, '<DiemGiuaHK1>7</DiemGiuaHK1><DiemCuoiHK1>'))).toEqual(['field_unexpected@KetQua/MonHoc[1]/DiemGiuaHK1']);
    const dd = subjectBlock(grade3, 4);
    expect(dd.code).toBe('DD');
    expect(errorsOf(inSubject(grade3, 4, /<\/MucDat>/, '</MucDat><DiemCuoiNam>8</DiemCuoiNam>'))).toEqual(['field_unexpected@KetQua/MonHoc[4]/DiemCuoiNam']);
  });

  it('refuses a test score with decimals or above 10, and a level off the T/H/C scale', () => {
    expect(errorsOf(inSubject(grade4, 2, /<DiemCuoiNam>\d+</, '<DiemCuoiNam>11<'))).toEqual(['field_format@KetQua/MonHoc[2]/DiemCuoiNam']);
    expect(errorsOf(inSubject(grade4, 1, /<MucDat>[THC]</, '<MucDat>Đ<'))).toEqual(['field_value@KetQua/MonHoc[1]/MucDat']);
  });

  describe('qualities and competences', () => {
    it('reports a missing, an unknown and a repeated criterion', () => {
      const quality = /\n *<PhamChat>[\s\S]*?<\/PhamChat>/;
      const first = quality.exec(grade4)![0];
      expect(errorsOf(grade4.replace(first, ''))).toEqual(['criterion_missing@KetQua/PhamChat']);
      expect(errorsOf(grade4.replace(first, first.replace(/<Ma>\w+</, '<Ma>SANGTAO<')))).toEqual([
        'criterion_unknown@KetQua/PhamChat[1]/Ma', 'criterion_missing@KetQua/PhamChat',
      ]);
      expect(errorsOf(grade4.replace(first, first + first))).toEqual(['criterion_duplicate@KetQua/PhamChat[2]/Ma']);
    });

    it('uses the T/Đ/C scale, where H is not a level', () => {
      expect(errorsOf(edit(grade4, /(<PhamChat>[\s\S]*?<MucDat>)[TĐC]</, '$1H<'))).toEqual(['field_value@KetQua/PhamChat[1]/MucDat']);
    });

    it('assesses Công nghệ and Tin học only from grade 3', () => {
      const grade2 = sampleXml(2, 3);
      const extra = '<NangLucDacThu><Ma>TINHOC</Ma><Ten>Tin học</Ten><MucDat>T</MucDat></NangLucDacThu>';
      expect(errorsOf(edit(grade2, /<DanhGiaCuoiNam>/, `${extra}<DanhGiaCuoiNam>`))).toEqual(['criterion_unknown@KetQua/NangLucDacThu[6]/Ma']);
    });
  });

  it('refuses a year-end result off the scale', () => {
    expect(errorsOf(edit(grade4, /<DanhGiaCuoiNam>[^<]+</, '<DanhGiaCuoiNam>Xuất sắc<'))).toEqual(['field_value@KetQua/DanhGiaCuoiNam']);
  });
});

describe('parseRecord, secondary results (TT 22)', () => {
  const grade9 = sampleXml(9, 3);
  const grade11 = sampleXml(11, 3);

  it('reports a missing year average at its path', () => {
    expect(errorsOf(inSubject(grade9, 3, /\s*<DiemCN>[^<]+<\/DiemCN>/, ''))).toEqual(['field_missing@KetQua/MonHoc[3]/DiemCN']);
  });

  it('refuses a decimal comma, and a score above 10', () => {
    expect(errorsOf(inSubject(grade9, 2, /<DiemHK1>(\d+)\.(\d)</, '<DiemHK1>$1,$2<'))).toEqual(['field_format@KetQua/MonHoc[2]/DiemHK1']);
    expect(errorsOf(inSubject(grade9, 2, /<DiemCK>[^<]+</, '<DiemCK>10.5<'))).toEqual(['field_format@KetQua/MonHoc[2]/DiemThanhPhanHK1/DiemCK']);
  });

  it('keeps each scale to its subjects', () => {
    expect(errorsOf(inSubject(grade9, 1, /<GiaoVien>/, '<MucHK1>Đ</MucHK1><GiaoVien>'))).toEqual(['field_unexpected@KetQua/MonHoc[1]/MucHK1']);
    expect(subjectBlock(grade9, 9).code).toBe('GDTC');
    expect(errorsOf(inSubject(grade9, 9, /<MucHK1>/, '<DiemHK1>8.0</DiemHK1><MucHK1>'))).toContain('field_unexpected@KetQua/MonHoc[9]/DiemHK1');
    expect(errorsOf(inSubject(grade9, 9, /<MucCN>Đ</, '<MucCN>Đạt<'))).toEqual(['field_value@KetQua/MonHoc[9]/MucCN']);
  });

  it('admits at most four continuous scores a term', () => {
    const xml = inSubject(grade9, 1, /<DiemGK>/, '<DiemTX>9</DiemTX><DiemGK>');
    expect(errorsOf(xml)).toEqual(['field_unexpected@KetQua/MonHoc[1]/DiemThanhPhanHK1/DiemTX[5]']);
  });

  it('requires HoanThanhTHCS in grade 9 and refuses it elsewhere', () => {
    expect(errorsOf(edit(grade9, /\s*<HoanThanhTHCS>\w+<\/HoanThanhTHCS>/, ''))).toEqual(['field_missing@KetQua/HoanThanhTHCS']);
    const grade8 = sampleXml(8, 3);
    expect(errorsOf(edit(grade8, /<NhanXetGVCN>/, '<NhanXetGVCN>').replace(/(<XetLenLop>[^<]+<\/XetLenLop>)/, '$1<HoanThanhTHCS>true</HoanThanhTHCS>')))
      .toEqual(['field_unexpected@KetQua/HoanThanhTHCS']);
  });

  it('refuses results and outcomes off their scales', () => {
    expect(errorsOf(edit(grade9, /(<HocTap>[\s\S]*?<CaNam>)[^<]+</, '$1Giỏi<'))).toEqual(['field_value@KetQua/HocTap/CaNam']);
    expect(errorsOf(edit(grade9, /<XetLenLop>[^<]+</, '<XetLenLop>Lên lớp<'))).toEqual(['field_value@KetQua/XetLenLop']);
  });

  it('refuses the primary part inside a secondary record', () => {
    const quality = '<PhamChat><Ma>YEUNUOC</Ma><Ten>Yêu nước</Ten><MucDat>T</MucDat></PhamChat>';
    expect(errorsOf(edit(grade9, /<RenLuyen>/, `${quality}<RenLuyen>`))).toEqual(['field_unexpected@KetQua/PhamChat']);
  });

  it('reports a THCS compulsory subject that is missing', () => {
    const { block } = subjectBlock(grade9, 6);
    const { issues } = parseXmlRecord(grade9.replace(block, ''));
    expect(found(issues)).toEqual(['subject_missing_for_grade@KetQua/MonHoc']);
    expect(issues[0]?.params).toMatchObject({ code: 'KHTN' });
  });

  it('requires exactly four chosen THPT subjects', () => {
    const chosen = subjectBlock(grade11, 9);
    expect(chosen.code).toBe('VL');
    const { issues } = parseXmlRecord(grade11.replace(chosen.block, ''));
    expect(found(issues)).toEqual(['subject_choice_count@KetQua']);
    expect(issues[0]?.params).toMatchObject({ expected: 4, found: 3 });
    const fifth = chosen.block.replace('<MaMon>VL</MaMon>', '<MaMon>SH</MaMon>').replace('<TenMon>Vật lí</TenMon>', '<TenMon>Sinh học</TenMon>');
    expect(parseXmlRecord(grade11.replace(chosen.block, chosen.block + fifth)).issues[0]?.params).toMatchObject({ found: 5 });
  });

  it('reports a THCS subject in a THPT record with subject_unknown', () => {
    const xml = inSubject(grade11, 4, /<MaMon>LS<\/MaMon>\s*<TenMon>Lịch sử<\/TenMon>/, '<MaMon>GDCD</MaMon><TenMon>Giáo dục công dân</TenMon>');
    expect(errorsOf(xml)).toEqual(['subject_unknown@KetQua/MonHoc[4]/MaMon', 'subject_missing_for_grade@KetQua/MonHoc']);
  });
});
