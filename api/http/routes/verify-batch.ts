// POST /verify/batch (SPEC §5): many lookup codes in (JSON or CSV), one row each out (JSON, or the ONE bulk CSV of
// api/answers by Accept) — the same rows, statuses, limit and CSV as the portal's /xac-minh-hang-loat.
import { createRoute, z } from '@hono/zod-openapi';
import { accepts } from 'hono/accepts';
import { BULK_CSV_HEADER, PUBLIC_STATUSES, toBulkCsv, type BulkRow } from '../../index.ts';
import { ApiError } from '../api-error.ts';
import { rateLimited429 } from '../middleware/rate-limit.ts';
import { requesterHash } from '../requester.ts';
import { parseCodeList } from '../../csv.ts';
import type { Deps } from '../types.ts';
import { errorResponses, newRouter, publicGuards } from './common.ts';

const BatchJson = z.object({ codes: z.array(z.string().max(200)) }).openapi('VerifyBatchRequest');

const BatchRow = z.object({
  input: z.string().openapi({ description: 'The line as given (at most 80 characters).' }),
  code: z.string().nullable().openapi({ description: 'The lookup code read from the line (upper case); null when none could be read.' }),
  status: z.enum(PUBLIC_STATUSES),
  malformed: z.boolean().openapi({ description: 'The line holds no lookup code (its status is then not_found).' }),
  schoolCode: z.string().nullable(), schoolName: z.string().nullable(), schoolYear: z.string().nullable(),
  grade: z.number().int().nullable(), className: z.string().nullable(), studentName: z.string().nullable(),
  locked: z.boolean().nullable(), lockDate: z.string().nullable(), effectiveFrom: z.string().nullable(),
  recalledAt: z.string().nullable(), recallReason: z.string().nullable(), replacedBy: z.string().nullable(),
} satisfies Record<keyof BulkRow, z.ZodType>).openapi('VerifyBatchRow'); // exactly api/answers' BulkRow, or the build fails

export function verifyBatchRoutes(deps: Deps) {
  const { answers } = deps;
  const route = createRoute({
    method: 'post',
    path: '/verify/batch',
    summary: 'Status of many records at once (admissions offices)',
    description: `JSON {"codes": [...]} or a CSV / text body with one code per line (first column; a header line is skipped); `
      + `at most ${answers.bulkLimit} codes, counted per listed line (the portal's limit too). Answers JSON, or CSV (UTF-8 with BOM; `
      + `columns ${BULK_CSV_HEADER.join(', ')}) with Accept: text/csv.`,
    middleware: publicGuards(deps, deps.limits.verifyBatchBodyBytes),
    request: {
      body: {
        required: false,
        content: { 'application/json': { schema: BatchJson }, 'text/csv': { schema: z.string() }, 'text/plain': { schema: z.string() } },
      },
    },
    responses: {
      200: {
        description: 'One row per code, in order',
        content: { 'application/json': { schema: z.object({ results: z.array(BatchRow) }) }, 'text/csv': { schema: z.string() } },
      },
      ...errorResponses(400, 413, 415, 429),
    },
  });

  return newRouter().openapi(route, async (c) => {
    // The JSON validator ran only for a JSON body; CSV and plain text are read here.
    const json = c.req.valid('json');
    const isJson = /^application\/([a-z.-]+\+)?json/i.test(c.req.header('content-type') ?? '');
    const codes = isJson && typeof json === 'object' ? json.codes : parseCodeList(await c.req.text());
    // Every code found is a lookup, journaled like a single one (under a keyed hash of the address).
    const outcome = await answers.verifyCodes(codes, { actor: `api:${requesterHash(c, deps)}` });
    if (outcome.kind === 'too_many') {
      throw new ApiError(413, 'batch_too_large', { path: 'codes', params: { count: outcome.count, limit: outcome.limit } });
    }
    if (outcome.kind === 'limited') throw rateLimited429(outcome.retryAfter);
    deps.metrics.count('hocba_lookups_total', { result: 'batch' }, outcome.rows.length);
    if (accepts(c, { header: 'Accept', supports: ['application/json', 'text/csv'], default: 'application/json' }) === 'text/csv') {
      return c.body(toBulkCsv(outcome.rows, c.get('language')), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="xac-minh-hoc-ba.csv"',
      });
    }
    return c.json({ results: outcome.rows }, 200);
  });
}
