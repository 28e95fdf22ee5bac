// Checks of text values that regular expressions cannot make: NFC, real calendar dates, and characters that make a
// value read differently from what it is (Unicode TR39 §5: bidi controls, invisible characters, stacked or overlay
// combining marks, mixed-script look-alikes). Vietnamese is Latin script with its own precomposed letters.
import type { IssueCode, IssueParams } from '../errors.ts';

// Every character below U+0300 and every precomposed letter of Latin Extended Additional (U+1E00–U+1EFF, where
// Vietnamese keeps ạ…ỹ) is stable under NFC and combines with nothing before or after it among these, so text made
// only of them (codes, dates, Vietnamese names and comments) skips the costly normalisation (issue 14; the premise is
// checked pair by pair in tests/unit/record/text-checks.test.ts).
export function isNfc(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x300 && !isLatinExtendedAdditional(c)) return value.normalize('NFC') === value;
  }
  return true;
}

/** U+1E00–U+1EFF: precomposed Latin letters, among them every Vietnamese vowel with its tone (ạ…ỹ). */
function isLatinExtendedAdditional(c: number): boolean {
  return c >= 0x1e00 && c <= 0x1eff;
}

export function isCalendarDate(value: string): boolean {
  const day = Number(value.slice(0, 2));
  const month = Number(value.slice(3, 5));
  const year = Number(value.slice(6, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** A reason to refuse a text value: the issue code and the params that name the character and its position. */
export interface TextProblem {
  readonly code: IssueCode;
  readonly params: IssueParams;
}

/** Where one script must hold: each word (labels, comments) or the whole value (a person's name). */
export type ScriptScope = 'word' | 'value';

/** Combining marks one letter may carry: Vietnamese needs at most two (a vowel mark and a tone), in NFC none. */
export const MAX_COMBINING_MARKS = 2;

const BIDI_CONTROLS: ReadonlyMap<number, string> = new Map([
  [0x061c, 'ARABIC LETTER MARK'], [0x200e, 'LEFT-TO-RIGHT MARK'], [0x200f, 'RIGHT-TO-LEFT MARK'],
  [0x202a, 'LEFT-TO-RIGHT EMBEDDING'], [0x202b, 'RIGHT-TO-LEFT EMBEDDING'], [0x202c, 'POP DIRECTIONAL FORMATTING'],
  [0x202d, 'LEFT-TO-RIGHT OVERRIDE'], [0x202e, 'RIGHT-TO-LEFT OVERRIDE'], [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'], [0x2068, 'FIRST STRONG ISOLATE'], [0x2069, 'POP DIRECTIONAL ISOLATE'],
]);
// Single letters drawn exactly like a Vietnamese one (TR39 confusables.txt gives them Đ's skeleton).
const LOOK_ALIKE_LETTERS: ReadonlyMap<number, string> = new Map([[0x00d0, 'Đ'], [0x0189, 'Đ']]);
// Marks that overlay their base (canonical combining class 1, "Overlay"): D + U+0335 is drawn as Đ but is not Đ.
const OVERLAY = /[\u0334-\u0338\u1cd4\u1ce2-\u1ce8\u20d2\u20d3\u20d8-\u20da\u20e5\u20e6\u20ea\u20eb\u{10a39}\u{16af0}-\u{16af4}\u{1bc9e}\u{1d167}-\u{1d169}]/u;
const MARK = /\p{M}/u;
// Emoji and text presentation selectors: marks by category, but they choose a glyph rather than add one.
const VARIATION = /[\ufe0e\ufe0f]/u;
const LETTER = /\p{L}/u;
// Invisible or control characters no printed record holds (a line feed and a tab are the comments' own business).
const INVISIBLE = /[\p{Cf}\p{Co}\u0080-\u009f\u007f]/u;
const SCRIPTS = [
  'Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Cherokee', 'Coptic', 'Han', 'Hiragana', 'Katakana', 'Bopomofo',
  'Hangul', 'Arabic', 'Hebrew', 'Thai', 'Lao', 'Khmer', 'Myanmar', 'Devanagari',
].map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);
// TR39 "highly restrictive": the only mixes of scripts one writer uses (Japanese, Chinese, Korean with Latin).
const ALLOWED_MIXES = [['Latin', 'Han', 'Hiragana', 'Katakana'], ['Latin', 'Han', 'Bopomofo'], ['Latin', 'Han', 'Hangul']];

/**
 * The first character that makes `value` read as something it is not, or null. `value` is NFC (checked before).
 * Positions are 1-based code points; `scope` says where one script must hold.
 */
export function findTextProblem(value: string, scope: ScriptScope = 'word'): TextProblem | null {
  if (isPlainLatin(value)) return null;
  const characters = [...value];
  let marks = 0;
  for (let i = 0; i < characters.length; i++) {
    const character = characters[i]!;
    const point = character.codePointAt(0)!;
    // The character's place is built only for a problem: an object per character was most of this function's cost.
    const bidi = BIDI_CONTROLS.get(point);
    if (bidi !== undefined) return { code: 'text_bidi_control', params: { ...placeOf(point, character, i), name: bidi } };
    if (INVISIBLE.test(character)) return { code: 'text_invisible_character', params: placeOf(point, character, i) };
    const looksLike = LOOK_ALIKE_LETTERS.get(point);
    if (looksLike !== undefined) return { code: 'text_confusable_sequence', params: { ...placeOf(point, character, i), looksLike } };
    if (!MARK.test(character) || VARIATION.test(character)) {
      marks = 0;
      continue;
    }
    const base = characters[i - marks - 1];
    if (OVERLAY.test(character)) return { code: 'text_confusable_sequence', params: { ...placeOf(point, character, i), looksLike: overlaid(base, character) } };
    marks++;
    // A mark on nothing, a mark repeated, or more marks than any Vietnamese letter needs (TR39 §5.4).
    if (base === undefined || !LETTER.test(base) || marks > MAX_COMBINING_MARKS || characters[i - 1] === character) {
      return { code: 'text_combining_marks', params: { ...placeOf(point, character, i), max: MAX_COMBINING_MARKS } };
    }
  }
  return findMixedScript(characters, scope);
}

/** Where a problem character is: its code point, the glyph and its 1-based position. */
function placeOf(point: number, glyph: string, index: number) {
  return { character: codePointOf(point), glyph, position: index + 1 };
}

// What a letter with an overlay mark poses as: D or d with a stroke is Đ or đ, anything else is shown as it is.
function overlaid(base: string | undefined, mark: string): string {
  const stroke = mark === '\u0335' || mark === '\u0336';
  if (stroke && base === 'D') return 'Đ';
  if (stroke && base === 'd') return 'đ';
  return `${base ?? ''}${mark}`;
}

// Latin-1 and Latin Extended letters, digits and punctuation, and the precomposed letters of Latin Extended
// Additional (Vietnamese ạ…ỹ): no mark, no control, one script; the common case of every Vietnamese record.
function isPlainLatin(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 0x250 && !isLatinExtendedAdditional(c)) || (c >= 0x7f && c <= 0x9f) || c === 0xad || c === 0xd0 || c === 0x189) return false;
  }
  return true;
}

function findMixedScript(characters: readonly string[], scope: ScriptScope): TextProblem | null {
  let start = 0;
  for (let i = 0; i <= characters.length; i++) {
    if (i < characters.length && (scope === 'value' || !/\s/u.test(characters[i]!))) continue;
    const problem = mixedScriptIn(characters, start, i);
    if (problem !== null) return problem;
    start = i + 1;
  }
  return null;
}

// The letters of characters[from, to): when they mix scripts, the first letter not in the script most of them use.
function mixedScriptIn(characters: readonly string[], from: number, to: number): TextProblem | null {
  const scripts: Array<string | null> = [];
  const counts = new Map<string, number>();
  for (let i = from; i < to; i++) {
    const script = LETTER.test(characters[i]!) ? scriptOf(characters[i]!) : null;
    scripts.push(script);
    if (script !== null) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  if (counts.size < 2 || ALLOWED_MIXES.some((mix) => [...counts.keys()].every((script) => mix.includes(script)))) return null;
  const expected = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const at = scripts.findIndex((script) => script !== null && script !== expected);
  const character = characters[from + at]!;
  return {
    code: 'text_mixed_script',
    params: { character: codePointOf(character.codePointAt(0)!), glyph: character, position: from + at + 1, script: scripts[at]!, expected },
  };
}

function scriptOf(letter: string): string {
  if (letter.charCodeAt(0) < 0x250) return 'Latin';
  for (const [name, pattern] of SCRIPTS) if (pattern.test(letter)) return name;
  return 'Other';
}

function codePointOf(point: number): string {
  return `U+${point.toString(16).toUpperCase().padStart(4, '0')}`;
}
