// The doors' code reader is the record module's one reader (SPEC §9): what it forgives, and the reason in words
// when it cannot read a code (how long, which character where) — shown by the portal's lookup form.
import { describe, expect, it } from 'vitest';
import { lookupInputProblem, readLookupInput } from '../../../api/index.ts';

const CODE = '26C6A1F0B2D34E5F8A9B0C1D2E3F4A5B';

describe('readLookupInput', () => {
  it.each([
    ['the printed line', 'Mã tra cứu: 26C6 A1F0 B2D3 4E5F 8A9B 0C1D 2E3F 4A5B'],
    ['a pasted record URL', `https://hocba.hanoi.edu.vn/tra-cuu/${CODE.toLowerCase()}`],
    ['O for 0 and l for 1 in lower case', '26c6a1fobzd34e5f8a9bocld2e3f4a5b'.replace('z', '2')],
    ['hyphens in UUID form', '26c6a1f0-b2d3-4e5f-8a9b-0c1d2e3f4a5b'],
  ])('reads %s', (_what, input) => {
    expect(readLookupInput(input)).toBe(CODE);
  });

  it('says why a code cannot be read: its length, or which character where', () => {
    expect(readLookupInput(CODE.slice(0, 31))).toBeNull();
    expect(lookupInputProblem(CODE.slice(0, 31), 'en')).toContain('31 characters');
    expect(lookupInputProblem(`${CODE.slice(0, 9)}G${CODE.slice(10)}`, 'en')).toMatch(/“G”.*position 10/);
    expect(lookupInputProblem(`${CODE.slice(0, 9)}G${CODE.slice(10)}`, 'vi')).toMatch(/Ký tự “G”.*vị trí 10/);
    expect(lookupInputProblem(CODE, 'vi')).toBeNull();
  });
});
