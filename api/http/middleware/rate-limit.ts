// Per-client (or per-token) request budget in a fixed window, answering 429 with Retry-After (SPEC §5 "rate limited").
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../api-error.ts';

export interface RateLimitOptions {
  /** Requests allowed per window and key. */
  readonly limit?: number;
  readonly windowMs?: number;
  /** What a client is: its address by default; the bearer token for school routes. */
  readonly keyOf?: (c: Context) => string;
  /** Read X-Forwarded-For for the default key (only behind a proxy that sets it). */
  readonly trustProxy?: boolean;
  readonly now?: () => number;
  /** Keys kept at most; past it the table starts afresh rather than grow without bound. */
  readonly maxKeys?: number;
}

// In-process counters: with several processes behind a load balancer each enforces its own share,
// which bounds abuse per process without a shared store (docs/api.md "Limits").
export function rateLimit({
  limit = 120, windowMs = 60_000, keyOf, trustProxy = false, now = Date.now, maxKeys = 100_000,
}: RateLimitOptions = {}): MiddlewareHandler {
  const windows = new Map<string, { start: number; count: number }>();
  const key = keyOf ?? ((c: Context) => clientAddress(c, trustProxy));
  return async function rateLimited(c, next) {
    const at = now();
    const id = key(c);
    let window = windows.get(id);
    if (!window || at - window.start >= windowMs) {
      if (windows.size >= maxKeys) windows.clear();
      window = { start: at, count: 0 };
      windows.set(id, window);
    }
    window.count += 1;
    c.header('RateLimit-Limit', String(limit));
    c.header('RateLimit-Remaining', String(Math.max(0, limit - window.count)));
    if (window.count > limit) {
      const retryAfter = Math.max(1, Math.ceil((window.start + windowMs - at) / 1000));
      throw new ApiError(429, 'rate_limited', { retryAfter, params: { retryAfter } });
    }
    await next();
  };
}

/** The socket's remote address; the first X-Forwarded-For hop only when the operator says a proxy sets it. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
