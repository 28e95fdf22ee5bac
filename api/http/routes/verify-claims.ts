// POST /verify/claims (issue 18): an admissions office's applicants in (JSON, or the CSV Excel writes), one answer
// per applicant out, streamed as it is checked: JSON, NDJSON (one line per applicant, then the summary: what the
// portal reads to show progress) or CSV (Accept). The one core is api/answers/claims.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { accepts } from 'hono/accepts';
import {
  addToSummary, CLAIM_PROBLEMS, CLAIMS_CSV_HEADER, CLAIMS_LIMIT, CODES_PER_ROW, claimCsvCells, emptySummary,
  PUBLIC_STATUSES, readClaimsCsv, readClaimsJson, type ClaimResult, type ClaimsInput, type Lang,
} from '../../index.ts';
import { CSV_BOM, csvLine } from '../../csv.ts';
import { ApiError } from '../api-error.ts';
import { JSON_TYPE, parseJsonBody, validated } from '../json-body.ts';
import { rateLimited429 } from '../middleware/rate-limit.ts';
import { requesterHash } from '../requester.ts';
import type { Deps } from '../types.ts';
import { errorResponses, newRouter, publicGuards } from './common.ts';

const ClaimsRequest = z.object({
  rows: z.array(z.object({
    ref: z.string().max(200).optional().openapi({ description: "The office's own reference for the applicant (echoed)." }),
    codes: z.array(z.string().max(200)).openapi({ description: `Up to ${CODES_PER_ROW} lookup codes (grades 10, 11, 12).` }),
    dateOfBirth: z.string().max(40).nullable().optional().openapi({ description: 'dd/MM/yyyy (or yyyy-MM-dd).' }),
    personalIdLast4: z.string().max(40).nullable().optional().openapi({ description: 'The last four digits of the personal id.' }),
    declared: z.record(z.string().max(200), z.union([z.string().max(200), z.number()])).optional()
      .openapi({ description: 'Declared values by name "<subject> <grade> <HK1|HK2|CN>", e.g. {"Toán 12 CN": "8.5", "hoc_tap 12 CN": "Tốt"}.' }),
  }).strict()),
}).strict().openapi('ClaimsRequest');

const ClaimResultSchema = z.object({
  ref: z.string(),
  confirmed: z.boolean().openapi({ description: 'Every record found and in force, the applicant\'s, and every declared value as stored.' }),
  problems: z.array(z.enum(CLAIM_PROBLEMS)),
  records: z.array(z.object({
    input: z.string(), code: z.string().nullable(), status: z.enum(PUBLIC_STATUSES), grade: z.number().int().nullable(),
    schoolYear: z.string().nullable(), schoolName: z.string().nullable(),
  })),
  identity: z.enum(['matches', 'differs', 'unreadable', 'not_given', 'not_checked'])
    .openapi({ description: 'Date of birth and last four id digits against every record found; never the stored values.' }),
  values: z.array(z.object({
    grade: z.number().int(), subject: z.string(), subjectName: z.string().nullable(), term: z.enum(['HK1', 'HK2', 'CN']),
    declared: z.string(), outcome: z.enum(['matches', 'differs', 'absent', 'unreadable', 'no_record']),
    registry: z.string().nullable().openapi({ description: "The registry's value when it differs, else null." }),
  })),
}).openapi('ClaimResult');

/** Documented by reference so no validator reads the body whole before the handler streams it (as POST /packages). */
const CLAIMS_BODY_REF = { $ref: '#/components/schemas/ClaimsRequest' };
const CSV_TYPE = /^(text\/csv|text\/plain)(;|$)/i;

export function verifyClaimsRoutes(deps: Deps) {
  const { answers, limits } = deps;
  const route = createRoute({
    method: 'post',
    path: '/verify/claims',
    summary: 'Check what applicants declared against their records (admissions offices)',
    description: `JSON {"rows": [...]} or a CSV (UTF-8, BOM or not, comma or semicolon; header documented in docs/api.md), at most `
      + `${CLAIMS_LIMIT} applicants and ${limits.claimsBodyBytes} bytes, each applicant charged to the asker's budget. Answers as it `
      + `checks, in input order: JSON {"results": [...], "summary": {...}}, NDJSON (Accept: application/x-ndjson; one result `
      + `per line, then {"summary"}), CSV (Accept: text/csv; columns ${CLAIMS_CSV_HEADER.join(', ')}), or the whole answer signed by the registry's seal `
      + '(Accept: application/jose: a compact JWS to archive, checked offline with `hocba verify-answer`).',
    middleware: publicGuards(deps, limits.claimsBodyBytes),
    request: { body: { required: true, content: { 'application/json': { schema: CLAIMS_BODY_REF }, 'text/csv': { schema: { type: 'string' as const } } } } },
    responses: {
      200: {
        description: 'One result per applicant, in order, then the counts',
        content: {
          'application/json': { schema: z.object({ results: z.array(ClaimResultSchema), summary: z.record(z.string(), z.unknown()) }) },
          'application/x-ndjson': { schema: z.string() },
          'text/csv': { schema: z.string() },
          'application/jose': { schema: z.string() },
        },
      },
      ...errorResponses(400, 413, 415, 429, 503),
    },
  });
  const router = newRouter();
  router.openAPIRegistry.register('ClaimsRequest', ClaimsRequest);
  router.openAPIRegistry.register('ClaimResult', ClaimResultSchema);
  return router.openapi(route, async (c) => {
    const input = await readBody(c.req.header('content-type') ?? '', c.req.raw, limits.claimsBodyBytes);
    if (!input.ok) {
      const status = input.issue.code === 'batch_too_large' ? 413 : 400;
      throw new ApiError(status, input.issue.code, { ...(input.issue.params ? { params: input.issue.params } : {}) });
    }
    // Every record found is a lookup, journaled like a single one (under a keyed hash of the address).
    const asker = { actor: `api:${requesterHash(c, deps)}` };
    const format = accepts(c, { header: 'Accept', supports: ['application/json', 'application/x-ndjson', 'text/csv', 'application/jose'], default: 'application/json' });
    if (format === 'application/jose') {
      // The signed answer is one document: checked whole, then signed (not streamed).
      const signed = await answers.signedClaims(input.rows, asker);
      if (signed.kind === 'too_many') throw new ApiError(413, 'batch_too_large', { params: { count: signed.count, limit: signed.limit } });
      if (signed.kind === 'limited') throw rateLimited429(signed.retryAfter);
      deps.metrics.count('hocba_lookups_total', { result: 'claims' }, signed.count);
      return c.body(signed.jws, 200, { 'Content-Type': 'application/jose', 'Content-Disposition': 'attachment; filename="doi-chieu-hoc-ba.jws"', 'Cache-Control': 'no-store' });
    }
    const outcome = await answers.checkClaims(input.rows, asker);
    if (outcome.kind === 'too_many') throw new ApiError(413, 'batch_too_large', { params: { count: outcome.count, limit: outcome.limit } });
    if (outcome.kind === 'limited') throw rateLimited429(outcome.retryAfter);
    deps.metrics.count('hocba_lookups_total', { result: 'claims' }, outcome.count);
    const lang = c.get('language');
    return c.body(streamed(outcome.results, format, lang), 200, {
      'Content-Type': format === 'text/csv' ? 'text/csv; charset=utf-8' : `${format}; charset=utf-8`,
      'Cache-Control': 'no-store',
      ...(format === 'text/csv' ? { 'Content-Disposition': 'attachment; filename="doi-chieu-hoc-ba.csv"' } : {}),
    });
  });
}

/** The answer as it is checked, one chunk of applicants per pull: memory stays one chunk, whatever the list. */
function streamed(results: AsyncIterable<ClaimResult>, format: string, lang: Lang): ReadableStream<Uint8Array> {
  const iterator = results[Symbol.asyncIterator]();
  const summary = emptySummary();
  const encoder = new TextEncoder();
  let first = true;
  const line = (result: ClaimResult, at: number) => {
    if (format === 'text/csv') return `${csvLine(claimCsvCells(result, lang))}\r\n`;
    if (format === 'application/x-ndjson') return `${JSON.stringify(result)}\n`;
    return `${at === 0 ? '' : ','}${JSON.stringify(result)}`;
  };
  const opening = format === 'text/csv' ? `${CSV_BOM}${csvLine([...CLAIMS_CSV_HEADER])}\r\n` : format === 'application/x-ndjson' ? '' : '{"results":[';
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text = first ? opening : '';
      first = false;
      for (let taken = 0; taken < 250; taken++) {
        const next = await iterator.next();
        if (next.done) {
          if (format === 'application/x-ndjson') text += `${JSON.stringify({ summary })}\n`;
          else if (format !== 'text/csv') text += `],"summary":${JSON.stringify(summary)}}`;
          controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        text += line(next.value, summary.rows);
        addToSummary(summary, next.value);
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

async function readBody(type: string, request: Request, maxBytes: number): Promise<ClaimsInput> {
  if (CSV_TYPE.test(type)) {
    const bytes = await new Response(request.body).arrayBuffer();
    if (bytes.byteLength > maxBytes) throw new ApiError(413, 'body_too_large', { params: { limit: maxBytes } });
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // Excel's plain "CSV" is the Windows code page: Vietnamese letters would arrive garbled, so nothing is guessed.
      throw new ApiError(400, 'claims_csv_not_utf8');
    }
    return readClaimsCsv(text);
  }
  if (!JSON_TYPE.test(type)) throw new ApiError(415, 'unsupported_media_type');
  return readClaimsJson(validated(ClaimsRequest, await parseJsonBody(request.body, maxBytes)).rows);
}
