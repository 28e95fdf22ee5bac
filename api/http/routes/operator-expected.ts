// The expected record counts of a school year (issue 20) for operators: read them, set one school's, or import a CSV
// of `school code, expected` lines — the same core (and the same CSV reader) as the console and `hocba expected`,
// journaled as `operator:<username>` (kind `expected_count`).
import { createRoute, z } from '@hono/zod-openapi';
import { parseExpectedCountsCsv } from '../../index.ts';
import type { Deps } from '../types.ts';
import { errorResponses, jsonBody, newRouter, operatorActor, operatorGuards } from './common.ts';

const SchoolYear = z.string().regex(/^\d{4}-\d{4}$/);
const SchoolCode = z.string().regex(/^\d{8}$/);
const Row = z.object({
  schoolCode: z.string(), schoolYear: z.string(), expected: z.number().int(), updatedAt: z.string(), updatedBy: z.string(),
}).openapi('ExpectedCount');
const SetBody = z.object({ expected: z.number().int().min(0).max(100_000) }).openapi('ExpectedCountRequest');
const ImportBody = z.object({
  csv: z.string().min(1).openapi({
    description: 'One line per school: `school code, expected` (comma, semicolon or tab); a first line of words is a header and skipped; at most 10000 lines. One wrong line refuses the whole file (expected_count_invalid names the line), and an unknown school code refuses it too (school_unknown).',
    example: 'ma_truong,so_du_kien\r\n01001001,120\r\n01001002,80\r\n',
  }),
}).openapi('ExpectedCountsImport');
const Params = z.object({
  schoolYear: SchoolYear.openapi({ param: { name: 'schoolYear', in: 'path' }, example: '2025-2026' }),
  schoolCode: SchoolCode.openapi({ param: { name: 'schoolCode', in: 'path' }, example: '01001001' }),
});
const YearParam = z.object({ schoolYear: SchoolYear.openapi({ param: { name: 'schoolYear', in: 'path' }, example: '2025-2026' }) });

export function operatorExpectedRoutes(deps: Deps) {
  const { registry, limits } = deps;
  const security = [{ operatorToken: [] }];
  const list = createRoute({
    method: 'get', path: '/operator/expected-counts', security, middleware: operatorGuards(deps),
    summary: "The expected record counts of a school year (one school's with `school`), by school code",
    request: { query: z.object({ schoolYear: SchoolYear, school: SchoolCode.optional() }) },
    responses: {
      200: { description: 'Counts', content: { 'application/json': { schema: z.object({ schoolYear: z.string(), counts: z.array(Row) }) } } },
      ...errorResponses(400, 401, 422, 429),
    },
  });
  const set = createRoute({
    method: 'put', path: '/operator/expected-counts/{schoolYear}/{schoolCode}', security, middleware: operatorGuards(deps, limits.smallBodyBytes),
    summary: 'Set how many records the Sở expects a school to publish for a school year (completion on the console)',
    request: { params: Params, body: jsonBody(SetBody) },
    responses: {
      200: { description: 'Saved', content: { 'application/json': { schema: z.object({ schoolCode: z.string(), schoolYear: z.string(), expected: z.number() }) } } },
      ...errorResponses(400, 401, 404, 413, 415, 422, 429),
    },
  });
  const importCsv = createRoute({
    method: 'post', path: '/operator/expected-counts/{schoolYear}/import', security, middleware: operatorGuards(deps, limits.operatorBodyBytes),
    summary: 'Import the expected counts of many schools from a CSV, all or none',
    request: { params: YearParam, body: jsonBody(ImportBody) },
    responses: {
      200: { description: 'Saved', content: { 'application/json': { schema: z.object({ schoolYear: z.string(), saved: z.number() }) } } },
      ...errorResponses(400, 401, 404, 413, 415, 422, 429),
    },
  });

  return newRouter()
    .openapi(list, async (c) => {
      const { schoolYear, school } = c.req.valid('query');
      const rows = await registry.listExpectedCounts(schoolYear, school);
      return c.json({ schoolYear, counts: rows.map((row) => ({ ...row, updatedAt: row.updatedAt.toISOString() })) }, 200);
    })
    .openapi(set, async (c) => {
      const { schoolYear, schoolCode } = c.req.valid('param');
      const { expected } = c.req.valid('json');
      await registry.setExpectedCounts(schoolYear, [{ schoolCode, expected }], { now: deps.clock(), actor: operatorActor(c) });
      return c.json({ schoolCode, schoolYear, expected }, 200);
    })
    .openapi(importCsv, async (c) => {
      const { schoolYear } = c.req.valid('param');
      const counts = parseExpectedCountsCsv(c.req.valid('json').csv);
      const saved = await registry.setExpectedCounts(schoolYear, counts, { now: deps.clock(), actor: operatorActor(c) });
      return c.json({ schoolYear, saved }, 200);
    });
}
