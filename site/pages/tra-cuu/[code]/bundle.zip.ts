// `/tra-cuu/{code}/bundle.zip`: signed XML, certificates, trust list, PDF and instructions for an independent check.
import type { APIRoute } from 'astro';
import { normalizeLookupCode } from '../../../../api/index.ts';
import { buildBundle } from '../../../lib/bundle.ts';
import { bundlePath } from '../../../lib/paths.ts';

export const GET: APIRoute = async ({ locals, params, redirect, rewrite }) => {
  const code = normalizeLookupCode(params.code ?? '');
  if (code === null) return rewrite('/404');
  if (code !== params.code) return redirect(bundlePath(code), 301);
  const built = await buildBundle(locals, code);
  if (!built) return rewrite('/404');
  return new Response(built.zip, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="hoc-ba-${code}-kiem-tra.zip"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
