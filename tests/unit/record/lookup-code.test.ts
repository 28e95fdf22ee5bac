import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { messageOf } from '../../../api/errors.ts';
import { formatLookupCode, isLookupCode, lookupCodeLayoutProblem, normalizeLookupCode, parseLookupInput } from '../../../api/record/index.ts';
import { sampleLookupCode } from '../../../api/samples/index.ts';

const CODE = '0F8B2C1E7D3A4B9EA1C23D4E5F607182';
const GROUPED = '0F8B 2C1E 7D3A 4B9E A1C2 3D4E 5F60 7182';

describe('parseLookupInput', () => {
  describe('when the input holds a code (SPEC §9 forgiveness)', () => {
    it.each([
      ['upper case', CODE],
      ['lower case', CODE.toLowerCase()],
      ['UUID form', '0f8b2c1e-7d3a-4b9e-a1c2-3d4e5f607182'],
      ['printed groups', GROUPED],
      ['pasted with line breaks and tabs', ' 0f8b2c1e7d3a\n4b9e\ta1c23d4e5f607182 '],
      ['typed with a non-breaking space and an en dash', '0F8B\u00a02C1E\u20137D3A4B9EA1C23D4E5F607182'],
      ['the whole printed footer line', `Mã tra cứu: ${GROUPED}`],
      ['the printed line in decomposed Unicode (NFD)', `Mã tra cứu: ${GROUPED}`.normalize('NFD')],
      ['the printed line with the page number copied after it', `Mã tra cứu: ${GROUPED} Trang 1/3`],
      ['the PDF header row without a colon', `Mã tra cứu học bạ ${GROUPED}`],
      ['an English label', `Lookup code: ${GROUPED.toLowerCase()}`],
      ['a full-width colon', `Mã tra cứu： ${GROUPED}`],
      ['the record URL of the QR code', `https://hocba.example.vn/tra-cuu/${CODE}`],
      ['the English record URL with a fragment', `https://hocba.example.vn/en/tra-cuu/${CODE.toLowerCase()}#status`],
      ['the API URL', `https://hocba.example.vn/api/v1/records/${CODE}`],
      ['a lookup-form URL (?ma=) with + for spaces', `https://hocba.example.vn/tra-cuu?ma=${GROUPED.replace(/ /g, '+')}`],
      ['a ?code= URL with %20', `https://hocba.example.vn/verify?lang=en&code=${encodeURIComponent(GROUPED)}`],
      ['O typed for 0', CODE.replace(/0/g, 'O')],
      ['o, i, l, O and L for 0 and 1', 'oF8B 2CiE 7D3A 4B9E AlC2 3D4E 5F6O 7L82'],
      ['I and L for 1 in a printed line', `Mã tra cứu: 0F8B 2CIE 7D3A 4B9E AlC2 3D4E 5F6O 7182`],
    ])('reads %s', (_name, input) => {
      expect(parseLookupInput(input)).toEqual({ ok: true, code: CODE });
    });
  });

  describe('when the input is no code, it says exactly why', () => {
    it.each([
      ['empty', '', { reason: 'empty' }, 'lookup_input_empty'],
      ['only spaces and hyphens', ' - - ', { reason: 'empty' }, 'lookup_input_empty'],
      ['a label with no code', 'Mã tra cứu: ', { reason: 'empty' }, 'lookup_input_empty'],
      ['one group missing', GROUPED.slice(5), { reason: 'too_short', length: 28 }, 'lookup_input_too_short'],
      ['one character missing', CODE.slice(1), { reason: 'too_short', length: 31 }, 'lookup_input_too_short'],
      ['one character extra', `${CODE}0`, { reason: 'too_long', length: 33 }, 'lookup_input_too_long'],
      ['a URL whose code misses a character', `https://hocba.example.vn/tra-cuu/${CODE.slice(0, 31)}`, { reason: 'too_short', length: 31 }, 'lookup_input_too_short'],
      ['a G in the second group', '0F8B 2C1G 7D3A 4B9E A1C2 3D4E 5F60 7182', { reason: 'not_hex', character: 'G', position: 8 }, 'lookup_input_character'],
      ['a last character that is not hex', `${CODE.slice(0, 31)}Z`, { reason: 'not_hex', character: 'Z', position: 32 }, 'lookup_input_character'],
      ['a Vietnamese letter', `${CODE.slice(0, 4)}đ${CODE.slice(5)}`, { reason: 'not_hex', character: 'đ', position: 5 }, 'lookup_input_character'],
      ['a word, not a code', 'not a code', { reason: 'not_hex', character: 'n', position: 1 }, 'lookup_input_character'],
      ['a page that is not a record URL', 'https://example.vn/other', { reason: 'not_hex', character: '/', position: 1 }, 'lookup_input_character'],
      ['a very long input', `${CODE}${' '.repeat(500)}`, { reason: 'too_long', length: 532 }, 'lookup_input_too_long'],
    ])('refuses %s', (_name, input, problem, code) => {
      const read = parseLookupInput(input);
      expect(read).toMatchObject({ ok: false, problem, issue: { code, severity: 'error' } });
    });

    it('names the character, its code point and its position in both languages', () => {
      const read = parseLookupInput('0F8B 2C1G 7D3A 4B9E A1C2 3D4E 5F60 7182');
      if (read.ok) throw new Error('expected a refusal');
      expect(read.issue.params).toEqual({ character: 'G', codePoint: 'U+0047', position: 8 });
      expect(messageOf(read.issue, 'en')).toContain('“G” (U+0047) at position 8');
      expect(messageOf(read.issue, 'vi')).toContain('“G” (U+0047) ở vị trí 8');
    });

    it('says how many characters there are and how many are needed', () => {
      const read = parseLookupInput(GROUPED.slice(5));
      if (read.ok) throw new Error('expected a refusal');
      expect(messageOf(read.issue, 'en')).toContain('28 characters, exactly 32');
    });
  });
});

describe('normalizeLookupCode (the same reader, code or null)', () => {
  it('agrees with parseLookupInput', () => {
    expect(normalizeLookupCode(`Mã tra cứu: ${GROUPED}`)).toBe(CODE);
    expect(normalizeLookupCode(`https://hocba.example.vn/tra-cuu/${CODE}`)).toBe(CODE);
    expect(normalizeLookupCode(CODE.slice(1))).toBeNull();
  });
});

describe('lookupCodeLayoutProblem (SPEC §9: a school may choose only a random version-4 code)', () => {
  it.each([
    ['000…07', `${'0'.repeat(31)}7`, 'not_version_4'],
    ['000…0A', `${'0'.repeat(31)}A`, 'not_version_4'],
    ['FFF…F', 'F'.repeat(32), 'not_version_4'],
    ['a version-1 UUID', '9F1C2B7E4A0D11EF8C3B5D6E7F809A1B', 'not_version_4'],
    ['a v4 layout with the wrong variant', '0F8B2C1E7D3A4B9EC1C23D4E5F607182', 'not_version_4'],
    ['zeros in a v4 layout', `${'0'.repeat(12)}4000${'8'}${'0'.repeat(14)}7`, 'few_digits'],
    ['a repeated block in a v4 layout', 'C0FFEE00C0FF4E0080FFEE00C0FFEE00', 'few_digits'],
    ['a run of ten equal digits', '0F8B2C1E7D3A4B9EA1C2AAAAAAAAAAA2', 'repeated_digit'],
    ['a counting run', '0123456789AB4CDE8F0123456789ABCD', 'counting_run'],
    ['a counting-down run', 'FEDCBA987654432181F2A3B4C5D6E7F9', 'counting_run'],
  ])('refuses %s', (_name, code, problem) => {
    expect(lookupCodeLayoutProblem(code)).toBe(problem);
  });

  it('accepts 100,000 codes made by crypto.randomUUID and every sample code', () => {
    let refused = 0;
    for (let i = 0; i < 100_000; i++) if (lookupCodeLayoutProblem(randomUUID().replace(/-/g, '')) !== null) refused++;
    expect(refused).toBe(0);
    for (let seed = 0; seed < 1000; seed++) expect(lookupCodeLayoutProblem(sampleLookupCode(seed))).toBeNull();
    expect(lookupCodeLayoutProblem(CODE)).toBeNull();
  });
});

describe('formatLookupCode', () => {
  it('prints upper case in groups of four separated by spaces', () => {
    expect(formatLookupCode(CODE.toLowerCase())).toBe(GROUPED);
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
