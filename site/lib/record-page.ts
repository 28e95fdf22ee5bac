// The record page's one call: api/answers reads the code and decides the answer; this only adds the page's cases
// (a messy but readable code in the URL goes to the canonical address; a registry that does not answer is 503).
import { lookupInputProblem, readLookupInput, type HocBaRecord, type PublicStatus, type RecordLogAnswer, type RecordView } from '../../api/index.ts';
import type { Lang } from './i18n.ts';
import type { PortalLocals } from './locals.ts';

export type RecordLookup =
  | {
    readonly kind: 'found'; readonly view: RecordView; readonly record: HocBaRecord | null; readonly status: PublicStatus;
    /** Its entries in the transparency log, with proofs (api/answers recordInLog): the page's "Sổ minh bạch". */
    readonly log: RecordLogAnswer | null;
  }
  /** The URL carried a messy but readable code: send the reader to the canonical address. */
  | { readonly kind: 'redirect'; readonly code: string }
  | { readonly kind: 'not-found'; readonly code: string }
  | { readonly kind: 'malformed'; readonly input: string }
  /** The registry did not answer: "could not be checked", never "not found". */
  | { readonly kind: 'unavailable' };

export async function lookUpRecord(locals: Pick<PortalLocals, 'answers' | 'actor'>, param: string): Promise<RecordLookup> {
  const code = readLookupInput(param);
  if (code !== null && code !== param) return { kind: 'redirect', code };
  try {
    const found = await locals.answers.lookUp(param, { actor: locals.actor });
    if (found.kind === 'malformed') return { kind: 'malformed', input: found.input };
    if (found.kind === 'not_found') return { kind: 'not-found', code: found.code };
    const { answer } = found;
    const log = await locals.answers.recordInLog(answer.view);
    return { kind: 'found', view: { ...answer.view, report: { ...answer.report, record: null } }, record: answer.record, status: answer.status, log };
  } catch (error) {
    console.error('portal: lookup failed', error);
    return { kind: 'unavailable' };
  }
}

/**
 * The lookup form's GET (`/tra-cuu?ma=…`, also a scanned QR's text): a readable code goes to its record page; an
 * unreadable one comes back with the reason in words (how long, which character where: SPEC §9).
 */
export function readLookupForm(url: URL, param: string, lang: Lang): { kind: 'redirect'; code: string } | { kind: 'empty' } | { kind: 'malformed'; input: string; reason: string } {
  const typed = (url.searchParams.get(param) ?? '').trim();
  if (typed === '') return { kind: 'empty' };
  const code = readLookupInput(typed);
  return code ? { kind: 'redirect', code } : { kind: 'malformed', input: typed.slice(0, 80), reason: lookupInputProblem(typed, lang) ?? '' };
}
