// Operations: GET /healthz answers when the database answers; GET /metrics in Prometheus text format.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { newRouter } from './common.ts';

// A database that does not answer within this time counts as down: a load balancer must not wait on it.
const PING_TIMEOUT_MS = 3000;

export function healthRoutes(deps: Deps) {
  const health = createRoute({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness and readiness: 200 when the database answers',
    responses: {
      200: { description: 'Healthy', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } },
      503: { description: 'The database does not answer', content: { 'application/json': { schema: z.object({ status: z.literal('unavailable') }) } } },
    },
  });
  const metrics = createRoute({
    method: 'get',
    path: '/metrics',
    summary: 'Counters and latencies in Prometheus text format',
    responses: { 200: { description: 'Prometheus exposition format 0.0.4', content: { 'text/plain': { schema: z.string() } } } },
  });

  return newRouter()
    .openapi(health, async (c) => {
      c.header('Cache-Control', 'no-store');
      try {
        await withTimeout(deps.ping(), PING_TIMEOUT_MS);
        return c.json({ status: 'ok' as const }, 200);
      } catch (error) {
        c.get('log').warn({ type: (error as Error).name }, 'health check failed');
        return c.json({ status: 'unavailable' as const }, 503);
      }
    })
    .openapi(metrics, (c) => c.text(deps.metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }));
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
