// The HTTP API v1 (SPEC §5) as one OpenAPIHono app: middleware, one sub-app per resource, the OpenAPI
// document generated from the route definitions, and one error handler.
import { randomBytes } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { every } from 'hono/combine';
import pino from 'pino';
import { budgetKeyOf, clientAddressOf, NO_TRUSTED_PROXIES } from './client-address.ts';
import { createAnswers } from '../answers/index.ts';
import { handleErrors, respondWithError } from './error-handler.ts';
import { memoryLimiters } from './limiter.ts';
import { createMetrics } from './metrics.ts';
import { throttleFailedAuth } from './middleware/auth-throttle.ts';
import { language } from './middleware/language.ts';
import { operatorAuth } from './middleware/operator-auth.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { requestId } from './middleware/request-id.ts';
import { requestLog } from './middleware/request-log.ts';
import { provinceAuth } from './middleware/province-auth.ts';
import { schoolAuth } from './middleware/school-auth.ts';
import { apiSecurityHeaders } from './middleware/security-headers.ts';
import { correctionRoutes } from './routes/corrections.ts';
import { healthRoutes } from './routes/health.ts';
import { documentLogRoutes, logRoutes } from './routes/log.ts';
import { operatorExpectedRoutes } from './routes/operator-expected.ts';
import { operatorExportRoutes } from './routes/operator-exports.ts';
import { operatorLateWindowRoutes } from './routes/operator-late-windows.ts';
import { operatorTransferRoutes } from './routes/operator-transfers.ts';
import { transferProposalRoutes } from './routes/transfer-proposals.ts';
import { operatorLookupRoutes } from './routes/operator-lookups.ts';
import { operatorForwardRoutes } from './routes/operator-forward.ts';
import { nationalRoutes } from './routes/national.ts';
import { operatorSchoolRoutes } from './routes/operator-schools.ts';
import { operatorSessionRoutes } from './routes/operator-session.ts';
import { operatorSettingRoutes } from './routes/operator-settings.ts';
import { packageRoutes } from './routes/packages.ts';
import { recordRoutes } from './routes/records.ts';
import { recordPdfRoutes } from './routes/record-pdf.ts';
import { verifyBatchRoutes } from './routes/verify-batch.ts';
import { verifyClaimsRoutes } from './routes/verify-claims.ts';
import { verifyRoutes } from './routes/verify.ts';
import { DEFAULT_HTTP_LIMITS, type AppEnv, type AppOptions, type Deps } from './types.ts';

export const API_BASE = '/api/v1';
export const OPENAPI_PATH = `${API_BASE}/openapi.json`;

export function createApp(options: AppOptions): OpenAPIHono<AppEnv> {
  const deps = resolveDeps(options);
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requestId(), requestLog({ logger: deps.logger, metrics: deps.metrics }), language(), apiSecurityHeaders({ trustedProxies: deps.trustedProxies }));
  app.route('/', healthRoutes(deps));
  app.route('/', logRoutes(deps));
  documentLogRoutes(app);
  app.route(API_BASE, packageRoutes(deps));
  app.route(API_BASE, recordRoutes(deps));
  app.route(API_BASE, recordPdfRoutes(deps));
  app.route(API_BASE, correctionRoutes(deps));
  app.route(API_BASE, transferProposalRoutes(deps));
  app.route(API_BASE, verifyRoutes(deps));
  app.route(API_BASE, verifyBatchRoutes(deps));
  app.route(API_BASE, verifyClaimsRoutes(deps));
  app.route(API_BASE, operatorSessionRoutes(deps));
  app.route(API_BASE, operatorSchoolRoutes(deps));
  app.route(API_BASE, operatorSettingRoutes(deps));
  app.route(API_BASE, operatorExportRoutes(deps));
  app.route(API_BASE, operatorLateWindowRoutes(deps));
  app.route(API_BASE, operatorTransferRoutes(deps));
  app.route(API_BASE, operatorLookupRoutes(deps));
  app.route(API_BASE, operatorForwardRoutes(deps));
  app.route(API_BASE, operatorExpectedRoutes(deps));
  if (deps.national) app.route(API_BASE, nationalRoutes(deps));
  app.openAPIRegistry.registerComponent('securitySchemes', 'schoolToken', {
    type: 'http', scheme: 'bearer', description: 'The school API token printed once by `hocba school add`.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'provinceToken', {
    type: 'http', scheme: 'bearer', description: "A province account's token on a national instance, printed once by `hocba province add`.",
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'operatorToken', {
    type: 'http', scheme: 'bearer',
    description: 'An operator session token from `POST /api/v1/operator/login` (valid 8 hours, ended by `POST /api/v1/operator/logout`).',
  });
  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'hocba — Học bạ số registry API',
      version: '1.0.0',
      description: 'Schools push signed records; anyone with a lookup code verifies them; the Sở (operators) runs the directory, '
        + 'trust list, lock dates and exports. Errors: {code, message, requestId}; docs/api.md.',
    },
    servers: [{ url: '/' }],
  });
  app.notFound((c) => respondWithError(c, { status: 404, code: 'route_not_found' }));
  app.onError(handleErrors());
  return app;
}

function resolveDeps(options: AppOptions): Deps {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  const registry = options.registry;
  const trustedProxies = options.trustedProxies ?? NO_TRUSTED_PROXIES;
  const clock = options.clock ?? (() => new Date());
  // Budgets run on the app's clock, so tests move time instead of waiting.
  const now = () => clock().getTime();
  const byAddress = (c: Context) => `address:${budgetKeyOf(clientAddressOf(c, trustedProxies))}`;
  const limiter = options.limiters ?? memoryLimiters;
  const perMinute = (name: string, limit: number) => limiter(name, { limit, now });
  // One failure budget per address over school, operator and login routes: switching route buys nothing.
  const authThrottle = throttleFailedAuth({
    failures: limiter('auth-failures', { limit: limits.authFailuresPerWindow, windowMs: limits.authFailureWindowMs, now }),
    keyOf: byAddress,
  });
  return {
    registry,
    clock,
    limits,
    trustedProxies,
    logger: options.logger ?? pino({ level: 'silent' }),
    metrics: options.metrics ?? createMetrics(),
    // Without a database handle, the cheapest registry read is the round trip.
    ping: options.ping ?? (() => registry.loadLockSettings()),
    answers: options.answers ?? createAnswers({
      registry, verifyUpload: requireVerifyUpload(options), clock, origin: options.origin ?? (() => options.publicUrl ?? null),
    }),
    ipHashKey: options.ipHashKey ?? randomBytes(32).toString('hex'),
    ...(options.pushBodyWork ? { pushBodyWork: options.pushBodyWork } : {}),
    national: options.national === true,
    forwardRuns: options.forwardRuns ?? null,
    guards: {
      province: every(authThrottle, provinceAuth({ registry })),
      school: every(authThrottle, schoolAuth({ registry })),
      schoolRate: rateLimit({ limiter: perMinute('school', limits.schoolRequestsPerMinute), keyOf: (c) => `token:${c.get('tokenId') as string}` }),
      publicRate: rateLimit({ limiter: perMinute('public', limits.publicRequestsPerMinute), keyOf: byAddress }),
      operator: every(authThrottle, operatorAuth({ registry, clock })),
      operatorRate: rateLimit({ limiter: perMinute('operator', limits.operatorRequestsPerMinute), keyOf: (c) => `operator:${c.get('tokenId') as string}` }),
      loginRate: every(authThrottle, rateLimit({ limiter: perMinute('login', limits.loginRequestsPerMinute), keyOf: byAddress })),
    },
  };
}

function requireVerifyUpload(options: AppOptions): NonNullable<AppOptions['verifyUpload']> {
  if (!options.verifyUpload) throw new Error('createApp needs `answers` or `verifyUpload`');
  return options.verifyUpload;
}
