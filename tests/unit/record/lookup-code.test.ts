import { describe, expect, it } from 'vitest';
import { formatLookupCode, isLookupCode, normalizeLookupCode } from '../../../api/record/index.ts';

const CODE = '0F8B2C1E7D3A4B9EA1C23D4E5F607182';

describe('normalizeLookupCode', () => {
  it.each([
    ['upper case', CODE],
    ['lower case', CODE.toLowerCase()],
    ['UUID form', '0f8b2c1e-7d3a-4b9e-a1c2-3d4e5f607182'],
    ['printed groups', '0F8B 2C1E 7D3A 4B9E A1C2 3D4E 5F60 7182'],
    ['pasted with line breaks and tabs', ' 0f8b2c1e7d3a\n4b9e\ta1c23d4e5f607182 '],
    ['typed with a non-breaking space and an en dash', '0F8B\u00a02C1E\u20137D3A4B9EA1C23D4E5F607182'],
  ])('forgives %s', (_name, input) => {
    expect(normalizeLookupCode(input)).toBe(CODE);
  });

  it.each([
    ['too short', CODE.slice(1)],
    ['too long', `${CODE}0`],
    ['a non-hex letter', `${CODE.slice(0, 31)}G`],
    ['empty', ''],
    ['a URL', `https://hocba.example/tra-cuu/${CODE}`],
    ['a very long input', `${CODE}${' '.repeat(500)}`],
  ])('refuses %s', (_name, input) => {
    expect(normalizeLookupCode(input)).toBeNull();
  });
});

describe('formatLookupCode', () => {
  it('prints upper case in groups of four separated by spaces', () => {
    expect(formatLookupCode(CODE.toLowerCase())).toBe('0F8B 2C1E 7D3A 4B9E A1C2 3D4E 5F60 7182');
  });

  it('throws lookup_code_format for something that is no code', () => {
    expect(() => formatLookupCode('not a code')).toThrow(expect.objectContaining({ code: 'lookup_code_format' }));
  });
});

describe('isLookupCode', () => {
  it('accepts exactly 32 hex characters in either case, nothing else', () => {
    expect(isLookupCode(CODE)).toBe(true);
    expect(isLookupCode(CODE.toLowerCase())).toBe(true);
    expect(isLookupCode('0f8b2c1e-7d3a-4b9e-a1c2-3d4e5f607182')).toBe(false);
    expect(isLookupCode(`${CODE}\n`)).toBe(false);
  });
});
