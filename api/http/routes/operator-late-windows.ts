// Late windows for operators (SPEC §8, §5 Operators): after a school year's lock the Sở lets one school push new
// records of that year until a date, with a reason; list, open, close. Every change is journaled as `operator:<username>`.
import { createRoute, z } from '@hono/zod-openapi';
import type { LateWindow } from '../../index.ts';
import type { Deps } from '../types.ts';
import { errorResponses, newRouter, operatorActor, operatorGuards, jsonBody } from './common.ts';

const SchoolCode = z.string().regex(/^\d{8}$/).openapi({ example: '01001001', description: 'Mã trường: 8 digits.' });
const SchoolYear = z.string().regex(/^\d{4}-\d{4}$/).openapi({ example: '2024-2025' });
const Reason = z.string().min(1).max(2000).openapi({ description: 'Why; journaled.' });

const Window = z.object({
  id: z.number().int(), schoolCode: z.string(), schoolYear: z.string(),
  until: z.string().openapi({ description: 'ISO date: open to the end of that day, Vietnam time.' }),
  reason: z.string(), openedAt: z.string().openapi({ format: 'date-time' }), openedBy: z.string(),
  closedAt: z.string().nullable(), closedBy: z.string().nullable(), closeReason: z.string().nullable(),
  open: z.boolean().openapi({ description: 'Open now.' }),
}).openapi('LateWindow');

const OpenBody = z.object({
  schoolCode: SchoolCode, schoolYear: SchoolYear,
  until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ example: '2026-12-10' }), reason: Reason,
}).strict().openapi('OpenLateWindowRequest');
const CloseBody = z.object({ schoolCode: SchoolCode, schoolYear: SchoolYear, reason: Reason }).strict().openapi('CloseLateWindowRequest');
const ListQuery = z.object({ school: SchoolCode.optional(), year: SchoolYear.optional() });

const toWire = (window: LateWindow) => ({
  ...window, openedAt: window.openedAt.toISOString(), closedAt: window.closedAt?.toISOString() ?? null,
});

export function operatorLateWindowRoutes(deps: Deps) {
  const { registry, limits } = deps;
  const security = [{ operatorToken: [] }];
  const windowBody = (description: string) => ({ description, content: { 'application/json': { schema: Window } } });
  const list = createRoute({
    method: 'get', path: '/operator/late-windows', security, middleware: operatorGuards(deps),
    summary: 'Late windows, open and past (optionally of one school and/or year), oldest first',
    request: { query: ListQuery },
    responses: { 200: { description: 'Windows', content: { 'application/json': { schema: z.object({ windows: z.array(Window) }) } } }, ...errorResponses(400, 401, 429) },
  });
  const open = createRoute({
    method: 'post', path: '/operator/late-windows', security, middleware: operatorGuards(deps, limits.smallBodyBytes),
    summary: "Open a late window: the school may push new records of a locked year until the end of `until` (each in force from its acceptance)",
    request: { body: jsonBody(OpenBody) },
    responses: { 201: windowBody('Opened'), ...errorResponses(400, 401, 404, 409, 413, 415, 422, 429) },
  });
  const close = createRoute({
    method: 'post', path: '/operator/late-windows/close', security, middleware: operatorGuards(deps, limits.smallBodyBytes),
    summary: 'Close the open late window of a school and year',
    request: { body: jsonBody(CloseBody) },
    responses: { 200: windowBody('Closed'), ...errorResponses(400, 401, 404, 413, 415, 429) },
  });

  return newRouter()
    .openapi(list, async (c) => {
      const query = c.req.valid('query');
      const windows = await registry.listLateWindows({
        now: deps.clock(), ...(query.school ? { schoolCode: query.school } : {}), ...(query.year ? { schoolYear: query.year } : {}),
      });
      return c.json({ windows: windows.map(toWire) }, 200);
    })
    .openapi(open, async (c) => {
      const opened = await registry.openLateWindow(c.req.valid('json'), { now: deps.clock(), actor: operatorActor(c) });
      return c.json(toWire(opened), 201);
    })
    .openapi(close, async (c) => {
      const body = c.req.valid('json');
      const closed = await registry.closeLateWindow(body.schoolCode, body.schoolYear, body.reason, { now: deps.clock(), actor: operatorActor(c) });
      return c.json(toWire(closed), 200);
    });
}
