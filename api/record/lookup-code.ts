// Lookup codes (SPEC §9): 32 hex characters, random (a version-4 UUID), read forgivingly, printed in groups of four.
// The ONE home of lookup-input reading: the API, the portal, bulk checks and the CLI all call parseLookupInput.
import { HocbaError, issue, type Issue } from '../errors.ts';

export const LOOKUP_CODE_LENGTH = 32;

const HEX32 = /^[0-9A-Fa-f]{32}$/;
const HEX = /^[0-9A-F]$/;
// What people type or paste around or inside a code: spaces of every kind, hyphens and dashes (UUID form, our groups).
const SEPARATOR = /[\s\-\u2010-\u2015\u2212\u00a0\u200b\u2060\ufeff]/u;
// Letters a person or an OCR reads for a digit (SPEC §9: O for 0, I and L for 1); none of them is a hex digit.
const LOOK_ALIKE: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };
// The record URL the QR and the printed link carry, and the portal's or API's query parameter.
const IN_PATH = /\/(?:tra-cuu|records|en\/tra-cuu)\/([^/?#\s]+)/iu;
const IN_QUERY = /[?&](?:ma|code)=([^&#\s]*)/iu;
// Everything up to the colon of a label the paper copy prints ("Mã tra cứu: …", "Lookup code: …").
const LABEL = /^[^:\uff1a]*[:\uff1a]/u;
// A label pasted without its colon (the header row of the PDF: "Mã tra cứu học bạ 26C6 …").
const BARE_LABEL = /^\s*(?:m[ãa] tra c[ứu]u(?: h[ọo]c b[ạa])?|lookup code|mã)(?=\s)/iu;
// What follows the code on the printed footer line when a whole line is copied.
const TRAILER = /\s+(?:trang|page)\s+\d+\s*\/\s*\d+\s*$/iu;
// Longer than any printed line or URL: refuse before doing any work on it.
const MAX_INPUT = 500;

/** Why typed or pasted text is not a lookup code; `length` counts the code's characters once separators are gone. */
export type LookupInputProblem =
  | { readonly reason: 'empty' }
  | { readonly reason: 'too_short'; readonly length: number }
  | { readonly reason: 'too_long'; readonly length: number }
  | { readonly reason: 'not_hex'; readonly character: string; readonly position: number };

/** A code in canonical form (32 upper-case hex), or the precise reason and its coded issue (vi/en message). */
export type LookupInputResult =
  | { readonly ok: true; readonly code: string }
  | { readonly ok: false; readonly problem: LookupInputProblem; readonly issue: Issue };

/**
 * Reads a lookup code as a person gives it (SPEC §9): the bare code in any case, grouped or in UUID form, a whole
 * printed line (`Mã tra cứu: 26C6 …`), a pasted record URL (`…/tra-cuu/<code>`, `?ma=` or `?code=`), O for 0 and
 * I or L for 1. Any 32 hex characters are a code here (a lookup of an unknown one answers "not found"); whether a
 * school may CHOOSE a code is `lookupCodeLayoutProblem`'s question.
 */
export function parseLookupInput(input: string): LookupInputResult {
  if (input.length > MAX_INPUT) return refuse({ reason: 'too_long', length: input.length });
  const characters = [...candidateOf(input.normalize('NFC'))].filter((c) => !SEPARATOR.test(c));
  if (characters.length === 0) return refuse({ reason: 'empty' });
  let code = '';
  for (let i = 0; i < characters.length; i++) {
    const upper = characters[i]!.toUpperCase();
    const digit = LOOK_ALIKE[upper] ?? upper;
    if (!HEX.test(digit)) return refuse({ reason: 'not_hex', character: characters[i]!, position: i + 1 });
    code += digit;
  }
  if (code.length < LOOKUP_CODE_LENGTH) return refuse({ reason: 'too_short', length: code.length });
  if (code.length > LOOKUP_CODE_LENGTH) return refuse({ reason: 'too_long', length: code.length });
  return { ok: true, code };
}

/** The part of the input that should be the code: a URL's path segment or parameter, or a line without its label. */
function candidateOf(input: string): string {
  const inUrl = IN_PATH.exec(input)?.[1] ?? IN_QUERY.exec(input)?.[1];
  if (inUrl !== undefined) return decoded(inUrl.replace(/\+/g, ' '));
  const unlabelled = input.replace(LABEL, '').replace(BARE_LABEL, '');
  return unlabelled.replace(TRAILER, '');
}

function decoded(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}

function refuse(problem: LookupInputProblem): LookupInputResult {
  return { ok: false, problem, issue: lookupInputIssue(problem) };
}

function lookupInputIssue(problem: LookupInputProblem): Issue {
  switch (problem.reason) {
    case 'empty': return issue('lookup_input_empty');
    case 'too_short': return issue('lookup_input_too_short', { params: { length: problem.length, expected: LOOKUP_CODE_LENGTH } });
    case 'too_long': return issue('lookup_input_too_long', { params: { length: problem.length, expected: LOOKUP_CODE_LENGTH } });
    case 'not_hex': return issue('lookup_input_character', {
      params: { character: problem.character, codePoint: codePointOf(problem.character), position: problem.position },
    });
  }
}

function codePointOf(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** True for exactly 32 hexadecimal characters, in either case (as a record or a URL carries it). */
export function isLookupCode(value: string): boolean {
  return HEX32.test(value);
}

/** `parseLookupInput`'s code, or null: for callers that only need to know whether there is one. */
export function normalizeLookupCode(input: string): string | null {
  const read = parseLookupInput(input);
  return read.ok ? read.code : null;
}

/** Upper case in groups of four separated by spaces: `9F1C 2B7E …`, as printed on the paper copy. */
export function formatLookupCode(code: string): string {
  const normal = normalizeLookupCode(code);
  if (normal === null) throw new HocbaError('lookup_code_format', { params: { found: code.slice(0, 64) } });
  return normal.match(/.{4}/g)!.join(' ');
}

/** Why a school may not choose this code (SPEC §9: random, no visible structure), or null when it may. */
export type LookupCodeLayoutProblem = 'not_version_4' | 'repeated_digit' | 'counting_run' | 'few_digits';

// Thresholds a random v4 code fails with probability below 1e-9 each (30 random hex digits): a run of 10 equal
// digits ≈ 21·16⁻⁹, a run of 10 counting up or down ≈ 42·16⁻⁹, fewer than 6 distinct digits ≈ 3·10⁻¹².
const MAX_RUN = 9;
const MIN_DISTINCT = 6;

/**
 * A code a school's software may choose: a version-4 UUID layout (the 13th digit 4, the 17th 8, 9, A or B) with no
 * visible structure, so that no one guesses a record's code from another's (`000…07`, `FFF…F`, `C0FFEE00` × 4).
 * `code`: 32 hex characters, any case.
 */
export function lookupCodeLayoutProblem(code: string): LookupCodeLayoutProblem | null {
  const upper = code.toUpperCase();
  if (upper[12] !== '4' || !'89AB'.includes(upper[16]!)) return 'not_version_4';
  const random = upper.slice(0, 12) + upper.slice(13, 16) + upper.slice(17);
  if (new Set(random).size < MIN_DISTINCT) return 'few_digits';
  let same = 1;
  let up = 1;
  let down = 1;
  for (let i = 1; i < random.length; i++) {
    const [previous, current] = [parseInt(random[i - 1]!, 16), parseInt(random[i]!, 16)];
    same = current === previous ? same + 1 : 1;
    up = current === (previous + 1) % 16 ? up + 1 : 1;
    down = current === (previous + 15) % 16 ? down + 1 : 1;
    if (same > MAX_RUN) return 'repeated_digit';
    if (up > MAX_RUN || down > MAX_RUN) return 'counting_run';
  }
  return null;
}
