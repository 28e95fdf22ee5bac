// The one domain call of the record page: read the code from the URL, look the record up (logged), pick the banner.
import { normalizeLookupCode, type HocBaRecord, type RecordView } from '../../api/index.ts';
import type { PortalLocals } from './locals.ts';
import { toBanner, type Banner } from './status.ts';

export type RecordLookup =
  | { readonly kind: 'found'; readonly view: RecordView; readonly record: HocBaRecord | null; readonly banner: Banner }
  /** The URL carried a messy but readable code: send the reader to the canonical address. */
  | { readonly kind: 'redirect'; readonly code: string }
  | { readonly kind: 'not-found'; readonly code: string }
  | { readonly kind: 'malformed'; readonly input: string }
  /** The registry did not answer: "could not be checked", never "not found". */
  | { readonly kind: 'unavailable' };

export async function lookUpRecord(locals: Pick<PortalLocals, 'registry' | 'actor' | 'clock'>, param: string): Promise<RecordLookup> {
  const code = normalizeLookupCode(param);
  if (code === null) return { kind: 'malformed', input: param.slice(0, 80) };
  if (code !== param) return { kind: 'redirect', code };
  let view: RecordView | null;
  try {
    view = await locals.registry.getRecord(code, { now: locals.clock(), actor: locals.actor });
  } catch (error) {
    console.error(`portal: lookup of ${code} failed`, error);
    return { kind: 'unavailable' };
  }
  if (!view) return { kind: 'not-found', code };
  return { kind: 'found', view, record: (view.content as HocBaRecord | null) ?? null, banner: toBanner(view) };
}

/** The lookup form's GET (`/tra-cuu?ma=…`): a readable code goes to its record page, anything else back to the form. */
export function readLookupForm(url: URL, param: string): { kind: 'redirect'; code: string } | { kind: 'empty' } | { kind: 'malformed'; input: string } {
  const typed = (url.searchParams.get(param) ?? '').trim();
  if (typed === '') return { kind: 'empty' };
  const code = normalizeLookupCode(typed);
  return code ? { kind: 'redirect', code } : { kind: 'malformed', input: typed.slice(0, 80) };
}
