// The one reader of the expected-counts CSV (console, API and CLI call it): what it takes, and how it names the line
// it refuses, so that a Sở officer can fix the file.
import { describe, expect, it } from 'vitest';
import { HocbaError } from '../../../api/errors.ts';
import { MAX_EXPECTED_LINES, parseExpectedCountsCsv } from '../../../api/registry/expected-counts.ts';

function refusal(text: string): unknown {
  try {
    parseExpectedCountsCsv(text);
  } catch (error) {
    if (error instanceof HocbaError) return { code: error.code, params: error.params };
    throw error;
  }
  throw new Error('not refused');
}

describe('parseExpectedCountsCsv', () => {
  it('reads comma, semicolon and tab files, with a BOM and a header line, and trims cells', () => {
    expect(parseExpectedCountsCsv('\uFEFFma_truong,so_du_kien\r\n01001001, 120\r\n\r\n01001002,0\r\n')).toEqual([
      { schoolCode: '01001001', expected: 120 }, { schoolCode: '01001002', expected: 0 },
    ]);
    expect(parseExpectedCountsCsv('01001001;7\n"01001002";8\n')).toEqual([{ schoolCode: '01001001', expected: 7 }, { schoolCode: '01001002', expected: 8 }]);
    expect(parseExpectedCountsCsv('01001001\t9\n')).toEqual([{ schoolCode: '01001001', expected: 9 }]);
  });

  describe('when a line is wrong', () => {
    it('rejects with expected_count_invalid naming the line of the file and why', () => {
      expect(refusal('ma_truong,so\n01001001,1\n1001002,2\n')).toEqual({ code: 'expected_count_invalid', params: { line: 3, reason: 'school_code' } });
      expect(refusal('01001001,1\n01001002,-2\n')).toEqual({ code: 'expected_count_invalid', params: { line: 2, reason: 'number' } });
      expect(refusal('01001001,1\n01001002,\n')).toEqual({ code: 'expected_count_invalid', params: { line: 2, reason: 'number' } });
      expect(refusal('01001001,1\n"01001002,2\n')).toEqual({ code: 'expected_count_invalid', params: { line: 2, reason: 'csv' } });
    });

    it('takes a header only on the first line', () => {
      expect(refusal('01001001,1\nma_truong,so\n')).toEqual({ code: 'expected_count_invalid', params: { line: 2, reason: 'school_code' } });
    });
  });

  it(`refuses a file of more than ${MAX_EXPECTED_LINES} schools (and a header)`, () => {
    const lines = Array.from({ length: MAX_EXPECTED_LINES + 2 }, (_, i) => `${String(10_000_000 + i)},1`).join('\n');
    expect(refusal(lines)).toEqual({ code: 'expected_count_invalid', params: { line: MAX_EXPECTED_LINES + 2, reason: 'too_many' } });
  });
});
