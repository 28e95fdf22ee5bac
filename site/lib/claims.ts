// /doi-chieu's one call (issue 18): the uploaded claims list, checked by api/answers (the same core, limits and CSV as
// POST /api/v1/verify/claims). One form, three answers: the table (works without JavaScript), the CSV, the signed JWS.
import { collectClaims, messageOf, readClaimsCsv, toClaimsCsv, type ClaimResult } from '../../api/index.ts';
import type { Lang } from './i18n.ts';
import type { PortalLocals } from './locals.ts';

export type ClaimsPageOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'refused'; readonly message: string; readonly status: number }
  | { readonly kind: 'limited'; readonly retryAfter: number }
  | { readonly kind: 'rows'; readonly rows: number; readonly results: AsyncIterable<ClaimResult>; readonly problemsOnly: boolean };

/** The page's answer to a POST: an outcome to render, or a file (CSV or JWS) to download. */
export async function checkClaimsRequest(locals: PortalLocals, request: Request, lang: Lang): Promise<ClaimsPageOutcome | Response | null> {
  if (request.method !== 'POST') return null;
  const form = await request.formData();
  const file = form.get('tep');
  const bytes = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
  if (!bytes) return { kind: 'none' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { kind: 'refused', message: messageOf({ code: 'claims_csv_not_utf8' }, lang), status: 400 };
  }
  const input = readClaimsCsv(text);
  if (!input.ok) return { kind: 'refused', message: messageOf(input.issue, lang), status: input.issue.code === 'batch_too_large' ? 413 : 400 };
  const asker = { actor: locals.actor };
  const day = locals.clock().toISOString().slice(0, 10).replace(/-/g, '');
  if (form.get('dang') === 'jws') {
    const signed = await locals.answers.signedClaims(input.rows, asker).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'answer_seal_missing') return { kind: 'seal_missing' as const };
      throw error;
    });
    if (signed.kind === 'seal_missing') return { kind: 'refused', message: messageOf({ code: 'answer_seal_missing' }, lang), status: 503 };
    if (signed.kind === 'limited') return { kind: 'limited', retryAfter: signed.retryAfter };
    if (signed.kind === 'too_many') return { kind: 'refused', message: messageOf({ code: 'batch_too_large', params: { count: signed.count, limit: signed.limit } }, lang), status: 413 };
    return new Response(signed.jws, { headers: { 'Content-Type': 'application/jose', 'Content-Disposition': `attachment; filename="doi-chieu-${day}.jws"`, 'Cache-Control': 'no-store' } });
  }
  const outcome = await locals.answers.checkClaims(input.rows, asker);
  if (outcome.kind === 'limited') return { kind: 'limited', retryAfter: outcome.retryAfter };
  if (outcome.kind === 'too_many') return { kind: 'refused', message: messageOf({ code: 'batch_too_large', params: { count: outcome.count, limit: outcome.limit } }, lang), status: 413 };
  if (form.get('dang') === 'csv') {
    const { results } = await collectClaims(outcome.results);
    return new Response(toClaimsCsv(results, lang), { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="doi-chieu-${day}.csv"`, 'Cache-Control': 'no-store' } });
  }
  // The table is checked while the page streams (site/views/ClaimsView.astro shows how far it has got).
  return { kind: 'rows', rows: input.rows.length, results: outcome.results, problemsOnly: form.get('chi-van-de') !== null };
}

