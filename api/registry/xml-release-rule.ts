// SPEC §5 POST /records/{code}/xml and §9: the exact signed XML (and the self-check bundle) carries the student's
// whole personal id, so it goes only to a requester who already knows it — proof of knowledge, a few tries per
// code per hour. A pure decision: the registry (api/registry/xml-release.ts) counts, journals and serialises it.
import { PERSONAL_ID_PATTERN, samePersonalId } from '../record/personal-ids.ts';

/** Wrong ids accepted per record and window before every try is refused (even a right one): 5 guesses of 10^12. */
export const XML_RELEASE_TRIES = 5;
export const XML_RELEASE_WINDOW_MS = 60 * 60 * 1000;

/**
 * - `release`: the requester named the record's id;
 * - `wrong`: a well-formed id that is not the record's (counted towards the limit);
 * - `malformed`: not 12 digits (not a guess; journaled, not counted);
 * - `limited`: the window's tries are spent — refused without comparing, so the answer tells nothing;
 * - `not_public`: the record carries no personal id: its XML is for the school and operators only.
 */
export type XmlReleaseDecision = 'release' | 'wrong' | 'malformed' | 'limited' | 'not_public';

export interface XmlReleaseInput {
  /** What the requester typed; spaces and hyphens forgiven. */
  readonly claimed: string;
  /** The id read from the stored signed XML; null when the record has none. */
  readonly actual: string | null;
  /** Wrong tries for this record within the window, before this one. */
  readonly wrongInWindow: number;
}

export function decideXmlRelease(input: XmlReleaseInput): XmlReleaseDecision {
  if (input.actual === null || !PERSONAL_ID_PATTERN.test(input.actual)) return 'not_public';
  if (input.wrongInWindow >= XML_RELEASE_TRIES) return 'limited';
  const claimed = normalizeClaimedId(input.claimed);
  if (!PERSONAL_ID_PATTERN.test(claimed)) return 'malformed';
  return samePersonalId(claimed, input.actual) ? 'release' : 'wrong';
}

/** `001 090 023-456` → `001090023456`: people copy ids from cards with spaces. */
function normalizeClaimedId(claimed: string): string {
  return claimed.replace(/[\s.-]/g, '');
}
