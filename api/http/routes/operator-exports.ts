// GET /operator/exports/records (SPEC §1 "export to the national database"): the records of a school year as
// CSV (UTF-8 with BOM, streamed page by page) or JSON (one page at a time); never a personal id (SPEC §9).
import { createRoute, z } from '@hono/zod-openapi';
import { accepts } from 'hono/accepts';
import type { ExportPage, ExportRow } from '../../index.ts';
import { CSV_BOM, csvLine, type Cell } from '../../csv.ts';
import type { Deps } from '../types.ts';
import { errorResponses, newRouter, operatorActor, operatorGuards } from './common.ts';

const PAGE = 1000;

const Query = z.object({
  schoolYear: z.string().regex(/^\d{4}-\d{4}$/).openapi({ example: '2025-2026' }),
  school: z.string().regex(/^\d{8}$/).optional().openapi({ description: 'Only this school (mã trường).' }),
  format: z.enum(['csv', 'json']).optional().openapi({ description: 'Default: CSV when Accept asks for text/csv, else JSON.' }),
  after: z.string().max(64).optional().openapi({ description: 'JSON paging: the `next` of the previous page.' }),
  limit: z.coerce.number().int().min(1).max(5000).optional().openapi({ description: `JSON page size (default ${PAGE}).` }),
});

const Row = z.object({
  lookupCode: z.string(), schoolCode: z.string(), schoolName: z.string(), schoolYear: z.string(), grade: z.number().int(),
  level: z.string(), studentCode: z.string(), studentName: z.string(), status: z.enum(['valid', 'recalled', 'replaced']),
  digest: z.string(), receivedAt: z.string(), recalledAt: z.string().nullable(), replacedBy: z.string().nullable(),
}).openapi('ExportRow');

const CSV_HEADER = [
  'lookup_code', 'school_code', 'school_name', 'school_year', 'grade', 'level', 'student_code', 'student_name',
  'status', 'digest', 'received_at', 'recalled_at', 'replaced_by',
];
const toCells = (row: ExportRow): Cell[] => [
  row.lookupCode, row.schoolCode, row.schoolName, row.schoolYear, row.grade, row.level, row.studentCode, row.studentName,
  row.status, row.digest, row.receivedAt, row.recalledAt, row.replacedBy,
];

export function operatorExportRoutes(deps: Deps) {
  const { registry } = deps;
  const route = createRoute({
    method: 'get', path: '/operator/exports/records', security: [{ operatorToken: [] }], middleware: operatorGuards(deps),
    summary: 'Records of a school year for the report to the Ministry (CSV or JSON)',
    description: 'Lookup code, school, grade, year, level, student code and name, status, digest and dates, in lookup-code order. '
      + 'CSV streams the whole year; JSON answers one page and `next` for the following one. Each export is journaled.',
    request: { query: Query },
    responses: {
      200: {
        description: 'The records',
        content: {
          'application/json': { schema: z.object({ records: z.array(Row), next: z.string().nullable() }) },
          'text/csv': { schema: z.string() },
        },
      },
      ...errorResponses(400, 401, 422, 429),
    },
  });

  return newRouter().openapi(route, async (c) => {
    const query = c.req.valid('query');
    const wantsCsv = query.format === 'csv'
      || (query.format === undefined && accepts(c, { header: 'Accept', supports: ['application/json', 'text/csv'], default: 'application/json' }) === 'text/csv');
    const filter = { schoolYear: query.schoolYear, ...(query.school ? { schoolCode: query.school } : {}) };
    const options = { now: deps.clock(), actor: operatorActor(c), format: wantsCsv ? 'csv' : 'json' };
    if (!wantsCsv) {
      const page = await registry.exportRecords({ ...filter, ...(query.after ? { after: query.after } : {}), limit: query.limit ?? PAGE }, options);
      return c.json({ records: page.rows, next: page.next }, 200, { 'Cache-Control': 'no-store' });
    }
    // The first page is read before answering, so a refusal is still a coded JSON error and the export is journaled.
    let page: ExportPage = await registry.exportRecords({ ...filter, limit: PAGE }, options);
    let head = CSV_BOM + csvLine(CSV_HEADER) + '\r\n';
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        controller.enqueue(encoder.encode(head + page.rows.map((row) => csvLine(toCells(row)) + '\r\n').join('')));
        head = '';
        if (page.next === null) return controller.close();
        page = await registry.exportRecords({ ...filter, after: page.next, limit: PAGE }, options);
      },
    });
    const name = `hoc-ba-${query.schoolYear}${query.school ? `-${query.school}` : ''}.csv`;
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
  });
}
