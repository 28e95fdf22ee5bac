// School routes: `Authorization: Bearer <token>` → the school it belongs to (SPEC §5); 401 otherwise.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Registry } from '../../index.ts';
import { ApiError } from '../api-error.ts';
import type { AppEnv } from '../types.ts';
import { bearerTokenOf } from './bearer.ts';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="hocba"' };

export function schoolAuth({ registry }: { registry: Registry }): MiddlewareHandler<AppEnv> {
  return async function authenticated(c, next) {
    const token = bearerTokenOf(c);
    if (!token) throw new ApiError(401, 'unauthorized', { headers: CHALLENGE });
    const school = await registry.authenticateSchool(token);
    if (!school) throw new ApiError(401, 'token_invalid', { headers: { 'WWW-Authenticate': 'Bearer realm="hocba", error="invalid_token"' } });
    c.set('schoolCode', school.schoolCode);
    c.set('tokenId', createHash('sha256').update(token).digest('hex').slice(0, 24));
    await next();
  };
}
