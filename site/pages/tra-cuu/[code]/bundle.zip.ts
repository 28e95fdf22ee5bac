// `/tra-cuu/{code}/bundle.zip`: the exact signed XML, or a ZIP with it (certificates, trust list, PDF, instructions),
// released only on proof of the student's personal id (SPEC §5, §9): a POST form, the id in the body, the same
// registry check, limit and journal as POST /api/v1/records/{code}/xml. A GET releases nothing.
import type { APIRoute } from 'astro';
import { normalizeLookupCode } from '../../../../api/index.ts';
import { buildBundle } from '../../../lib/bundle.ts';
import { bundlePath, lookupPath, recordPath } from '../../../lib/paths.ts';

const NO_STORE = { 'Cache-Control': 'private, no-store' };

export const GET: APIRoute = ({ params, redirect }) => {
  const code = normalizeLookupCode(params.code ?? '');
  return redirect(code === null ? lookupPath('vi', params.code ?? '') : recordPath(code), 303);
};

export const POST: APIRoute = async ({ locals, params, redirect, request, url }) => {
  const code = normalizeLookupCode(params.code ?? '');
  if (code === null) return redirect(lookupPath('vi', params.code ?? ''), 303);
  if (code !== params.code) return redirect(bundlePath(code), 308);
  const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'vi';
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return redirect(`${recordPath(code, lang)}?tai=malformed#downloads-title`, 303);
  }
  const claimed = String(form.get('personalId') ?? '').slice(0, 64);
  const outcome = await locals.registry.releaseRecordXml(code, claimed, { now: locals.clock(), actor: locals.actor });
  if (outcome.kind === 'not_found' || outcome.kind === 'not_public') return redirect(recordPath(code, lang), 303);
  if (outcome.kind !== 'released') return redirect(`${recordPath(code, lang)}?tai=${outcome.kind}#downloads-title`, 303);
  if (form.get('what') === 'xml') {
    return new Response(new Uint8Array(outcome.xml), {
      headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Content-Disposition': `attachment; filename="hoc-ba-${code}.xml"`, ...NO_STORE },
    });
  }
  const built = await buildBundle(locals, code, outcome.xml);
  if (!built) return redirect(recordPath(code, lang), 303);
  return new Response(built.zip as Uint8Array<ArrayBuffer>, {
    headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="hoc-ba-${code}-kiem-tra.zip"`, ...NO_STORE },
  });
};
