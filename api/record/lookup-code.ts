// Lookup codes (SPEC §9): 32 hex characters, read case-insensitively, printed upper-case in groups of four.
import { HocbaError } from '../errors.ts';

const HEX32 = /^[0-9A-Fa-f]{32}$/;
// What people type or paste around a code: spaces, hyphens (UUID form or our groups), line breaks.
const FORGIVEN = /[\s\-\u2010-\u2015\u2212]/g;

/** True for exactly 32 hexadecimal characters, in either case (as a record or a URL carries it). */
export function isLookupCode(value: string): boolean {
  return HEX32.test(value);
}

/** The code typed or scanned by a person: hyphens, spaces and case forgiven. Null when it is no code. */
export function normalizeLookupCode(input: string): string | null {
  if (input.length > 200) return null;
  const compact = input.replace(FORGIVEN, '');
  return HEX32.test(compact) ? compact.toUpperCase() : null;
}

/** Upper case in groups of four separated by spaces: `9F1C 2B7E …`, as printed on the paper copy. */
export function formatLookupCode(code: string): string {
  const normal = normalizeLookupCode(code);
  if (normal === null) throw new HocbaError('lookup_code_format', { params: { found: code.slice(0, 64) } });
  return normal.match(/.{4}/g)!.join(' ');
}
