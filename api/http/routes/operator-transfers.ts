// Transfers for operators (DOMAIN.md "The registry"): the Sở records that a student's records pass to another school,
// lists transfers, and recalls or replaces a record whose student moved away (its school no longer may). Every
// change is journaled as `operator:<username>`.
import { createRoute, z } from '@hono/zod-openapi';
import type { Transfer } from '../../index.ts';
import { Base64Package, CodeParams, RecordAnswer } from '../schemas.ts';
import type { Deps } from '../types.ts';
import { errorResponses, lookupCodeOf, newRouter, operatorActor, operatorGuards, packageResultResponses, jsonBody } from './common.ts';
import { toRecordAnswer } from './record-answer.ts';

const SchoolCode = z.string().regex(/^\d{8}$/).openapi({ example: '01001001', description: 'Mã trường: 8 digits.' });
// The format is the registry's to judge (student_code_invalid, with the value): a bounded string here.
const StudentCode = z.string().min(1).max(40).openapi({ example: '0100123456', description: 'MaHocSinh: the Ministry\'s 10-digit student code.' });
const Reason = z.string().min(1).max(2000).openapi({ description: 'Why; journaled (the public log holds only its SHA-256).' });

export const TransferSchema = z.object({
  id: z.number().int(), studentCode: z.string(), fromSchool: z.string(), toSchool: z.string(),
  effectiveDate: z.string().openapi({ description: 'ISO date the student moved.' }), reason: z.string(),
  recordedAt: z.string().openapi({ format: 'date-time' }), recordedBy: z.string(),
  records: z.array(z.string()).optional().openapi({ description: "On the answer to a new transfer: the student's records then (every school's)." }),
}).openapi('Transfer');

const TransferBody = z.object({
  studentCode: StudentCode, fromSchool: SchoolCode, toSchool: SchoolCode,
  effectiveDate: z.string().max(40).openapi({ example: '2026-01-12', description: 'YYYY-MM-DD, not in the future, not before the previous transfer.' }),
  reason: Reason,
}).strict().openapi('TransferRequest');
const ListQuery = z.object({ student: z.string().regex(/^\d{10}$/).optional(), school: SchoolCode.optional() });
const RecallBody = z.object({ reason: Reason }).strict().openapi('OperatorRecallRequest');
const ReplaceBody = z.object({ package: Base64Package }).strict().openapi('OperatorReplaceRequest');

export const transferToWire = ({ records, ...transfer }: Transfer) => ({
  ...transfer, recordedAt: transfer.recordedAt.toISOString(), ...(records === undefined ? {} : { records: [...records] }),
});

export function operatorTransferRoutes(deps: Deps) {
  const { registry, limits } = deps;
  const security = [{ operatorToken: [] }];
  const list = createRoute({
    method: 'get', path: '/operator/transfers', security, middleware: operatorGuards(deps),
    summary: 'Transfers (of one student, and/or from or to one school), oldest first',
    request: { query: ListQuery },
    responses: { 200: { description: 'Transfers', content: { 'application/json': { schema: z.object({ transfers: z.array(TransferSchema) }) } } }, ...errorResponses(400, 401, 429) },
  });
  const add = createRoute({
    method: 'post', path: '/operator/transfers', security, middleware: operatorGuards(deps, limits.smallBodyBytes),
    summary: "Record a transfer: from now on only `toSchool` pushes the student's new records; the sending school's records stay as signed",
    request: { body: jsonBody(TransferBody) },
    responses: {
      201: { description: 'Recorded (journaled, and logged without the student or the receiving school)', content: { 'application/json': { schema: TransferSchema } } },
      ...errorResponses(400, 401, 404, 409, 413, 415, 429),
    },
  });
  const recall = createRoute({
    method: 'post', path: '/operator/records/{code}/recall', security, middleware: operatorGuards(deps, limits.smallBodyBytes),
    summary: 'Recall, before its lock date, a record whose student moved away from its school (record_not_transferred otherwise)',
    request: { params: CodeParams, body: jsonBody(RecallBody) },
    responses: { 200: { description: 'The record, now recalled', content: { 'application/json': { schema: RecordAnswer } } }, ...errorResponses(400, 401, 404, 409, 413, 415, 429) },
  });
  const replace = createRoute({
    method: 'post', path: '/operator/records/{code}/replace', security, middleware: operatorGuards(deps, limits.packageBodyBytes),
    summary: 'Replace, before its lock date, a record whose student moved away: the successor is signed by the record\'s school and passes every check of a push',
    request: { params: CodeParams, body: jsonBody(ReplaceBody) },
    responses: { ...packageResultResponses, ...errorResponses(400, 401, 404, 409, 413, 415, 429) },
  });

  return newRouter()
    .openapi(list, async (c) => {
      const query = c.req.valid('query');
      const transfers = await registry.listTransfers({
        ...(query.student ? { studentCode: query.student } : {}), ...(query.school ? { schoolCode: query.school } : {}),
      });
      return c.json({ transfers: transfers.map(transferToWire) }, 200);
    })
    .openapi(add, async (c) => {
      const recorded = await registry.recordTransfer(c.req.valid('json'), { now: deps.clock(), actor: operatorActor(c) });
      return c.json(transferToWire(recorded), 201);
    })
    .openapi(recall, async (c) => {
      const code = lookupCodeOf(c.req.valid('param').code);
      const view = await registry.recallTransferredRecord(code, c.req.valid('json').reason, { now: deps.clock(), actor: operatorActor(c) });
      deps.metrics.count('hocba_corrections_total', { kind: 'recall' });
      return c.json(toRecordAnswer(view), 200);
    })
    .openapi(replace, async (c) => {
      const code = lookupCodeOf(c.req.valid('param').code);
      const result = await registry.replaceTransferredRecord(code, c.req.valid('json').package, { now: deps.clock(), actor: operatorActor(c) });
      if (result.status === 'rejected') return c.json(result, 422);
      deps.metrics.count('hocba_corrections_total', { kind: 'replace' });
      return c.json(result, 201);
    });
}
