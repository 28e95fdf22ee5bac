// Per-client (or per-token) request budget in a fixed window, answering 429 with Retry-After (SPEC §5 "rate limited").
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../api-error.ts';

export interface RateLimitOptions {
  /** Requests allowed per window and key. */
  limit?: number;
  windowMs?: number;
  /** What a client is: the remote address by default; the bearer token for ingest. */
  keyOf?: (c: Context) => string;
  now?: () => number;
}

// In-process counters: with several processes behind a load balancer each enforces its own share,
// which bounds abuse per process without a shared store (documented in docs/SECURITY.md).
export function rateLimit({ limit = 120, windowMs = 60_000, keyOf = clientAddress, now = Date.now }: RateLimitOptions = {}): MiddlewareHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return async function rateLimited(c, next) {
    const at = now();
    const key = keyOf(c);
    let window = windows.get(key);
    if (!window || at - window.start >= windowMs) {
      if (windows.size > 100_000) windows.clear();
      window = { start: at, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    c.header('RateLimit-Limit', String(limit));
    c.header('RateLimit-Remaining', String(Math.max(0, limit - window.count)));
    if (window.count > limit) {
      const retryAfter = Math.max(1, Math.ceil((window.start + windowMs - at) / 1000));
      throw new ApiError(429, 'rate_limited', { retryAfter });
    }
    await next();
  };
}

/** The socket's remote address; X-Forwarded-For only when the operator says a proxy sets it. */
export function clientAddress(c: Context): string {
  if (process.env.HOCBA_TRUST_PROXY === '1') {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
