// The operator's side of forwarding on a province registry (issue 19): start a run to the configured national
// store (`serve --forward-to`), and read what is still unforwarded for each of the year's report deadlines.
import { createRoute, z } from '@hono/zod-openapi';
import { schoolYearInProgress } from '../../index.ts';
import { ApiError } from '../api-error.ts';
import type { Deps, ForwardRuns } from '../types.ts';
import { errorResponses, newRouter, operatorActor, operatorGuards } from './common.ts';

const Deadline = z.object({
  kind: z.enum(['completed', 'supplementary']), date: z.string(), records: z.number(), unforwarded: z.number(), pendingChanges: z.number(),
});
const State = z.object({
  running: z.boolean(), startedBy: z.string().nullable().openapi({ description: 'Who started the run in progress: `operator:<name>`, or `operator:forward` for the schedule.' }), target: z.string(),
  progress: z.object({ sent: z.number(), total: z.number(), lastSequence: z.number() }).nullable(),
  lastRun: z.object({
    finishedAt: z.string(), startedBy: z.string(), ok: z.boolean(), sent: z.number(), lastSequence: z.number(), error: z.string().nullable(),
    issue: z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }).nullable()
      .openapi({ description: 'The error as a coded issue (forward_upstream_failed with url, detail, code), when it is one.' }),
    refused: z.object({ sequence: z.number(), lookupCode: z.string().nullable(), codes: z.array(z.string()) }).nullable(),
  }).nullable(),
  status: z.object({ schoolYear: z.string(), forwardedThrough: z.number(), deadlines: z.array(Deadline) }),
}).openapi('ForwardState');

export function operatorForwardRoutes(deps: Deps) {
  const read = createRoute({
    method: 'get', path: '/operator/forward', security: [{ operatorToken: [] }], middleware: operatorGuards(deps),
    summary: 'Forwarding to the national store: the run in progress or the last one, and what is unforwarded per deadline',
    request: { query: z.object({ schoolYear: z.string().regex(/^\d{4}-\d{4}$/).optional().openapi({ description: 'Default: the year in progress.' }) }) },
    responses: { 200: { description: 'State', content: { 'application/json': { schema: State } } }, ...errorResponses(400, 401, 429, 503) },
  });
  const start = createRoute({
    method: 'post', path: '/operator/forward', security: [{ operatorToken: [] }], middleware: operatorGuards(deps),
    summary: "Start a forwarding run in the background (202), journaled under the operator's name, or 409 forward_running while one runs",
    responses: { 202: { description: 'Started', content: { 'application/json': { schema: State } } }, ...errorResponses(401, 409, 429, 503) },
  });
  const runs = (): ForwardRuns => {
    if (!deps.forwardRuns) throw new ApiError(503, 'forward_not_configured');
    return deps.forwardRuns;
  };
  const stateOf = async (forward: ForwardRuns, schoolYear: string) => ({
    ...forward.state(), status: await deps.registry.forwarding.status(schoolYear, forward.target),
  });
  return newRouter()
    .openapi(read, async (c) => {
      const schoolYear = c.req.valid('query').schoolYear ?? schoolYearInProgress(deps.clock());
      return c.json(await stateOf(runs(), schoolYear), 200);
    })
    .openapi(start, async (c) => {
      const forward = runs();
      // Its batches are journaled under this operator's name.
      if (!forward.start(operatorActor(c))) throw new ApiError(409, 'forward_running');
      return c.json(await stateOf(forward, schoolYearInProgress(deps.clock())), 202);
    });
}
