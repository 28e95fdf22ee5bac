// A school's corrections before the lock date (SPEC §5, §8): recall (thu hồi) and replace (thay thế).
import { createRoute, z } from '@hono/zod-openapi';
import { Base64Package, CodeParams, RecordAnswer } from '../schemas.ts';
import type { Deps } from '../types.ts';
import { errorResponses, lookupCodeOf, newRouter, packageResultResponses, schoolGuards, jsonBody } from './common.ts';
import { toRecordAnswer } from './record-answer.ts';

const RecallBody = z.object({
  reason: z.string().max(2000).openapi({ description: 'Why the record is withdrawn; kept in the registry and shown on lookups.' }),
}).openapi('RecallRequest');

const ReplaceBody = z.object({ package: Base64Package }).openapi('ReplaceRequest');

export function correctionRoutes(deps: Deps) {
  const { registry, limits } = deps;
  const recall = createRoute({
    method: 'post',
    path: '/records/{code}/recall',
    summary: 'Recall one of the school\'s records before the lock date',
    security: [{ schoolToken: [] }],
    middleware: schoolGuards(deps, limits.smallBodyBytes),
    request: { params: CodeParams, body: jsonBody(RecallBody) },
    responses: {
      200: { description: 'The record, now recalled', content: { 'application/json': { schema: RecordAnswer } } },
      ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429),
    },
  });
  const replace = createRoute({
    method: 'post',
    path: '/records/{code}/replace',
    summary: 'Publish a corrected record that supersedes this one, before the lock date',
    description: 'The successor goes through every check of a push and must be for the same student and school year. '
      + 'Both records link to each other (replacedBy / replaces).',
    security: [{ schoolToken: [] }],
    middleware: schoolGuards(deps, limits.packageBodyBytes),
    request: { params: CodeParams, body: jsonBody(ReplaceBody) },
    responses: {
      ...packageResultResponses,
      ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429),
    },
  });

  return newRouter()
    .openapi(recall, async (c) => {
      const code = lookupCodeOf(c.req.valid('param').code);
      const view = await registry.recallRecord(c.get('schoolCode'), code, c.req.valid('json').reason, deps.clock());
      deps.metrics.count('hocba_corrections_total', { kind: 'recall' });
      return c.json(toRecordAnswer(view), 200);
    })
    .openapi(replace, async (c) => {
      const code = lookupCodeOf(c.req.valid('param').code);
      const result = await registry.replaceRecord(c.get('schoolCode'), code, c.req.valid('json').package, deps.clock());
      if (result.status === 'rejected') return c.json(result, 422);
      deps.metrics.count('hocba_corrections_total', { kind: 'replace' });
      return c.json(result, 201);
    });
}
