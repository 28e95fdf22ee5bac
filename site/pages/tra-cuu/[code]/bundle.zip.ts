// `/tra-cuu/{code}/bundle.zip`: signed XML, certificates, trust list, PDF and instructions for an independent check.
// No such record: the record page says so in words (its 404 page); an unreadable code goes back to the form.
import type { APIRoute } from 'astro';
import { normalizeLookupCode } from '../../../../api/index.ts';
import { buildBundle } from '../../../lib/bundle.ts';
import { bundlePath, lookupPath, recordPath } from '../../../lib/paths.ts';

export const GET: APIRoute = async ({ locals, params, redirect }) => {
  const code = normalizeLookupCode(params.code ?? '');
  if (code === null) return redirect(lookupPath('vi', params.code ?? ''), 303);
  if (code !== params.code) return redirect(bundlePath(code), 301);
  const built = await buildBundle(locals, code);
  if (!built) return redirect(recordPath(code), 303);
  return new Response(built.zip as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="hoc-ba-${code}-kiem-tra.zip"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
