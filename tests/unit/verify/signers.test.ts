// Signers as the certificates say (SPEC §6, issue 10 item 3): per role, who signed and who is only named.
import { describe, expect, it } from 'vitest';
import { renderRecordPdf } from '../../../api/render/index.ts';
import { sameName, signerMismatchWarnings, signingByRole, type SignatureFacts } from '../../../api/verify/signers.ts';
import { inputFor, pdfText, sampleRecord } from '../render/tools.ts';

const SEAL: SignatureFacts = { role: 'CoSoGiaoDuc', signerName: 'Trường THPT Trưng Vương', organisation: 'Trường THPT Trưng Vương', signingTime: '2025-05-28T02:15:00Z' };
const named = { homeroomTeacher: { name: 'Lê Thị Mai', title: 'Giáo viên chủ nhiệm' }, principal: { name: 'Phạm Quốc Việt', title: 'Hiệu trưởng' } };
const by = (role: string, signerName: string, verdict?: SignatureFacts['verdict']): SignatureFacts => ({
  role, signerName, organisation: 'Trường THPT Trưng Vương', signingTime: '2025-05-28T02:10:00Z', ...(verdict ? { verdict } : {}),
});

describe('signingByRole', () => {
  it('tells the signer (certificate) from the person the content names, per role', () => {
    const result = signingByRole([SEAL, by('HieuTruong', 'PHAM QUOC VIET'), by('GVCN', 'Trần Minh Đức')], named);
    expect(result.map((found) => [found.role, found.note, found.named?.name ?? null, found.signers.map((s) => s.name)])).toEqual([
      ['CoSoGiaoDuc', 'signed', null, ['Trường THPT Trưng Vương']],
      ['HieuTruong', 'signed', 'Phạm Quốc Việt', ['PHAM QUOC VIET']],
      ['GVCN', 'signed_by_other', 'Lê Thị Mai', ['Trần Minh Đức']],
    ]);
  });

  it('says the school sealed when the principal did not sign personally, and not signed when nobody did', () => {
    expect(signingByRole([SEAL], named).map((found) => [found.role, found.note])).toEqual([
      ['CoSoGiaoDuc', 'signed'], ['HieuTruong', 'school_seal_only'], ['GVCN', 'not_signed'],
    ]);
    expect(signingByRole([], named).map((found) => found.note)).toEqual(['not_signed', 'not_signed']);
  });

  it('never counts a signature that did not verify as signed', () => {
    const gvcn = signingByRole([by('GVCN', 'Lê Thị Mai', 'invalid'), by('GVBM', 'Ngô Văn Bình')], named).find((f) => f.role === 'GVCN');
    expect(gvcn).toMatchObject({ role: 'GVCN', note: 'not_signed', signers: [{ name: 'Lê Thị Mai', valid: false }] });
  });

  it('marks a deputy or acting title (KT., Q., Phó hiệu trưởng) as signing on behalf', () => {
    for (const [title, onBehalf] of [['KT. Hiệu trưởng', true], ['Q. HIỆU TRƯỞNG', true], ['Phó Hiệu trưởng', true], ['Hiệu trưởng', false]] as const) {
      const [found] = signingByRole([], { principal: { name: 'A', title } });
      expect([title, found!.onBehalf]).toEqual([title, onBehalf]);
    }
  });

  it('compares names by letters, not case or diacritics', () => {
    expect(sameName('Trần Minh Đức', 'TRAN MINH DUC')).toBe(true);
    expect(sameName('Trần Minh Đức', 'Trần Minh Đạt')).toBe(false);
  });

  it('gives ingest one warning per role whose named person did not sign while another did', () => {
    const warnings = signerMismatchWarnings([SEAL, by('HieuTruong', 'Đỗ Văn Phó'), by('GVCN', 'Lê Thị Mai')], named);
    expect(warnings).toEqual([{
      code: 'signer_not_named', severity: 'warning', path: 'XacNhan/HieuTruong',
      params: { role: 'HieuTruong', named: 'Phạm Quốc Việt', signer: 'Đỗ Văn Phó' },
    }]);
  });
});

describe('the PDF signature block (pdftotext)', () => {
  it('does not print "Đã ký số" under a homeroom teacher who did not sign, and names who did', async () => {
    const record = sampleRecord('THPT', 10);
    const signatures = [
      { role: 'CoSoGiaoDuc', signerName: null, organisation: record.schoolName, signingTime: '2025-05-28T02:15:00Z', serial: '01', issuer: 'CA' },
      { role: 'GVCN', signerName: 'Trần Minh Đức', organisation: record.schoolName, signingTime: '2025-05-28T02:10:00Z', serial: '02', issuer: 'CA' },
    ];
    expect(sameName(record.homeroomTeacher.name, 'Trần Minh Đức')).toBe(false);
    const text = pdfText(await renderRecordPdf(inputFor(record, { signatures })), '-layout').replace(/\s+/g, ' ');
    expect(text).not.toContain('(Đã ký số)');
    // Two columns side by side: pdftotext interleaves their lines, so each line is looked for on its own.
    expect(text).toContain('(Người có tên dưới đây không ký số; Trần Minh Đức đã ký');
    expect(text).toContain('(Nhà trường ký số bằng chứng thư số của tổ chức;');
    expect(text).toContain(record.homeroomTeacher.name);
  });

  it('says "Đã ký số" under the names that did sign', async () => {
    const record = sampleRecord('TH', 5);
    const signatures = [
      { role: 'HieuTruong', signerName: record.principal.name.toUpperCase(), organisation: null, signingTime: '2025-05-28T02:10:00Z', serial: '02', issuer: 'CA' },
      { role: 'GVCN', signerName: record.homeroomTeacher.name, organisation: null, signingTime: '2025-05-28T02:10:00Z', serial: '03', issuer: 'CA' },
    ];
    const text = pdfText(await renderRecordPdf(inputFor(record, { signatures })), '-layout').replace(/\s+/g, ' ');
    expect(text.match(/\(Đã ký số\)/g)).toHaveLength(2);
    expect(text).not.toContain('không ký số');
  });
});
