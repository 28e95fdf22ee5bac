// The doors' one reader of a lookup code typed, pasted or scanned by a member of the public (SPEC §9): a thin
// face over api/record/lookup-code.ts (printed line, URL, O/0, I/L/1, spaces, hyphens, case are forgiven).
import { messageOf, type Lang } from '../errors.ts';
import { parseLookupInput } from '../record/lookup-code.ts';

/** The canonical code (32 upper-case hex) read from the input, or null when none can be read: the record module's one reader. */
export { normalizeLookupCode as readLookupInput } from '../record/lookup-code.ts';

/** Why the input is not a lookup code, in words a person can act on (how long it is, which character where). */
export function lookupInputProblem(input: string, lang: Lang): string | null {
  const read = parseLookupInput(input);
  return read.ok ? null : messageOf(read.issue, lang);
}
