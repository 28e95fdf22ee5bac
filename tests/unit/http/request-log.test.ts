// One JSON log line per request: the request id, method, route PATTERN (never the path: it holds a lookup
// code), status and duration — and nothing of the headers; latency counted per route in the metrics.
import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../api/http/metrics.ts';
import { requestId } from '../../../api/http/middleware/request-id.ts';
import { requestLog } from '../../../api/http/middleware/request-log.ts';
import type { AppEnv } from '../../../api/http/types.ts';

describe('requestLog', () => {
  it('logs the route pattern and status of each request, with its id and nothing it was sent', async () => {
    const lines: string[] = [];
    const metrics = createMetrics();
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const app = new Hono<AppEnv>()
      .use('*', requestId(), requestLog({ logger, metrics }))
      .get('/records/:code', (c) => c.json({ code: c.req.param('code') }, 404));
    const code = 'ABCDEF0123456789ABCDEF0123456789';
    await app.request(`/records/${code}?lang=en`, { headers: { 'X-Request-Id': 'trace-1', Authorization: 'Bearer secret-token', 'X-Forwarded-For': '198.51.100.7' } });
    await app.request('/nowhere', { headers: { 'X-Request-Id': 'trace-2' } });
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.map(({ requestId: id, method, route, status, msg }) => ({ id, method, route, status, msg }))).toEqual([
      { id: 'trace-1', method: 'GET', route: '/records/:code', status: 404, msg: 'request' },
      // Nothing but the middleware matched: its pattern, never the path.
      { id: 'trace-2', method: 'GET', route: '/*', status: 404, msg: 'request' },
    ]);
    expect(logged.every((line) => typeof line.ms === 'number')).toBe(true);
    const text = lines.join('');
    for (const secret of [code, 'secret-token', '198.51.100.7', 'lang=en']) expect(text).not.toContain(secret);
    expect(metrics.render()).toMatch(/hocba_http_request_seconds_count\{method="GET",route="\/records\/:code",status="404"\} 1/);
  });
});
