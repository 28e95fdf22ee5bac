// The registry's settings for operators (SPEC §4 `hocba trust`, §5 Operators): trusted CAs, revocation lists and
// the lock dates of a school year. Every change is journaled as `operator:<username>`.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { errorResponses, newRouter, operatorActor, operatorGuards, jsonBody } from './common.ts';

const AnchorBody = z.object({
  certificate: z.string().min(1).max(1024 * 1024).openapi({
    description: 'CA certificates as the CA publishes them: PEM (one or more CERTIFICATE blocks, or a PKCS7 bundle), or the DER of one certificate or of a PKCS#7 bundle (.p7b/.p7c) as base64.',
  }),
  role: z.enum(['anchor', 'intermediate']).optional().openapi({ description: 'Default: anchor when self-issued, else intermediate.' }),
}).openapi('TrustAnchorRequest');

const CrlBody = z.object({ crl: z.string().min(1).openapi({ description: 'One CRL: PEM (X509 CRL block), or its DER as base64.' }) }).openapi('CrlRequest');

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ example: '2026-06-30' });
const LockBody = z.object({ main: IsoDate, supplementary: IsoDate.openapi({ example: '2026-08-15' }) }).openapi('LockDatesRequest');
const YearParam = z.object({
  schoolYear: z.string().regex(/^\d{4}-\d{4}$/).openapi({ param: { name: 'schoolYear', in: 'path' }, example: '2025-2026' }),
});

export function operatorSettingRoutes(deps: Deps) {
  const { registry, limits } = deps;
  const security = [{ operatorToken: [] }];
  const anchors = createRoute({
    method: 'post', path: '/operator/trust/anchors', security, middleware: operatorGuards(deps, limits.operatorBodyBytes),
    summary: 'Add CA certificates to the trust list (adding one twice is harmless)',
    request: { body: jsonBody(AnchorBody) },
    responses: {
      201: { description: 'Fingerprints of the certificates given', content: { 'application/json': { schema: z.object({ fingerprints: z.array(z.string()) }) } } },
      ...errorResponses(400, 401, 413, 415, 422, 429),
    },
  });
  const crls = createRoute({
    method: 'post', path: '/operator/trust/crls', security, middleware: operatorGuards(deps, limits.crlBodyBytes),
    summary: "Load a CA's certificate revocation list (every list loaded is kept)",
    request: { body: jsonBody(CrlBody) },
    responses: {
      201: {
        description: 'Loaded',
        content: { 'application/json': { schema: z.object({ issuer: z.string(), thisUpdate: z.string(), nextUpdate: z.string().nullable() }) } },
      },
      ...errorResponses(400, 401, 413, 415, 422, 429),
    },
  });
  const lock = createRoute({
    method: 'put', path: '/operator/lock-dates/{schoolYear}', security, middleware: operatorGuards(deps, limits.smallBodyBytes),
    summary: 'Set the lock dates (ngày chốt) of a school year; a date that has passed can no longer move',
    request: { params: YearParam, body: jsonBody(LockBody) },
    responses: {
      200: {
        description: 'Saved',
        content: { 'application/json': { schema: z.object({ schoolYear: z.string(), main: z.string(), supplementary: z.string() }) } },
      },
      ...errorResponses(400, 401, 409, 413, 415, 422, 429),
    },
  });

  return newRouter()
    .openapi(anchors, async (c) => {
      const body = c.req.valid('json');
      const fingerprints = await registry.addTrustAnchor(body.certificate, { now: deps.clock(), actor: operatorActor(c), ...(body.role ? { role: body.role } : {}) });
      return c.json({ fingerprints }, 201);
    })
    .openapi(crls, async (c) => {
      const loaded = await registry.loadCrl(c.req.valid('json').crl, { now: deps.clock(), actor: operatorActor(c) });
      return c.json({ issuer: loaded.issuer, thisUpdate: loaded.thisUpdate.toISOString(), nextUpdate: loaded.nextUpdate?.toISOString() ?? null }, 201);
    })
    .openapi(lock, async (c) => {
      const { schoolYear } = c.req.valid('param');
      const dates = c.req.valid('json');
      await registry.setLockDates(schoolYear, dates, { now: deps.clock(), actor: operatorActor(c) });
      return c.json({ schoolYear, main: dates.main, supplementary: dates.supplementary }, 200);
    });
}
