// The rate-limit middleware on its own: RateLimit-* headers on every answer, then 429 `rate_limited` with
// Retry-After from the shared limiter, per key; the clock is injected, nothing waits.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { handleErrors } from '../../../api/http/error-handler.ts';
import { createLimiter } from '../../../api/http/limiter.ts';
import { rateLimit } from '../../../api/http/middleware/rate-limit.ts';
import type { AppEnv } from '../../../api/http/types.ts';

describe('rateLimit', () => {
  it('counts per key, says what is left, and refuses past the budget until the window ends', async () => {
    const clock = { at: 0 };
    const limiter = createLimiter({ limit: 2, windowMs: 30_000, now: () => clock.at });
    const app = new Hono<AppEnv>()
      .use('*', rateLimit({ limiter, keyOf: (c) => c.req.header('x-key') ?? '' }))
      .get('/', (c) => c.text('ok'))
      .onError(handleErrors());
    const ask = async (key: string) => {
      const response = await app.request('/', { headers: { 'x-key': key } });
      const body = response.status === 429 ? ((await response.json()) as { code: string }).code : await response.text();
      return [response.status, body, response.headers.get('RateLimit-Limit'), response.headers.get('RateLimit-Remaining'), response.headers.get('Retry-After')];
    };
    expect(await ask('a')).toEqual([200, 'ok', '2', '1', null]);
    expect(await ask('a')).toEqual([200, 'ok', '2', '0', null]);
    clock.at = 10_000;
    expect(await ask('a')).toEqual([429, 'rate_limited', '2', '0', '20']);
    expect(await ask('b')).toEqual([200, 'ok', '2', '1', null]);
    clock.at = 30_000;
    expect(await ask('a')).toEqual([200, 'ok', '2', '1', null]);
  });
});
