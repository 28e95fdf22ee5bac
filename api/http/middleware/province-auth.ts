// National routes (issue 19): `Authorization: Bearer <token>` of a province account → the province it may forward for.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Registry } from '../../index.ts';
import { ApiError } from '../api-error.ts';
import type { AppEnv } from '../types.ts';
import { bearerTokenOf } from './bearer.ts';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="hocba-national"' };

export function provinceAuth({ registry }: { registry: Registry }): MiddlewareHandler<AppEnv> {
  return async function authenticated(c, next) {
    const token = bearerTokenOf(c);
    if (!token) throw new ApiError(401, 'unauthorized', { headers: CHALLENGE });
    const province = await registry.forwarding.authenticateProvince(token);
    if (!province) throw new ApiError(401, 'token_invalid', { headers: { 'WWW-Authenticate': 'Bearer realm="hocba-national", error="invalid_token"' } });
    c.set('provinceCode', province.provinceCode);
    c.set('tokenId', createHash('sha256').update(token).digest('hex').slice(0, 24));
    await next();
  };
}
