// Operator login and logout (SPEC §5 "Operators (Sở; login)"): a session token for 8 hours, shown once.
import { createRoute, z } from '@hono/zod-openapi';
import { limitBody } from '../middleware/body-limit.ts';
import { bearerTokenOf } from '../middleware/bearer.ts';
import { requesterHash } from '../requester.ts';
import type { Deps } from '../types.ts';
import { errorResponses, newRouter, operatorGuards, jsonBody } from './common.ts';

const LoginBody = z.object({
  username: z.string().max(200).openapi({ example: 'lan.nguyen' }),
  password: z.string().max(1024),
}).openapi('OperatorLoginRequest');

const LoginAnswer = z.object({
  token: z.string().openapi({ description: 'Bearer token for the operator routes; shown only here.' }),
  expiresAt: z.string().openapi({ format: 'date-time' }),
  username: z.string(),
}).openapi('OperatorLogin');

// A token in an answer must not be kept by any cache on the way.
const NO_STORE = { 'Cache-Control': 'no-store' };

export function operatorSessionRoutes(deps: Deps) {
  const { registry, limits } = deps;
  const login = createRoute({
    method: 'post',
    path: '/operator/login',
    summary: 'Operator login: a session token for the operator routes',
    description: `An unknown user, a disabled or locked account and a wrong password all answer the same 401 \`login_failed\`. `
      + `Five consecutive failures lock the account for 15 minutes; at most ${limits.loginRequestsPerMinute} attempts per minute per client address.`,
    middleware: [deps.guards.loginRate, limitBody(limits.smallBodyBytes)],
    request: { body: jsonBody(LoginBody) },
    responses: {
      200: { description: 'Logged in', content: { 'application/json': { schema: LoginAnswer } } },
      ...errorResponses(400, 401, 413, 415, 429),
    },
  });
  const logout = createRoute({
    method: 'post',
    path: '/operator/logout',
    summary: 'End this operator session (the token stops working at once)',
    security: [{ operatorToken: [] }],
    middleware: operatorGuards(deps),
    responses: {
      200: { description: 'Logged out', content: { 'application/json': { schema: z.object({ loggedOut: z.literal(true) }) } } },
      ...errorResponses(401, 429),
    },
  });

  return newRouter()
    .openapi(login, async (c) => {
      const { username, password } = c.req.valid('json');
      const session = await registry.login(username, password, { now: deps.clock(), client: `api:${requesterHash(c, deps)}` });
      return c.json({ token: session.token, expiresAt: session.expiresAt.toISOString(), username: session.username }, 200, NO_STORE);
    })
    .openapi(logout, async (c) => {
      await registry.logout(bearerTokenOf(c)!, { now: deps.clock() });
      return c.json({ loggedOut: true as const }, 200);
    });
}
