// Public record lookups (SPEC §5): the verification result by lookup code (decided by api/answers), and the exact signed XML.
import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../api-error.ts';
import { CodeParams, RecordAnswer } from '../schemas.ts';
import type { Deps } from '../types.ts';
import { errorResponses, lookupCodeOf, newRouter, publicGuards } from './common.ts';
import { toRecordJson } from './record-answer.ts';
import { requesterHash } from '../requester.ts';

export function recordRoutes(deps: Deps) {
  const { registry, metrics, answers } = deps;
  const lookup = createRoute({
    method: 'get',
    path: '/records/{code}',
    summary: 'Verification result of a record: status, lock, signatures, content (personal id masked)',
    middleware: publicGuards(deps),
    request: { params: CodeParams },
    responses: {
      200: { description: 'The record and its verification result', content: { 'application/json': { schema: RecordAnswer } } },
      ...errorResponses(400, 404, 429),
    },
  });
  const xml = createRoute({
    method: 'get',
    path: '/records/{code}/xml',
    summary: 'The exact signed XML the school sent (byte for byte)',
    middleware: publicGuards(deps),
    request: { params: CodeParams },
    responses: {
      200: { description: 'The signed XML, as an attachment', content: { 'application/xml': { schema: z.string().openapi({ format: 'binary' }) } } },
      ...errorResponses(400, 404, 429),
    },
  });

  return newRouter()
    .openapi(lookup, async (c) => {
      // Every public lookup is journaled (issue 6), under a keyed hash of the address, never the address.
      const found = await answers.lookUp(c.req.valid('param').code, { actor: `api:${requesterHash(c, deps)}` });
      metrics.count('hocba_lookups_total', { result: found.kind === 'found' ? found.answer.status : found.kind });
      if (found.kind === 'malformed') throw new ApiError(400, 'lookup_code_invalid', { path: 'code' });
      if (found.kind === 'not_found') throw new ApiError(404, 'not_found', { params: { lookupCode: found.code } });
      return c.json(toRecordJson(found.answer), 200);
    })
    .openapi(xml, async (c) => {
      const code = lookupCodeOf(c.req.valid('param').code);
      const bytes = await registry.loadRecordXml(code);
      if (!bytes) throw new ApiError(404, 'not_found', { params: { lookupCode: code } });
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': 'application/xml; charset=utf-8',
        'Content-Disposition': `attachment; filename="hoc-ba-${code}.xml"`,
        'Cache-Control': 'no-store',
      });
    });
  // GET /records/{code}/pdf lives in record-pdf.ts: every download is a logged, numbered copy.
}
