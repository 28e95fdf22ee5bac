// The CSV download of a bulk check: POST the codes again (from the results page's form), answer a UTF-8 CSV file.
import { parseCodeList } from '../../api/index.ts';
import { BULK_LIMIT, toBulkCsv, verifyCodes } from './bulk.ts';
import { textOf, type Lang } from './i18n.ts';
import type { PortalLocals } from './locals.ts';
import { bulkPath } from './paths.ts';

export async function answerBulkCsv(locals: PortalLocals, request: Request, lang: Lang): Promise<Response> {
  const t = textOf(lang).bulk;
  const codes = request.method === 'POST' ? parseCodeList(String((await request.formData()).get('ma') ?? '')) : [];
  if (codes.length === 0 || codes.length > BULK_LIMIT) return new Response(null, { status: 303, headers: { Location: bulkPath(lang) } });
  const rows = await verifyCodes(locals, codes);
  const day = locals.clock().toISOString().slice(0, 10).replace(/-/g, '');
  return new Response(toBulkCsv(rows, t.csvHeader, t.states), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="xac-minh-hoc-ba-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
