// api/answers' pure decisions: the one status of a record, the CLI exit code per status, the one code reader,
// public URLs from an origin (never a Host), and the loopback default.
import { describe, expect, it } from 'vitest';
import {
  exitCodeOf, loopbackOrigin, PUBLIC_STATUSES, readLookupInput, recordUrl, statusOfRecord, STATUS_TEXT, toBulkCsv, type PublicStatus,
} from '../../../api/index.ts';

const CODE = '9F1C2B7E4A5D4E6F8A1B2C3D4E5F6A7B';
type Verdict = 'valid' | 'invalid' | 'indeterminate';
const view = (status: 'valid' | 'recalled' | 'replaced', locked: boolean, verdict: Verdict = 'valid') =>
  ({ status, locked, report: { verdict } }) as Parameters<typeof statusOfRecord>[0];

describe('statusOfRecord', () => {
  it('reads the stored verdict first, then the lifecycle, then the lock', () => {
    expect([
      statusOfRecord(view('valid', true)), statusOfRecord(view('valid', false)), statusOfRecord(view('recalled', true)),
      statusOfRecord(view('replaced', false)), statusOfRecord(view('recalled', true, 'invalid')), statusOfRecord(view('valid', true, 'indeterminate')),
    ]).toEqual(['in_force', 'not_locked', 'recalled', 'replaced', 'invalid', 'indeterminate']);
  });
});

describe('exitCodeOf (hocba verify --url, SPEC §4)', () => {
  it('is 0 only for a valid record in force or not yet locked, 2 for undecided, 1 otherwise', () => {
    const codes = Object.fromEntries(PUBLIC_STATUSES.map((status) => [status, exitCodeOf(status)]));
    expect(codes).toEqual({ in_force: 0, not_locked: 0, recalled: 1, replaced: 1, invalid: 1, indeterminate: 2, not_found: 1 });
  });
});

describe('readLookupInput', () => {
  it('reads a code typed, grouped, in lower case, in a record URL or a ?ma= link', () => {
    const grouped = CODE.match(/.{4}/g)!.join(' ');
    expect([
      CODE.toLowerCase(), ` ${grouped} `, grouped.replace(/ /g, '-'), `https://hocba.example.vn/tra-cuu/${CODE}`,
      `https://hocba.example.vn/tra-cuu?ma=${encodeURIComponent(grouped)}`,
    ].map(readLookupInput)).toEqual(Array(5).fill(CODE));
  });

  it('reads nothing from text that holds no code', () => {
    expect(['', '12345', 'https://evil.example/', 'x'.repeat(500), '%E0%A4%A'].map(readLookupInput)).toEqual(Array(5).fill(null));
  });
});

describe('public URLs', () => {
  it('builds the QR target from the origin given, and names a server itself only on loopback', () => {
    expect(recordUrl(CODE.toLowerCase(), 'https://hocba.example.vn')).toBe(`https://hocba.example.vn/tra-cuu/${CODE}`);
    expect([loopbackOrigin('127.0.0.1', 4321), loopbackOrigin('::1', 80), loopbackOrigin('0.0.0.0', 4321), loopbackOrigin('10.0.0.5', 4321)])
      .toEqual(['http://127.0.0.1:4321', 'http://[::1]:80', null, null]);
  });
});

describe('the one bulk CSV', () => {
  it('words every status in both languages, NFC', () => {
    for (const lang of ['vi', 'en'] as const) {
      for (const status of PUBLIC_STATUSES) {
        const text = STATUS_TEXT[lang][status as PublicStatus];
        expect(text.normalize('NFC')).toBe(text);
        expect(toBulkCsv([{
          input: 'x', code: null, status, malformed: false, schoolCode: null, schoolName: null, schoolYear: null, grade: null, className: null,
          studentName: null, locked: null, lockDate: null, effectiveFrom: null, recalledAt: null, recallReason: null, replacedBy: null,
        }], lang)).toContain(`,${status},`);
      }
    }
  });
});
