// POST /verify/batch (SPEC §5): many lookup codes in (JSON or CSV), one status each out (JSON or CSV by Accept).
import { createRoute, z } from '@hono/zod-openapi';
import { accepts } from 'hono/accepts';
import { normalizeLookupCode, type RecordView } from '../../index.ts';
import { ApiError } from '../api-error.ts';
import { requesterHash } from '../requester.ts';
import { parseCodeList, toCsv } from '../../csv.ts';
import type { Deps } from '../types.ts';
import { errorResponses, newRouter, publicGuards } from './common.ts';

const BatchJson = z.object({ codes: z.array(z.string().max(200)) }).openapi('VerifyBatchRequest');

const BatchRow = z.object({
  code: z.string().openapi({ description: 'The code as normalised (upper case), or as given when malformed.' }),
  status: z.enum(['valid', 'recalled', 'replaced', 'not_found', 'malformed']),
  schoolCode: z.string().nullable(), schoolName: z.string().nullable(), schoolYear: z.string().nullable(),
  grade: z.number().int().nullable(), studentName: z.string().nullable(), locked: z.boolean().nullable(),
  effectiveFrom: z.string().nullable(), replacedBy: z.string().nullable(),
}).openapi('VerifyBatchRow');
type Row = z.infer<typeof BatchRow>;

const CSV_HEADER = ['code', 'status', 'school_code', 'school_name', 'school_year', 'grade', 'student_name', 'locked', 'effective_from', 'replaced_by'];
// Lookups of one batch run a few at a time: enough to hide latency, not enough to starve other requests.
const CONCURRENCY = 8;

export function verifyBatchRoutes(deps: Deps) {
  const route = createRoute({
    method: 'post',
    path: '/verify/batch',
    summary: 'Status of many records at once (admissions offices)',
    description: `JSON {"codes": [...]} or a CSV / text body with one code per line (first column; a header line is skipped); `
      + `at most ${deps.limits.codesPerBatch} codes. Answers JSON, or CSV (UTF-8 with BOM) with Accept: text/csv.`,
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
    if (codes.length > deps.limits.codesPerBatch) {
      throw new ApiError(413, 'batch_too_large', { path: 'codes', params: { count: codes.length, limit: deps.limits.codesPerBatch } });
    }
    const now = deps.clock();
    const rows = await lookUpAll(deps, codes, now);
    // Every code found is a lookup, journaled like a single one (under a keyed hash of the address).
    const seen = [...new Set(rows.flatMap((row) => (row.status === 'not_found' || row.status === 'malformed' ? [] : [row.code])))];
    await deps.registry.journalLookups(seen, { now, actor: `api:${requesterHash(c, deps)}` });
    deps.metrics.count('hocba_lookups_total', { result: 'batch' }, rows.length);
    if (accepts(c, { header: 'Accept', supports: ['application/json', 'text/csv'], default: 'application/json' }) === 'text/csv') {
      return c.body(toCsv(CSV_HEADER, rows.map((row) => Object.values(row))), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="xac-minh-hoc-ba.csv"',
      });
    }
    return c.json({ results: rows }, 200);
  });
}

async function lookUpAll(deps: Deps, codes: readonly string[], now: Date): Promise<Row[]> {
  const found = new Map<string, Promise<RecordView | null>>();
  const rows = new Array<Row>(codes.length);
  let next = 0;
  const worker = async () => {
    while (next < codes.length) {
      const at = next++;
      const code = normalizeLookupCode(codes[at]!);
      if (code === null) {
        rows[at] = toRow(codes[at]!.slice(0, 64), 'malformed', null);
        continue;
      }
      if (!found.has(code)) found.set(code, deps.registry.getRecord(code, { now }));
      const view = await found.get(code)!;
      rows[at] = toRow(code, view ? view.status : 'not_found', view);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, codes.length) }, worker));
  return rows;
}

function toRow(code: string, status: Row['status'], view: RecordView | null): Row {
  return {
    code, status,
    schoolCode: view?.schoolCode ?? null, schoolName: view?.schoolName ?? null, schoolYear: view?.schoolYear ?? null,
    grade: view?.grade ?? null, studentName: view?.studentName ?? null, locked: view?.locked ?? null,
    effectiveFrom: view?.effectiveFrom ?? null, replacedBy: view?.replacedBy ?? null,
  };
}
