// The claims check's readers and comparisons (issue 18), without a registry: the header names an office may write,
// the dates Excel may rewrite, and when a declared value is the stored one.
import { describe, expect, it } from 'vitest';
import { readClaimsCsv, readClaimsJson } from '../../../api/answers/claims-input.ts';
import { checkClaims, readDate, type ClaimResult } from '../../../api/answers/claims.ts';
import type { RecordView } from '../../../api/registry/types.ts';

describe('readClaimsCsv', () => {
  it('understands Vietnamese and English headers, with or without diacritics, and ignores # and name columns', () => {
    const read = readClaimsCsv('STT;Họ và tên;Mã tra cứu lớp 12;ngay_sinh;CCCD 4 số cuối;Toán 12 CN;ngu_van_11_hk_ii;Học tập lớp 12 HK I;# ghi chú\r\n'
      + '7;An;ABC;1/2/2008;1234;8,5;Đ;Tốt;x\r\n');
    expect(read).toEqual({ ok: true, rows: [{
      ref: '7', codes: ['ABC'], dateOfBirth: '1/2/2008', personalIdLast4: '1234',
      declared: [
        { grade: 12, subject: 'toan', term: 'CN', value: '8,5' },
        { grade: 11, subject: 'ngu_van', term: 'HK2', value: 'Đ' },
        { grade: 12, subject: 'hoc_tap', term: 'HK1', value: 'Tốt' },
      ],
    }] });
  });

  it('names the first header it does not understand, with its position', () => {
    expect(readClaimsCsv('ma_tra_cuu,Toán 12 CA\n')).toEqual({ ok: false, issue: { code: 'claims_column_unknown', severity: 'error', params: { column: 'Toán 12 CA', position: 2 } } });
  });

  it('refuses more than 150 declared-value columns or 3 code columns, saying how many and the limit', () => {
    const names = Array.from({ length: 151 }, (_, at) => `S${at} 12 CN`);
    expect(readClaimsCsv(`ma_tra_cuu,${names.join(',')}\n`)).toMatchObject({ ok: false, issue: { code: 'claims_too_many_values', params: { count: 151, limit: 150 } } });
    expect(readClaimsJson([{ codes: ['A'], declared: Object.fromEntries(names.map((name) => [name, '8'])) }])).toMatchObject({ ok: false, issue: { code: 'claims_too_many_values' } });
    expect(readClaimsJson([{ codes: ['A', 'B', 'C', 'D'] }])).toMatchObject({ ok: false, issue: { code: 'claims_too_many_codes', params: { count: 4, limit: 3 } } });
  });

  it('gives a row without a reference its line number as reference', () => {
    const read = readClaimsCsv('ma_tra_cuu\n\nA\n');
    expect(read.ok && read.rows.map((row) => row.ref)).toEqual(['#3']);
  });
});

describe('readClaimsJson', () => {
  it('reads declared-value names with the CSV header syntax and says where an unknown one is', () => {
    expect(readClaimsJson([{ codes: ['A'], declared: { 'TOAN 12 CN': 8.5 } }])).toEqual({ ok: true, rows: [
      { ref: '#1', codes: ['A'], dateOfBirth: null, personalIdLast4: null, declared: [{ grade: 12, subject: 'toan', term: 'CN', value: '8.5' }] },
    ] });
    expect(readClaimsJson([{ codes: [] }, { codes: ['A'], declared: { 'Toán': '8' } }])).toMatchObject({ ok: false, issue: { code: 'claims_value_name_unknown', params: { name: 'Toán', path: 'rows[1].declared' } } });
  });
});

describe('readDate', () => {
  it('reads dd/MM/yyyy, d/M/yyyy, d-M-yyyy, d.M.yyyy and yyyy-MM-dd into the record\'s dd/MM/yyyy; refuses the rest', () => {
    expect(['05/09/2008', '5/9/2008', '5-9-2008', '5.9.2008', '2008-09-05'].map(readDate)).toEqual(Array(5).fill('05/09/2008'));
    expect(['2008', '32/01/2008', '01/13/2008', '5 tháng 9', ''].map(readDate)).toEqual(Array(5).fill(null));
  });
});

describe('checkClaims on declared values', () => {
  const CODE = '9F1C2B7E4A5D4E3F8A1B2C3D4E5F6A7B';
  const view = {
    lookupCode: CODE, status: 'active', grade: 12, locked: true, studentCode: '0123456789', personalId: '********1234',
    schoolYear: '2025-2026', schoolName: 'THPT X', report: { verdict: 'valid' },
    content: {
      level: 'THPT', dateOfBirth: '05/09/2008',
      results: {
        subjects: [
          { code: 'TOAN', name: 'Toán', assessment: 'score', term1: 8, term2: 8.6, year: 8.4 },
          { code: 'GDTC', name: 'Giáo dục thể chất', assessment: 'comment', term1: 'Đ', term2: 'Đ', year: 'CĐ' },
        ],
        learning: { term1: 'Khá', term2: 'Tốt', year: 'Tốt' }, conduct: { term1: 'Tốt', term2: 'Tốt', year: 'Đạt' },
      },
    },
  } as unknown as RecordView;
  const check = async (declared: Record<string, string>, identity: { dateOfBirth?: string; personalIdLast4?: string } = {}) => {
    const input = readClaimsJson([{ codes: [CODE], declared, ...identity }]);
    if (!input.ok) throw new Error(input.issue.code);
    const outcome = await checkClaims({ getRecords: async (codes) => new Map(codes.map((code) => [code, view])), journalLookups: async () => {} }, input.rows);
    if (outcome.kind !== 'rows') throw new Error(outcome.kind);
    const results: ClaimResult[] = [];
    for await (const result of outcome.results) results.push(result);
    return results[0]!;
  };

  it('compares scores at their written precision, with a decimal comma or point: 8,4 = 8.40 = 8.4; 8.45 ≠ 8.4', async () => {
    const result = await check({ 'Toán 12 CN': '8,4', 'TOAN 12 HK2': '8.60', 'toan_12_hk1': '8.45' });
    expect(result.values.map((value) => [value.outcome, value.registry])).toEqual([['matches', null], ['matches', null], ['differs', '8']]);
  });

  it('reads ratings and comment levels with or without diacritics, as words or letters', async () => {
    const result = await check({ 'hoc tap 12 HK1': 'kha', 'Học tập 12 CN': 'TỐT', 'Rèn luyện 12 CN': 'Đ', 'GDTC 12 HK1': 'Đạt', 'GDTC 12 CN': 'Dat', 'Giáo dục thể chất 12 HK2': 'x' });
    expect(result.values.map((value) => value.outcome)).toEqual(['matches', 'matches', 'matches', 'matches', 'differs', 'unreadable']);
    expect(result.values[4]!.registry).toBe('CĐ');
  });

  it('answers identity as matches or differs, never with the stored values; a full 12-digit id is reduced to its last four', async () => {
    expect((await check({}, { dateOfBirth: '5/9/2008', personalIdLast4: '001234561234' })).identity).toBe('matches');
    const differs = await check({}, { dateOfBirth: '06/09/2008' });
    expect(differs.identity).toBe('differs');
    expect(JSON.stringify(differs)).not.toContain('05/09/2008');
    expect((await check({}, { personalIdLast4: '12' })).identity).toBe('unreadable');
    expect((await check({})).identity).toBe('not_given');
  });
});
