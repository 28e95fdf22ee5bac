// POST /verify (SPEC §5): an uploaded XML, package or PDF, answered by api/answers with ONE overall status; the
// registered record comes second. This file only reads the body and writes the answer.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { publicMessageOf, PUBLIC_STATUSES, type Lang, type RecordSummary, type UploadAnswer } from '../../index.ts';
import { ApiError } from '../api-error.ts';
import { readRawBody } from '../raw-body.ts';
import { requesterHash } from '../requester.ts';
import { ReportSchema } from '../schemas.ts';
import type { AppEnv, Deps } from '../types.ts';
import { errorResponses, newRouter, publicGuards } from './common.ts';

const UploadJson = z.object({
  package: z.string().optional().openapi({ description: 'A package (XML → gzip → base64).' }),
  xml: z.string().optional().openapi({ description: 'The signed XML document as text.' }),
}).strict().refine((body) => (body.package === undefined) !== (body.xml === undefined), {
  message: 'give exactly one of "package" and "xml"',
}).openapi('VerifyRequest');

const Binary = z.string().openapi({ format: 'binary' });

// Exactly the keys of api/answers' RecordSummary, or the build fails.
const MatchedRecord = z.object({
  lookupCode: z.string(), status: z.enum(PUBLIC_STATUSES), lifecycle: z.enum(['valid', 'recalled', 'replaced']), locked: z.boolean(),
  lockDate: z.string(), effectiveFrom: z.string().nullable(), replacedBy: z.string().nullable(), replaces: z.string().nullable(),
  recalledAt: z.string().nullable(), recallReason: z.string().nullable(), schoolCode: z.string(), schoolName: z.string(),
  schoolYear: z.string(), grade: z.number().int(), studentName: z.string(), digest: z.string(), receivedAt: z.string(),
} satisfies Record<keyof RecordSummary, z.ZodType>).openapi('MatchedRecord', { description: 'The record the registry holds under the file\'s code: shown second, its own status.' });

const Overall = z.enum(PUBLIC_STATUSES).openapi({
  description: 'The ONE verdict on the uploaded file (SPEC §6 vocabulary). A valid file is only as good as the registered record it is; '
    + 'a file that differs from the registered one is not_found; a PDF takes the record\'s status only when it is genuine (pdf.genuine), '
    + 'is invalid when its seal fails, and indeterminate when it carries no seal.',
});

const VerifyAnswer = z.object({
  status: Overall,
  kind: z.enum(['document', 'not_a_record_file']),
  report: ReportSchema,
  match: z.enum(['identical', 'different', 'not_registered']).optional().openapi({
    description: 'identical: these exact bytes are registered; different: the registry holds another document under this lookup code.',
  }),
  record: MatchedRecord.optional(),
}).openapi('VerifyResult');

const PdfAnswer = z.object({
  status: Overall,
  kind: z.literal('pdf'),
  pdf: z.object({
    lookupCode: z.string().nullable().openapi({ description: 'Read from the PDF (its metadata, else its QR link or printed code); null when none was found.' }),
    copyNumber: z.number().int().nullable(),
    copy: z.object({ issuedAt: z.string() }).nullable().openapi({
      description: 'The registry\'s log of that copy number for that record; null when it never issued it (a copy made elsewhere, or altered).',
    }),
    refused: z.object({ code: z.string(), message: z.string() }).nullable().openapi({
      description: 'Why the PDF was not read (pdf_too_costly: over the byte, object or inflation caps; input_too_costly: over the time or '
        + 'memory budget), with what to do, in the request\'s language; null when it was read.',
    }),
    genuine: z.boolean().openapi({
      description: 'True ONLY when the registry\'s seal (PAdES) holds over the whole file, is one of the registry\'s seal certificates, '
        + 'and names a copy number the registry issued for that record.',
    }),
    seal: z.object({
      state: z.enum(['valid', 'none', 'broken', 'changed', 'foreign']).openapi({
        description: 'valid: the registry\'s seal holds over the whole file; none: no seal; broken: the seal does not match the file; '
          + 'changed: data outside the sealed bytes (appended update, second signature); foreign: a valid signature by someone else.',
      }),
      signer: z.string().nullable(),
      signedAt: z.string().nullable(),
      timeStampedAt: z.string().nullable(),
    }),
    reason: z.object({ code: z.string(), message: z.string() }).nullable().openapi({
      description: 'Why the PDF is not genuine (pdf_seal_missing, pdf_seal_broken, pdf_changed_after_seal, pdf_seal_foreign, pdf_copy_unknown), '
        + 'in the request\'s language; null when genuine or not read.',
    }),
  }),
  record: MatchedRecord.optional(),
}).openapi('VerifyPdfResult');

export function verifyRoutes(deps: Deps) {
  const route = createRoute({
    method: 'post',
    path: '/verify',
    summary: 'Check an XML, a package or a PDF copy: is it valid, and does it match a record in the registry?',
    description: 'Body: the raw bytes (application/octet-stream, application/xml, text/xml, text/plain, application/pdf) or JSON {"package"} / {"xml"}. '
      + 'A PDF copy answers which record and which logged copy it names and whether the registry\'s seal proves it (VerifyPdfResult).',
    middleware: publicGuards(deps, deps.limits.packageBodyBytes),
    request: {
      body: {
        required: false,
        content: {
          'application/json': { schema: UploadJson },
          'application/octet-stream': { schema: Binary },
          'application/xml': { schema: Binary },
          'text/xml': { schema: Binary },
          'text/plain': { schema: Binary },
          'application/pdf': { schema: Binary },
        },
      },
    },
    responses: {
      200: {
        description: 'The report and how it compares with the registry (for a PDF copy: the record and copy it names)',
        content: { 'application/json': { schema: z.union([VerifyAnswer, PdfAnswer]) } },
      },
      ...errorResponses(400, 413, 415, 429),
    },
  });

  return newRouter().openapi(route, async (c) => {
    const json = c.req.valid('json');
    const bytes = await uploadOf(c, typeof json === 'object' ? json : {}, deps.limits.packageBodyBytes);
    const started = performance.now();
    const answer = await deps.answers.checkUpload(bytes, { actor: `api:${requesterHash(c, deps)}` });
    deps.metrics.observe('hocba_verification_seconds', (performance.now() - started) / 1000, { kind: 'upload' });
    return c.json(toVerifyJson(answer, c.get('language') ?? 'vi'), 200);
  });
}

/** The upload answer of api/answers on the wire: the overall status first, the registered record as `record`. */
function toVerifyJson(answer: UploadAnswer, lang: Lang) {
  if (answer.kind === 'pdf') {
    const { refused, reason } = answer.pdf;
    const pdf = {
      ...answer.pdf,
      refused: refused ? { code: refused.code, message: publicMessageOf(refused, lang) } : null,
      reason: reason ? { code: reason.code, message: publicMessageOf(reason, lang) } : null,
    };
    return { status: answer.status, kind: answer.kind, pdf, ...(answer.registered ? { record: answer.registered } : {}) };
  }
  if (answer.kind === 'not_a_record_file') return { status: answer.status, kind: answer.kind, report: answer.report };
  return { status: answer.status, kind: answer.kind, report: answer.report, match: answer.match, ...(answer.registered ? { record: answer.registered } : {}) };
}

/** `json` is the validated JSON body, or `{}` when the body is raw bytes. */
async function uploadOf(c: Context<AppEnv>, json: { package?: string; xml?: string }, maxBytes: number): Promise<Uint8Array> {
  const type = c.req.header('content-type') ?? '';
  let bytes: Uint8Array;
  if (/^application\/([a-z.-]+\+)?json/i.test(type)) {
    const body = json;
    bytes = body.xml !== undefined ? Buffer.from(body.xml, 'utf8') : Buffer.from(body.package ?? '', 'latin1');
  } else {
    bytes = await readRawBody(c, maxBytes);
  }
  if (bytes.length === 0) throw new ApiError(400, 'invalid_request', { path: 'body', params: { detail: 'empty' } });
  return bytes;
}
