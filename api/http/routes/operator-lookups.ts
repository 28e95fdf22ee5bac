// GET /operator/records/{code}/lookups (issue 13): how often a record was looked up, from the access log — a count
// for the Sở (e.g. to answer a family's question, or to notice a record being scraped), never who asked.
import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../api-error.ts';
import { CodeParams } from '../schemas.ts';
import type { Deps } from '../types.ts';
import { errorResponses, lookupCodeOf, newRouter, operatorGuards } from './common.ts';

const Query = z.object({
  since: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Count only lookups from this instant (ISO 8601); default: every lookup kept.' }),
});

const LookupCount = z.object({
  lookupCode: z.string(),
  lookups: z.number().int().openapi({ description: 'Lookups of the record kept in the access log (API, portal and bulk; retention 365 days by default).' }),
  since: z.string().nullable().openapi({ format: 'date-time', description: 'Start of the count: the `since` asked, else the oldest lookup kept; null when there is none.' }),
}).openapi('LookupCount');

export function operatorLookupRoutes(deps: Deps) {
  const { registry } = deps;
  const route = createRoute({
    method: 'get', path: '/operator/records/{code}/lookups', security: [{ operatorToken: [] }], middleware: operatorGuards(deps),
    summary: 'How many times a record was looked up (a count; requesters are never shown)',
    description: 'Lookups through GET /records/{code}, the record page, upload checks and bulk verification, from the access log. '
      + 'Counts include lookups noted in the last second or so only once they are written (the log is written in batches).',
    request: { params: CodeParams, query: Query },
    responses: {
      200: { description: 'The count', content: { 'application/json': { schema: LookupCount } } },
      ...errorResponses(400, 401, 404, 429),
    },
  });
  return newRouter().openapi(route, async (c) => {
    const code = lookupCodeOf(c.req.valid('param').code);
    const since = c.req.valid('query').since;
    const counted = await registry.countLookups(code, since ? { since: new Date(since) } : {});
    if (!counted) throw new ApiError(404, 'not_found', { params: { lookupCode: code } });
    return c.json(counted, 200, { 'Cache-Control': 'no-store' });
  });
}
