// Schools push packages and read their own records (SPEC §5 POST /packages, GET /packages/{code}).
import { createRoute, z } from '@hono/zod-openapi';
import type { PackageResult } from '../../index.ts';
import { ApiError } from '../api-error.ts';
import { JSON_TYPE, parseJsonBody, validated } from '../json-body.ts';
import type { JsonStreamWork } from '../json-stream.ts';
import { Base64Package, CodeParams, OwnRecordAnswer, PackageResult as PackageResultSchema } from '../schemas.ts';
import type { Deps } from '../types.ts';
import { errorResponses, lookupCodeOf, newRouter, packageResultResponses, schoolGuards, jsonBody } from './common.ts';
import { toRecordAnswer } from './record-answer.ts';

const PushBody = z.object({
  package: Base64Package.optional().openapi({ description: 'One package: answered 201 (accepted) or 422 (rejected).' }),
  packages: z.array(Base64Package).optional().openapi({ description: 'A batch: answered 200, one result per package, in order.' }),
}).strict().refine((body) => (body.package === undefined) !== (body.packages === undefined), {
  message: 'give exactly one of "package" and "packages"',
}).openapi('PushRequest');

/**
 * The body is documented by reference, not as a zod schema, so no validator reads it whole with `c.req.json()`
 * before the handler: the handler streams it (json-stream.ts) and then checks it against PushBody (issue 11).
 */
const PUSH_BODY_REF = { $ref: '#/components/schemas/PushRequest' };
export function packageRoutes(deps: Deps) {
  const { registry, limits, metrics } = deps;
  const push = createRoute({
    method: 'post',
    path: '/packages',
    summary: 'Push one package (201 / 422) or a batch (200)',
    description: `Body \`{"package"}\` or \`{"packages": [...]}\`, at most ${limits.packagesPerBatch} packages and `
      + `${limits.pushBodyBytes} bytes per request. The same bytes again return the same receipt.`,
    security: [{ schoolToken: [] }],
    middleware: schoolGuards(deps, limits.pushBodyBytes),
    request: { body: jsonBody(PUSH_BODY_REF) },
    responses: {
      200: { description: 'A batch: one result per package, in order', content: { 'application/json': { schema: z.object({ results: z.array(PackageResultSchema) }) } } },
      ...packageResultResponses,
      ...errorResponses(400, 401, 413, 415, 429),
    },
  });
  const own = createRoute({
    method: 'get',
    path: '/packages/{code}',
    summary: "The school's view of one of its records (with its receipt)",
    security: [{ schoolToken: [] }],
    middleware: schoolGuards(deps),
    request: { params: CodeParams },
    responses: {
      200: { description: 'The record', content: { 'application/json': { schema: OwnRecordAnswer } } },
      ...errorResponses(400, 401, 403, 404, 429),
    },
  });

  const count = (results: PackageResult[], seconds: number) => {
    for (const result of results) {
      metrics.count('hocba_packages_total', result.status === 'accepted'
        ? { outcome: 'accepted' }
        : { outcome: 'rejected', code: result.errors[0]?.code ?? 'unknown' });
    }
    metrics.observe('hocba_ingest_seconds', seconds, { kind: results.length === 1 ? 'single' : 'batch' });
  };
  const submit = async (schoolCode: string, packages: string[]) => {
    const started = performance.now();
    const results = await registry.submitPackages(schoolCode, packages, deps.clock());
    count(results, (performance.now() - started) / 1000);
    return results;
  };

  const router = newRouter();
  router.openAPIRegistry.register('PushRequest', PushBody);
  return router
    .openapi(push, async (c) => {
      const body = await readPushBody(c.req.header('content-type') ?? '', c.req.raw.body, limits.pushBodyBytes, deps.pushBodyWork);
      if (body.package !== undefined) {
        const [result] = await submit(c.get('schoolCode'), [body.package]);
        if (result!.status === 'accepted') return c.json(result!, 201);
        return c.json(result!, 422);
      }
      const packages = body.packages ?? [];
      if (packages.length > limits.packagesPerBatch) {
        throw new ApiError(413, 'batch_too_large', { path: 'packages', params: { count: packages.length, limit: limits.packagesPerBatch } });
      }
      return c.json({ results: await submit(c.get('schoolCode'), packages) }, 200);
    })
    .openapi(own, async (c) => {
      const code = lookupCodeOf(c.req.valid('param').code);
      const view = await registry.getOwnRecord(c.get('schoolCode'), code, deps.clock());
      if (!view) throw new ApiError(404, 'not_found', { params: { lookupCode: code } });
      return c.json({ ...toRecordAnswer(view), receipt: view.receipt }, 200);
    });
}

/**
 * The push body, read as it streams in (the event loop keeps answering others while a 31 MB batch arrives), then
 * held to PushBody: the answers the validator gave — `415 unsupported_media_type` for another declared type or a
 * body without one, `invalid_request` for malformed JSON or a wrong shape, `body_too_large` past the cap; no body
 * at all is `{}` (refused by PushBody's rule).
 */
async function readPushBody(type: string, stream: ReadableStream<Uint8Array> | null, maxBytes: number, work?: JsonStreamWork) {
  if (type !== '' && !JSON_TYPE.test(type)) throw new ApiError(415, 'unsupported_media_type');
  if (type === '' && stream && await hasBytes(stream)) throw new ApiError(415, 'unsupported_media_type');
  return validated(PushBody, type === '' ? {} : await parseJsonBody(stream, maxBytes, work));
}

/** Whether a body without a declared type has any bytes (only its first chunk is read). */
async function hasBytes(stream: ReadableStream<Uint8Array>): Promise<boolean> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      if (value.length > 0) return true;
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
}
