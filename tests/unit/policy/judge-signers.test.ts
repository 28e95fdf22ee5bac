import { describe, expect, it } from 'vitest';
import { judgeSigners, type PolicyInput } from '../../../api/policy/index.ts';

const now = new Date('2026-06-20T03:00:00Z');
const seal = { index: 1, role: 'CoSoGiaoDuc', signingTime: new Date('2026-06-01T03:00:00Z'), fingerprint: 'f1', serial: '0A' };
const teacher = { index: 2, role: 'GVCN', signingTime: new Date('2026-06-01T02:00:00Z'), fingerprint: 'f2', serial: '0B' };
// The seal certificate f1 is approved for school 01001001 from 10 June (after signing, before the push).
const isApproved = (fingerprint: string, school: string, at: Date) => fingerprint === 'f1' && school === '01001001' && at >= new Date('2026-06-10T00:00:00Z');

function codes(input: Partial<PolicyInput>): string[] {
  return judgeSigners({ schoolCode: '01001001', signers: [seal, teacher], now, approvalTime: now, isApproved, ...input }).map((found) => found.code);
}

describe('judgeSigners', () => {
  it('accepts a seal whose certificate is approved when the registry receives the record', () => {
    expect(codes({})).toEqual([]);
  });

  describe('when the seal is missing or doubled', () => {
    it('rejects with school_seal_missing', () => {
      expect(codes({ signers: [teacher] })).toEqual(['school_seal_missing']);
    });
    it('rejects an empty signature list with record_unsigned', () => {
      expect(codes({ signers: [] })).toEqual(['record_unsigned']);
    });
    it('rejects a second seal with school_seal_duplicate', () => {
      expect(codes({ signers: [seal, { ...seal, index: 3 }] })).toEqual(['school_seal_duplicate']);
    });
  });

  describe('when the seal certificate is not approved for the school', () => {
    it('rejects another school with cert_not_approved', () => {
      expect(codes({ schoolCode: '01001002' })).toEqual(['cert_not_approved']);
    });
    it('rejects a push before the approval with cert_not_approved', () => {
      expect(codes({ approvalTime: new Date('2026-06-05T00:00:00Z') })).toEqual(['cert_not_approved']);
    });
    it('only warns when no approval list is at hand (offline check)', () => {
      const found = judgeSigners({ schoolCode: '01001001', signers: [seal], now, approvalTime: now, isApproved: null });
      expect(found.map((item) => [item.code, item.severity])).toEqual([['approval_not_checked', 'warning']]);
    });
  });

  it('rejects a signing time in the future beyond clock skew with signing_time_in_future', () => {
    const future = { ...teacher, signingTime: new Date(now.getTime() + 10 * 60_000) };
    expect(codes({ signers: [seal, future] })).toEqual(['signing_time_in_future']);
    const skewed = { ...teacher, signingTime: new Date(now.getTime() + 60_000) };
    expect(codes({ signers: [seal, skewed] })).toEqual([]);
  });
});
