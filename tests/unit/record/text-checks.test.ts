// Characters that make a record's text read as something it is not (Unicode TR39 ideas): each refused with its code,
// the field path and the character's code point and position; every Vietnamese letter still passes.
import { describe, expect, it } from 'vitest';
import { messageOf } from '../../../api/errors.ts';
import { findTextProblem, isNfc } from '../../../api/record/text-checks.ts';
import { edit, parseXmlRecord, sampleXml } from './helpers.ts';

const base = sampleXml(4, 3);
const NAME = /(<MaHocSinh>[^<]+<\/MaHocSinh>\s*<HoTen>)[^<]+(<\/HoTen>)/;

function withName(name: string): string {
  expect(base).toMatch(NAME);
  return base.replace(NAME, (_whole, open: string, close: string) => `${open}${name}${close}`);
}

function issuesOf(xml: string) {
  return parseXmlRecord(xml).issues;
}

describe('record text checks', () => {
  describe('when a field holds a character that disguises its text', () => {
    const cases: Array<[string, string, string, string, Record<string, string | number>]> = [
      ['a right-to-left override in a comment', 'KetQua/NhanXetGVCN', 'Em ngoan\u202E, chăm học.', 'text_bidi_control',
        { character: 'U+202E', glyph: '\u202E', position: 9, name: 'RIGHT-TO-LEFT OVERRIDE' }],
      ['a right-to-left isolate in a name', 'HocSinh/HoTen', 'Nguyễn\u2067 An', 'text_bidi_control',
        { character: 'U+2067', glyph: '\u2067', position: 7, name: 'RIGHT-TO-LEFT ISOLATE' }],
      ['a zero-width space in a label', 'HocSinh/NoiSinh', 'Hà\u200BNội', 'text_invisible_character',
        { character: 'U+200B', glyph: '\u200B', position: 3 }],
      ['a C1 control in a comment', 'KetQua/NhanXetGVCN', 'Em ngoan\u0085', 'text_invisible_character',
        { character: 'U+0085', glyph: '\u0085', position: 9 }],
      ['D + U+0335 posing as Đ', 'HocSinh/HoTen', 'D\u0335ặng Văn An', 'text_confusable_sequence',
        { character: 'U+0335', glyph: '\u0335', position: 2, looksLike: 'Đ' }],
      ['an Icelandic Ð (U+00D0) posing as Đ', 'HocSinh/HoTen', 'Ðặng Văn An', 'text_confusable_sequence',
        { character: 'U+00D0', glyph: 'Ð', position: 1, looksLike: 'Đ' }],
      ['150 stacked combining marks', 'HocSinh/HoTen', `Nguyễn A${'\u0301'.repeat(150)}`.normalize('NFC'), 'text_combining_marks',
        { character: 'U+0301', glyph: '\u0301', position: 10, max: 2 }],
      ['three different marks on one letter', 'HocSinh/HoTen', 'Nguyễn Aq\u0323\u0301\u0300', 'text_combining_marks',
        { character: 'U+0300', glyph: '\u0300', position: 12, max: 2 }],
      ['a mark on a space', 'KetQua/NhanXetGVCN', 'Em ngoan \u0301.', 'text_combining_marks',
        { character: 'U+0301', glyph: '\u0301', position: 10, max: 2 }],
      ['a Cyrillic е inside a Latin name', 'HocSinh/HoTen', 'Nguy\u0435n Văn An', 'text_mixed_script',
        { character: 'U+0435', glyph: '\u0435', position: 5, script: 'Cyrillic', expected: 'Latin' }],
      ['a whole word of Cyrillic look-alikes in a Latin name', 'HocSinh/HoTen', 'Trần Văn \u041D\u043E\u0430', 'text_mixed_script',
        { character: 'U+041D', glyph: '\u041D', position: 10, script: 'Cyrillic', expected: 'Latin' }],
      ['a Greek ο inside a Latin place name', 'HocSinh/NoiSinh', 'Hà N\u03BFi', 'text_mixed_script',
        { character: 'U+03BF', glyph: '\u03BF', position: 5, script: 'Greek', expected: 'Latin' }],
    ];

    it.each(cases)('refuses %s with its code, path, character and position', (_name, path, value, code, params) => {
      const element = path.split('/').at(-1)!;
      const pattern = new RegExp(`<${element}>[^<]+</${element}>`);
      const xml = path === 'HocSinh/HoTen' ? withName(value) : edit(base, pattern, `<${element}>${value}</${element}>`);
      expect(issuesOf(xml)).toEqual([{ code, severity: 'error', path, params }]);
    });

    it('says which character, where and in which field, in both languages', () => {
      const [found] = issuesOf(withName('Nguy\u0435n Văn An'));
      expect(messageOf(found!, 'en')).toContain('HocSinh/HoTen mixes scripts: “е” (U+0435, Cyrillic script) at position 5');
      expect(messageOf(found!, 'vi')).toContain('HocSinh/HoTen trộn chữ viết: ký tự “е” (U+0435, chữ Cyrillic) ở vị trí 5');
    });
  });

  describe('when the text is Vietnamese', () => {
    const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
    const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
    const letters = [...VOWELS.flatMap((vowel) => TONES.map((tone) => `${vowel}${tone}`.normalize('NFC'))), 'đ']
      .flatMap((letter) => [letter, letter.toUpperCase()]);
    const precomposed = letters.filter((letter) => letter.codePointAt(0)! > 0x7f);

    it('has the 134 precomposed letters (132 vowels with marks or tones, Đ and đ), each one code point in NFC', () => {
      expect(precomposed).toHaveLength(134);
      expect(new Set(precomposed).size).toBe(134);
      for (const letter of precomposed) expect([...letter]).toHaveLength(1);
    });

    it('accepts every Vietnamese letter alone, in a word and in a name', () => {
      for (const letter of letters) {
        expect(findTextProblem(letter, 'value'), letter).toBeNull();
        expect(findTextProblem(`Ng${letter}n`, 'value'), letter).toBeNull();
      }
      const words = Array.from({ length: Math.ceil(precomposed.length / 8) }, (_, i) => precomposed.slice(i * 8, i * 8 + 8).join(''));
      const name = words.map((word) => `${word[0]!.toUpperCase()}${word.slice(1)}`).join(' ');
      expect(issuesOf(withName(name))).toEqual([]);
    });

    it('accepts a whole sample record of every grade and a comment with an emoji and a Japanese name', () => {
      for (const grade of [1, 5, 9, 12]) expect(issuesOf(sampleXml(grade, 2))).toEqual([]);
      expect(findTextProblem('Em rất chăm chỉ ❤️ 😀 (bạn 田中 たなか)', 'word')).toBeNull();
      expect(findTextProblem('Tanaka 田中', 'value')).toBeNull();
      expect(findTextProblem('Иван Петров', 'value')).toBeNull();
    });
  });

  // The fast paths skip NFC normalisation and the per-character checks for text made only of characters below U+0300
  // and of Latin Extended Additional (issue 14); these prove the premises they rest on, over every such character.
  describe('the fast paths for plain Latin and Vietnamese text', () => {
    const fast: string[] = [];
    for (let c = 0x09; c < 0x300; c++) if (c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) fast.push(String.fromCharCode(c));
    const vietnamese = Array.from({ length: 0x100 }, (_, i) => String.fromCharCode(0x1e00 + i));

    it('no character and no pair of characters of the fast set changes under NFC, so isNfc may skip normalising', () => {
      const set = [...fast, ...vietnamese];
      let changed = 0;
      for (const a of set) {
        if (a.normalize('NFC') !== a) changed++;
        for (const b of set) if ((a + b).normalize('NFC') !== a + b) changed++;
      }
      expect(set).toHaveLength(3 + (0x300 - 0x20) + 0x100);
      expect(changed).toBe(0);
    });

    it('every character of U+1E00–U+1EFF is a Latin letter, neither a mark nor invisible, so no per-character check can refuse it', () => {
      const notPlain = vietnamese.filter((c) => !/^\p{L}$/u.test(c) || !/^\p{Script=Latin}$/u.test(c) || /\p{M}|\p{Cf}/u.test(c));
      expect(notPlain).toEqual([]);
    });

    it('still normalises when a combining mark follows a Vietnamese letter: ạ + U+0302 is ậ, so the pair is not NFC', () => {
      expect(isNfc('Nguy\u1ec5n')).toBe(true);
      expect(isNfc('\u1ea1\u0302')).toBe(false);
      expect(isNfc('Tr\u1ea7n Th\u1ecb')).toBe(true);
      expect(isNfc('Tra\u0300\u0302n')).toBe(false);
    });

    it('still checks every character once a string holds anything outside the fast set (a Cyrillic а beside ễ)', () => {
      expect(findTextProblem('Nguy\u1ec5n \u0430nh', 'value')?.code).toBe('text_mixed_script');
      expect(findTextProblem('\u1ec5\u0301\u0301', 'word')?.code).toBe('text_combining_marks');
      expect(findTextProblem('Nguy\u1ec5n\u200e', 'word')?.code).toBe('text_bidi_control');
    });
  });
});
