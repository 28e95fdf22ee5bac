// GET /api/v1/records/{code}/pdf (SPEC §5, §9): each download is a numbered copy, logged before it is rendered.
import { createRoute, z } from '@hono/zod-openapi';
import { renderRecordCopy } from '../../index.ts';
import { recordPath } from '../../../site/lib/paths.ts';
import { ApiError } from '../api-error.ts';
import { requesterHash } from '../requester.ts';
import { CodeParams } from '../schemas.ts';
import type { Deps } from '../types.ts';
import { errorResponses, lookupCodeOf, newRouter, publicGuards } from './common.ts';

export function recordPdfRoutes(deps: Deps) {
  const { registry, metrics } = deps;
  const pdf = createRoute({
    method: 'get',
    path: '/records/{code}/pdf',
    summary: 'The official PDF rendering (bản thể hiện): a numbered copy, logged, with the QR on every page',
    middleware: publicGuards(deps),
    request: { params: CodeParams },
    responses: {
      200: {
        description: 'A new numbered copy; X-Copy-Number tells its number',
        content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
      },
      ...errorResponses(400, 404, 429),
    },
  });

  return newRouter().openapi(pdf, async (c) => {
    const code = lookupCodeOf(c.req.valid('param').code);
    const issuedAt = deps.clock();
    const view = await registry.getRecord(code, { now: issuedAt });
    const xml = view ? await registry.loadRecordXml(code) : null;
    if (!view || !xml) throw new ApiError(404, 'not_found', { params: { lookupCode: code } });
    const number = await registry.recordCopy(code, requesterHash(c, deps), issuedAt);
    const bytes = await renderRecordCopy({
      xml,
      report: view.report,
      status: view.status,
      recordUrl: new URL(recordPath(code), deps.publicUrl ?? new URL(c.req.url).origin).href,
      copy: { number, issuedAt },
    });
    metrics.count('hocba_pdf_copies_total', { status: view.status });
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="hoc-ba-${code}-ban-${number}.pdf"`,
      'Cache-Control': 'no-store',
      'X-Copy-Number': String(number),
    });
  });
}
