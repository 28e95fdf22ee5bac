// One school's refusals of a school year as CSV (issue 20): GET ?nam=&truong=; the console's session is required (site/middleware.ts).
import type { APIRoute } from 'astro';
import { refusalsCsv } from '../../lib/console-refusals.ts';
import { schoolParam, yearParam } from '../../lib/console-page.ts';
import { consolePath } from '../../lib/paths.ts';

export const GET: APIRoute = async ({ locals, url }) => {
  const school = schoolParam(url);
  const year = yearParam(url, locals.clock());
  if (!school) return new Response(null, { status: 303, headers: { Location: consolePath('vi', 'refusals', { nam: year }) } });
  const rows = await locals.registry.refusals({ schoolYear: year, schoolCode: school });
  return new Response(refusalsCsv(rows, year, 'vi'), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="loi-nop-${school}-${year}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
};
