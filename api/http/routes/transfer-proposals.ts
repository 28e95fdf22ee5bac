// Transfers a school arranges (issue 19): the sending school proposes with its token, the receiving school confirms
// with its own (then the transfer is recorded as an operator's would be) and either may cancel. Translation only:
// who may do what is the registry's (api/registry/transfer-proposals.ts).
import { createRoute, z } from '@hono/zod-openapi';
import type { TransferProposal } from '../../index.ts';
import type { Deps } from '../types.ts';
import { errorResponses, jsonBody, newRouter, schoolGuards } from './common.ts';
import { TransferSchema, transferToWire } from './operator-transfers.ts';

const ProposalSchema = z.object({
  id: z.number().int(), studentCode: z.string(), fromSchool: z.string(), toSchool: z.string(),
  effectiveDate: z.string().openapi({ description: 'ISO date the student moved.' }), reason: z.string(),
  proposedAt: z.string().openapi({ format: 'date-time' }),
  status: z.enum(['pending', 'confirmed', 'cancelled']),
  settledAt: z.string().nullable().openapi({ format: 'date-time' }),
  settledBy: z.string().nullable().openapi({ description: 'The school that confirmed or cancelled.' }),
  transferId: z.number().int().nullable().openapi({ description: 'The transfer its confirmation recorded.' }),
}).openapi('TransferProposal');

const ProposalBody = z.object({
  // The format is the registry's to judge (student_code_invalid, with the value): a bounded string here.
  studentCode: z.string().min(1).max(40).openapi({ example: '0100123456', description: 'MaHocSinh of a student this school manages.' }),
  toSchool: z.string().regex(/^\d{8}$/).openapi({ example: '01001002', description: 'The receiving school (Mã trường).' }),
  effectiveDate: z.string().max(40).openapi({ example: '2026-01-12', description: 'YYYY-MM-DD, not in the future, not before the previous transfer.' }),
  reason: z.string().min(1).max(2000).openapi({ description: 'Why; journaled (the public log holds only its SHA-256 once confirmed).' }),
}).strict().openapi('TransferProposalRequest');

const IdParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).openapi({ param: { name: 'id', in: 'path' }, example: 12 }) });

const toWire = (proposal: TransferProposal) => ({
  ...proposal, proposedAt: proposal.proposedAt.toISOString(), settledAt: proposal.settledAt?.toISOString() ?? null,
});

export function transferProposalRoutes(deps: Deps) {
  const { registry, limits } = deps;
  const security = [{ schoolToken: [] }];
  const list = createRoute({
    method: 'get', path: '/transfer-proposals', security, middleware: schoolGuards(deps),
    summary: 'The transfer proposals this school sent or received, newest first',
    responses: { 200: { description: 'Proposals', content: { 'application/json': { schema: z.object({ proposals: z.array(ProposalSchema) }) } } }, ...errorResponses(401, 429) },
  });
  const propose = createRoute({
    method: 'post', path: '/transfer-proposals', security, middleware: schoolGuards(deps, limits.smallBodyBytes),
    summary: 'Propose to transfer a student this school manages to another school; nothing changes until that school confirms',
    request: { body: jsonBody(ProposalBody) },
    responses: {
      201: { description: 'Proposed (journaled)', content: { 'application/json': { schema: ProposalSchema } } },
      ...errorResponses(400, 401, 404, 409, 413, 415, 429),
    },
  });
  const confirm = createRoute({
    method: 'post', path: '/transfer-proposals/{id}/confirm', security, middleware: schoolGuards(deps),
    summary: "The receiving school confirms: from now on it manages the student's records (a transfer, journaled under this school)",
    request: { params: IdParams },
    responses: {
      200: { description: 'Confirmed, with the transfer recorded', content: { 'application/json': { schema: z.object({ proposal: ProposalSchema, transfer: TransferSchema }) } } },
      ...errorResponses(400, 401, 403, 404, 409, 429),
    },
  });
  const cancel = createRoute({
    method: 'post', path: '/transfer-proposals/{id}/cancel', security, middleware: schoolGuards(deps),
    summary: 'Either school cancels a pending proposal',
    request: { params: IdParams },
    responses: { 200: { description: 'Cancelled (journaled)', content: { 'application/json': { schema: ProposalSchema } } }, ...errorResponses(400, 401, 404, 409, 429) },
  });

  return newRouter()
    .openapi(list, async (c) => c.json({ proposals: (await registry.listTransferProposals(c.get('schoolCode'))).map(toWire) }, 200))
    .openapi(propose, async (c) => c.json(toWire(await registry.proposeTransfer(c.get('schoolCode'), c.req.valid('json'), deps.clock())), 201))
    .openapi(confirm, async (c) => {
      const done = await registry.confirmTransferProposal(c.get('schoolCode'), c.req.valid('param').id, deps.clock());
      return c.json({ proposal: toWire(done.proposal), transfer: transferToWire(done.transfer) }, 200);
    })
    .openapi(cancel, async (c) => c.json(toWire(await registry.cancelTransferProposal(c.get('schoolCode'), c.req.valid('param').id, deps.clock())), 200));
}
