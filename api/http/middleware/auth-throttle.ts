// Failed authentication throttled per client address (issue 11): once an address has had `limit` answers 401
// (no token, a wrong token, a failed login) in the window, every school, operator and login request from it
// answers 429 `rate_limited` with Retry-After until the window ends — even with a right token, so guessing
// cannot go on by interleaving good requests. Put in front of the guard it watches; it counts the guard's 401s,
// and the handler's (a failed login is answered by the route).
import type { Context, MiddlewareHandler } from 'hono';
import { isHocbaError } from '../../index.ts';
import { ApiError } from '../api-error.ts';
import type { Limiter } from '../limiter.ts';
import { rateLimited429 } from './rate-limit.ts';

export interface AuthThrottleOptions {
  /** Counts failures only (hit on a 401, peek on every request); share one across routes for one budget. */
  readonly failures: Limiter;
  /** The client's address (budget key). */
  readonly keyOf: (c: Context) => string;
}

export function throttleFailedAuth({ failures, keyOf }: AuthThrottleOptions): MiddlewareHandler {
  return async function authThrottled(c, next) {
    const key = keyOf(c);
    const spent = await failures.peek(key);
    if (spent.limited) throw rateLimited429(spent.retryAfter);
    try {
      await next();
    } catch (error) {
      // Inside hono/combine's `every` the guard's refusal arrives as the thrown error, not yet as a response.
      if (isAuthFailure(error)) await failures.hit(key);
      throw error;
    }
    if (c.res.status === 401) await failures.hit(key);
  };
}

function isAuthFailure(error: unknown): boolean {
  return (error instanceof ApiError && error.status === 401) || (isHocbaError(error) && error.code === 'login_failed');
}
