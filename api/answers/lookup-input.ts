// The ONE reader of a lookup code typed, pasted or scanned by a member of the public (SPEC §9). Every door calls
// this; when api/record/lookup-code.ts exports its forgiving input reader, this function delegates to it.
import { normalizeLookupCode } from '../record/index.ts';

const IN_RECORD_URL = /\/tra-cuu\/([0-9a-z][0-9a-z\s-]{30,70})/i;
const IN_QUERY = /[?&]ma=([^&#]+)/i;

/** The canonical code (32 upper-case hex) read from the input, or null when none can be read. */
export function readLookupInput(input: string): string | null {
  if (input.length > 400) return null;
  const direct = normalizeLookupCode(input.trim());
  if (direct !== null) return direct;
  const inUrl = IN_RECORD_URL.exec(input)?.[1] ?? IN_QUERY.exec(input)?.[1];
  if (inUrl === undefined) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(inUrl);
  } catch {
    return null;
  }
  return normalizeLookupCode(decoded.trim());
}
