// The CSV download of a bulk check: POST the codes again (from the results page's form), answer the ONE bulk CSV of
// api/answers (the same columns as POST /api/v1/verify/batch with Accept: text/csv).
import { parseCodeList, toBulkCsv } from '../../api/index.ts';
import type { Lang } from './i18n.ts';
import type { PortalLocals } from './locals.ts';
import { bulkPath } from './paths.ts';

export async function answerBulkCsv(locals: PortalLocals, request: Request, lang: Lang): Promise<Response> {
  const codes = request.method === 'POST' ? parseCodeList(String((await request.formData()).get('ma') ?? '')) : [];
  const outcome = codes.length === 0 ? null : await locals.answers.verifyCodes(codes, { actor: locals.actor });
  if (!outcome || outcome.kind === 'too_many') return new Response(null, { status: 303, headers: { Location: bulkPath(lang) } });
  if (outcome.kind === 'limited') return new Response(null, { status: 429, headers: { 'Retry-After': String(outcome.retryAfter) } });
  const day = locals.clock().toISOString().slice(0, 10).replace(/-/g, '');
  return new Response(toBulkCsv(outcome.rows, lang), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="xac-minh-hoc-ba-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
