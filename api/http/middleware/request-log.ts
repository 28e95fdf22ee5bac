// One JSON log line per request through pino, each line carrying the request id; no bodies, tokens,
// addresses or lookup results, and the route PATTERN rather than the path (a path holds a lookup code).
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.ts';
import type { AppEnv } from '../types.ts';

export interface RequestLogOptions {
  readonly logger: Logger;
  /** Request latency per route and status (hocba_http_request_seconds). */
  readonly metrics?: Metrics;
}

export function requestLog({ logger, metrics }: RequestLogOptions): MiddlewareHandler<AppEnv> {
  return async function logged(c, next) {
    const started = performance.now();
    const log = logger.child({ requestId: c.get('requestId') });
    c.set('log', log);
    await next();
    const seconds = (performance.now() - started) / 1000;
    // The last matched route is the handler's pattern; '*' when nothing but middleware matched.
    const route = routePath(c, -1) || 'unmatched';
    const status = c.res.status;
    metrics?.observe('hocba_http_request_seconds', seconds, { method: c.req.method, route, status: String(status) });
    log.info({ method: c.req.method, route, status, ms: Math.round(seconds * 1000) }, 'request');
  };
}
