// POST /verify (SPEC §5): check an uploaded XML or package with the engine, then against the registry:
// is this exact document the one registered under its lookup code, and is that record in force? A PDF copy is
// not a signed document: its lookup code and copy number only say which record and which logged copy to show.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { isPdf, readPdfCopy, type RecordView, type Report } from '../../index.ts';
import { ApiError } from '../api-error.ts';
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

const MatchedRecord = z.object({
  lookupCode: z.string(), status: z.enum(['valid', 'recalled', 'replaced']), locked: z.boolean(), lockDate: z.string(),
  effectiveFrom: z.string().nullable(), replacedBy: z.string().nullable(), replaces: z.string().nullable(),
  recalledAt: z.string().nullable(), recallReason: z.string().nullable(), schoolCode: z.string(), schoolName: z.string(),
  schoolYear: z.string(), grade: z.number().int(), digest: z.string(), receivedAt: z.string(),
}).openapi('MatchedRecord');

const VerifyAnswer = z.object({
  report: ReportSchema,
  match: z.enum(['identical', 'different', 'not_registered']).openapi({
    description: 'identical: these exact bytes are registered; different: the registry holds another document under this lookup code.',
  }),
  record: MatchedRecord.optional(),
}).openapi('VerifyResult');

const PdfAnswer = z.object({
  pdf: z.object({
    lookupCode: z.string().nullable().openapi({ description: 'Read from the PDF (its metadata, else its QR link or printed code); null when none was found.' }),
    copyNumber: z.number().int().nullable(),
    copy: z.object({ issuedAt: z.string() }).nullable().openapi({
      description: 'The registry\'s log of that copy number for that record; null when it never issued it (a copy made elsewhere, or altered).',
    }),
  }),
  match: z.enum(['registered', 'not_registered']).openapi({
    description: 'A PDF proves nothing by itself: registered only says the code names a record here; its status is in `record`.',
  }),
  record: MatchedRecord.optional(),
}).openapi('VerifyPdfResult');

export function verifyRoutes(deps: Deps) {
  const route = createRoute({
    method: 'post',
    path: '/verify',
    summary: 'Check an XML, a package or a PDF copy: is it valid, and does it match a record in the registry?',
    description: 'Body: the raw bytes (application/octet-stream, application/xml, text/xml, text/plain, application/pdf) or JSON {"package"} / {"xml"}. '
      + 'A PDF copy answers which record and which logged copy it names (VerifyPdfResult), not a signature report.',
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
    const bytes = await uploadOf(c, typeof json === 'object' ? json : {});
    const now = deps.clock();
    const actor = `api:${requesterHash(c, deps)}`;
    if (isPdf(bytes)) return c.json(await checkPdfCopy(deps, bytes, now, actor), 200);
    const started = performance.now();
    const { record: _content, ...report } = await deps.verifyUpload(bytes, now);
    deps.metrics.observe('hocba_verification_seconds', (performance.now() - started) / 1000, { kind: 'upload' });
    return c.json({ report, ...(await matchRecord(deps, report, now, actor)) }, 200);
  });
}

/** `json` is the validated JSON body, or `{}` when the body is raw bytes. */
async function uploadOf(c: Context<AppEnv>, json: { package?: string; xml?: string }): Promise<Uint8Array> {
  const type = c.req.header('content-type') ?? '';
  let bytes: Uint8Array;
  if (/^application\/([a-z.-]+\+)?json/i.test(type)) {
    const body = json;
    bytes = body.xml !== undefined ? Buffer.from(body.xml, 'utf8') : Buffer.from(body.package ?? '', 'latin1');
  } else {
    bytes = new Uint8Array(await c.req.arrayBuffer());
  }
  if (bytes.length === 0) throw new ApiError(400, 'invalid_request', { path: 'body', params: { detail: 'empty upload' } });
  return bytes;
}

async function checkPdfCopy(deps: Deps, bytes: Uint8Array, now: Date, actor: string) {
  const facts = await readPdfCopy(bytes);
  const view = facts.code ? await deps.registry.getRecord(facts.code, { now, actor }) : null;
  const copy = view && facts.copyNumber !== null ? await deps.registry.findCopy(view.lookupCode, facts.copyNumber) : null;
  const pdf = { lookupCode: facts.code, copyNumber: facts.copyNumber, copy: copy ? { issuedAt: copy.issuedAt } : null };
  return view ? { pdf, match: 'registered' as const, record: toMatchedRecord(view) } : { pdf, match: 'not_registered' as const };
}

async function matchRecord(deps: Deps, report: Omit<Report, 'record'>, now: Date, actor: string) {
  let view: RecordView | null = report.lookupCode ? await deps.registry.getRecord(report.lookupCode, { now, actor }) : null;
  if (!view) {
    // Content that could not be read may still be a registered document: the digest finds it.
    const [code] = await deps.registry.findByDigest(report.digest);
    if (code) view = await deps.registry.getRecord(code, { now, actor });
  }
  if (!view) return { match: 'not_registered' as const };
  return { match: view.digest === report.digest ? 'identical' as const : 'different' as const, record: toMatchedRecord(view) };
}

function toMatchedRecord(view: RecordView) {
  return {
    lookupCode: view.lookupCode, status: view.status, locked: view.locked, lockDate: view.lockDate,
    effectiveFrom: view.effectiveFrom, replacedBy: view.replacedBy, replaces: view.replaces, recalledAt: view.recalledAt,
    recallReason: view.recallReason, schoolCode: view.schoolCode, schoolName: view.schoolName, schoolYear: view.schoolYear,
    grade: view.grade, digest: view.digest, receivedAt: view.receivedAt,
  };
}
