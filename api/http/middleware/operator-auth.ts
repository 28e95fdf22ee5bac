// Operator routes: `Authorization: Bearer <session token>` from POST /operator/login → the operator (SPEC §5
// "Operators (Sở; login)"); 401 otherwise. A school token is never an operator token, nor the other way round.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Registry } from '../../index.ts';
import { ApiError } from '../api-error.ts';
import type { AppEnv } from '../types.ts';
import { bearerTokenOf } from './bearer.ts';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="hocba-operator"' };

export function operatorAuth({ registry, clock }: { registry: Registry; clock: () => Date }): MiddlewareHandler<AppEnv> {
  return async function operatorAuthenticated(c, next) {
    const token = bearerTokenOf(c);
    if (!token) throw new ApiError(401, 'unauthorized', { headers: CHALLENGE });
    const operator = await registry.authenticateOperator(token, clock());
    if (!operator) throw new ApiError(401, 'token_invalid', { headers: { 'WWW-Authenticate': 'Bearer realm="hocba-operator", error="invalid_token"' } });
    c.set('operator', operator.username);
    c.set('tokenId', createHash('sha256').update(token).digest('hex').slice(0, 24));
    await next();
  };
}
