// GET /api/v1/records/{code}/pdf (SPEC §5, §9): a numbered, journaled copy issued by api/answers; this only translates.
// HEAD issues and journals nothing; without a configured public origin no copy is issued (`public_url_missing`).
import { createRoute, z } from '@hono/zod-openapi';
import { isHocbaError } from '../../index.ts';
import { ApiError } from '../api-error.ts';
import { requesterHash } from '../requester.ts';
import { CodeParams } from '../schemas.ts';
import type { Deps } from '../types.ts';
import { errorResponses, lookupCodeOf, newRouter, publicGuards } from './common.ts';

export function recordPdfRoutes(deps: Deps) {
  const { answers, metrics } = deps;
  const pdf = createRoute({
    method: 'get',
    path: '/records/{code}/pdf',
    summary: 'The official PDF rendering (bản thể hiện): a numbered copy, logged, with the QR on every page; HEAD issues nothing',
    middleware: publicGuards(deps),
    request: { params: CodeParams },
    responses: {
      200: {
        description: 'A new numbered copy; X-Copy-Number tells its number, X-Copy-Sealed whether the registry sealed it (PAdES), X-Copy-Log-Proof the log index of the acceptance proof it carries as an attachment (absent: none)',
        content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
      },
      ...errorResponses(400, 404, 429, 503),
    },
  });

  return newRouter().openapi(pdf, async (c) => {
    const code = lookupCodeOf(c.req.valid('param').code);
    if (c.req.method === 'HEAD') {
      // A HEAD (link checkers, previews) says whether a copy could be had; it numbers, renders and journals nothing.
      if (!(await answers.hasRecord(code))) throw new ApiError(404, 'not_found', { params: { lookupCode: code } });
      return c.body(null, 200, { 'Content-Type': 'application/pdf', 'Cache-Control': 'no-store' });
    }
    let copy;
    try {
      copy = await answers.issueCopy(code, requesterHash(c, deps));
    } catch (error) {
      if (isHocbaError(error) && error.code === 'public_url_missing') throw new ApiError(503, 'public_url_missing');
      if (isHocbaError(error) && error.code === 'time_stamp_unavailable') throw new ApiError(503, 'time_stamp_unavailable');
      throw error;
    }
    if (!copy) throw new ApiError(404, 'not_found', { params: { lookupCode: code } });
    metrics.count('hocba_pdf_copies_total', { status: copy.status });
    return c.body(new Uint8Array(copy.bytes), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="hoc-ba-${copy.lookupCode}-ban-${copy.number}.pdf"`,
      'Cache-Control': 'no-store',
      'X-Copy-Number': String(copy.number),
      // Whether the registry sealed it (PAdES); an unsealed copy also says so on every page.
      'X-Copy-Sealed': copy.sealed ? 'true' : 'false',
      ...(copy.logProofIndex !== null ? { 'X-Copy-Log-Proof': String(copy.logProofIndex) } : {}),
    });
  });
}
