// A national instance's routes (issue 19): a province asks how far its stream is applied, and sends the next batch.
// Mounted only in national mode (`hocba serve --national`); a province token reaches nothing else.
import { createRoute, z } from '@hono/zod-openapi';
import { FORWARD_LIMITS } from '../../index.ts';
import { limitBody } from '../middleware/body-limit.ts';
import { errorBody } from '../error-handler.ts';
import { parseJsonBody, validated } from '../json-body.ts';
import type { Deps } from '../types.ts';
import { errorResponses, newRouter, jsonBody } from './common.ts';

const Sequence = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Instant = z.string().datetime({ offset: true }).max(40);
const Code = z.string().regex(/^[0-9A-F]{32}$/);
const SchoolCode = z.string().regex(/^[0-9]{8}$/);
const SchoolName = z.string().min(1).max(300);
const RecordFields = {
  sequence: Sequence, at: Instant, lookupCode: Code,
  schoolCode: SchoolCode, schoolName: SchoolName,
  receiptId: z.string().uuid(), receivedAt: Instant,
  // 2 MB of package text at most, as a school's push (the batch's total is bounded by the body limit).
  package: z.string().min(1).max(2 * 1024 * 1024 + 1024),
  seal: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
};
const Item = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('accept'), ...RecordFields }).strict(),
  z.object({ kind: z.literal('replace'), ...RecordFields, replaces: Code }).strict(),
  z.object({ kind: z.literal('recall'), sequence: Sequence, at: Instant, lookupCode: Code, reason: z.string().min(1).max(2000) }).strict(),
  z.object({ kind: z.literal('lock'), sequence: Sequence, at: Instant, schoolYear: z.string().regex(/^[0-9]{4}-[0-9]{4}$/), main: z.string().max(10), supplementary: z.string().max(10) }).strict(),
  z.object({
    kind: z.literal('transfer'), sequence: Sequence, at: Instant, studentCode: z.string().regex(/^[0-9]{10}$/),
    fromSchool: SchoolCode, fromSchoolName: SchoolName, toSchool: SchoolCode, toSchoolName: SchoolName,
    effectiveDate: z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/), reason: z.string().min(1).max(2000),
  }).strict(),
]);
const Batch = z.object({ after: Sequence, items: z.array(Item).min(1).max(FORWARD_LIMITS.maxItems) }).strict().openapi('ForwardBatch');
const Refusal = z.object({
  sequence: z.number(), lookupCode: z.string().nullable(),
  errors: z.array(z.object({ code: z.string(), message: z.string(), path: z.string().optional() })),
});
const Ack = z.object({
  province: z.string(), lastSequence: z.number(), applied: z.number(), repeated: z.number(), refused: Refusal.nullable(),
}).openapi('ForwardAck');
const Cursor = z.object({ province: z.string(), lastSequence: z.number() }).openapi('ForwardCursor');
const BATCH_REF = { $ref: '#/components/schemas/ForwardBatch' };

export function nationalRoutes(deps: Deps) {
  const { registry } = deps;
  const guards = [deps.guards.province, deps.guards.schoolRate];
  const cursor = createRoute({
    method: 'get',
    path: '/national/cursor',
    summary: "How far the calling province's stream is applied here (a forwarder asks first)",
    security: [{ provinceToken: [] }],
    middleware: guards,
    responses: { 200: { description: 'The last sequence applied (0: none)', content: { 'application/json': { schema: Cursor } } }, ...errorResponses(401, 429) },
  });
  const batch = createRoute({
    method: 'post',
    path: '/national/batches',
    summary: "Apply the next batch of the calling province's stream",
    description: `At most ${FORWARD_LIMITS.maxItems} items and ${FORWARD_LIMITS.maxBodyBytes} bytes. Items at or below the cursor change `
      + 'nothing; a batch that follows a sequence above the cursor is `forward_gap` (409). Every package is verified again with this '
      + "instance's trust list; the first refused item stops the batch (422 `forward_item_refused`, with what was applied before it).",
    security: [{ provinceToken: [] }],
    middleware: [...guards, limitBody(FORWARD_LIMITS.maxBodyBytes)],
    request: { body: jsonBody(BATCH_REF) },
    responses: {
      200: { description: 'Applied', content: { 'application/json': { schema: Ack } } },
      422: { description: 'An item refused (forward_item_refused): the ack says what was applied before it', content: { 'application/json': { schema: Ack } } },
      ...errorResponses(400, 401, 403, 409, 413, 415, 429),
    },
  });
  const router = newRouter();
  router.openAPIRegistry.register('ForwardBatch', Batch);
  return router
    .openapi(cursor, async (c) => {
      const province = c.get('provinceCode');
      return c.json({ province, lastSequence: await registry.forwarding.cursor(province) }, 200);
    })
    .openapi(batch, async (c) => {
      const body = validated(Batch, await parseJsonBody(c.req.raw.body, FORWARD_LIMITS.maxBodyBytes));
      const ack = await registry.forwarding.receive(c.get('provinceCode'), body, deps.clock());
      deps.metrics.count('hocba_forward_items_total', { outcome: 'applied' }, ack.applied);
      if (!ack.refused) return c.json(ack, 200);
      const wire = { status: 422 as const, code: 'forward_item_refused' as const, params: {
        sequence: ack.refused.sequence, lookupCode: ack.refused.lookupCode ?? '-', lastSequence: ack.lastSequence,
        codes: ack.refused.errors.map((found) => found.code).join(', '),
      } };
      return c.json({ ...errorBody(c, wire), ...ack }, 422);
    });
}
