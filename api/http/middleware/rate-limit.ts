// Per-client (or per-token) request budget of a route, answering 429 `rate_limited` with Retry-After
// (SPEC §5 "rate limited"). The counting is the front door's one limiter (../limiter.ts).
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../api-error.ts';
import { createLimiter, type Limiter, type LimiterOptions } from '../limiter.ts';

export interface RateLimitOptions extends Partial<LimiterOptions> {
  /** What a client is: `clientKeyOf` (its address) for public routes, the bearer token for school routes. */
  readonly keyOf: (c: Context) => string;
  /** A limiter to share between routes (one budget); by default one of its own from the other options. */
  readonly limiter?: Limiter;
}

/** Limit 0 (or an UNLIMITED limiter) turns the budget off: no count, no RateLimit-* headers. */
export function rateLimit({ keyOf, limiter, limit = 120, ...options }: RateLimitOptions): MiddlewareHandler {
  const budget = limiter ?? createLimiter({ limit, ...options });
  return async function rateLimited(c, next) {
    if (budget.limit === 0) return next();
    const verdict = await budget.hit(keyOf(c));
    c.header('RateLimit-Limit', String(budget.limit));
    c.header('RateLimit-Remaining', String(verdict.remaining));
    if (verdict.limited) throw rateLimited429(verdict.retryAfter);
    await next();
  };
}

/** The 429 of every budget of the API. */
export function rateLimited429(retryAfter: number): ApiError {
  return new ApiError(429, 'rate_limited', { retryAfter, params: { retryAfter } });
}
