// POST /verify (SPEC §5): check an uploaded XML or package with the engine, then against the registry:
// is this exact document the one registered under its lookup code, and is that record in force?
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { RecordView, Report } from '../../index.ts';
import { ApiError } from '../api-error.ts';
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

export function verifyRoutes(deps: Deps) {
  const route = createRoute({
    method: 'post',
    path: '/verify',
    summary: 'Check an XML or a package: is it valid, and does it match a record in the registry?',
    description: 'Body: the raw bytes (application/octet-stream, application/xml, text/xml, text/plain) or JSON {"package"} / {"xml"}.',
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
        },
      },
    },
    responses: {
      200: { description: 'The report and how it compares with the registry', content: { 'application/json': { schema: VerifyAnswer } } },
      ...errorResponses(400, 413, 415, 429),
    },
  });

  return newRouter().openapi(route, async (c) => {
    const json = c.req.valid('json');
    const bytes = await uploadOf(c, typeof json === 'object' ? json : {});
    const started = performance.now();
    const now = deps.clock();
    const { record: _content, ...report } = await deps.verifyUpload(bytes, now);
    deps.metrics.observe('hocba_verification_seconds', (performance.now() - started) / 1000, { kind: 'upload' });
    return c.json({ report, ...(await matchRecord(deps, report, now)) }, 200);
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
  // PDF work (api/render): a PDF copy will be read for its lookup code and copy number here.
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') throw new ApiError(415, 'upload_unsupported');
  return bytes;
}

async function matchRecord(deps: Deps, report: Omit<Report, 'record'>, now: Date) {
  let view: RecordView | null = report.lookupCode ? await deps.registry.getRecord(report.lookupCode, { now }) : null;
  if (!view) {
    // Content that could not be read may still be a registered document: the digest finds it.
    const [code] = await deps.registry.findByDigest(report.digest);
    if (code) view = await deps.registry.getRecord(code, { now });
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
