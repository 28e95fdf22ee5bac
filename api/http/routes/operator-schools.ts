// The school directory for operators (SPEC §4 `hocba school`, §5 Operators): list, add (token shown once),
// approve a seal certificate, withdraw an approval, revoke the school's API tokens. Every change is journaled as `operator:<username>`.
import { createRoute, z } from '@hono/zod-openapi';
import type { ApprovedCertificate } from '../../index.ts';
import { ApiError } from '../api-error.ts';
import type { Deps } from '../types.ts';
import { errorResponses, newRouter, operatorActor, operatorGuards, jsonBody } from './common.ts';

const Pem = z.string().min(1).max(256 * 1024).openapi({ description: 'PEM text (a bundle may hold several certificates).' });

const Certificate = z.object({
  fingerprint: z.string().openapi({ description: 'SHA-256 of the DER, lower-case hex.' }),
  subject: z.string(), serial: z.string(), approvedAt: z.string().openapi({ format: 'date-time' }),
  issuer: z.string().optional(), notBefore: z.string().optional(), notAfter: z.string().optional(),
}).openapi('ApprovedCertificate');

const School = z.object({
  code: z.string(), name: z.string(), provinceCode: z.string(), district: z.string().nullable(),
  createdAt: z.string().openapi({ format: 'date-time' }), certificates: z.array(Certificate),
}).openapi('School');

const AddSchoolBody = z.object({
  code: z.string().max(20).openapi({ example: '01001001', description: 'Mã trường: 8 digits.' }),
  name: z.string().min(1).max(300).openapi({ example: 'Trường Tiểu học Kim Đồng' }),
  provinceCode: z.string().max(4).openapi({ example: '01' }),
  district: z.string().max(300).optional(),
  certificates: z.array(Pem).max(20),
}).openapi('AddSchoolRequest');

const CodeParam = z.object({
  code: z.string().max(20).openapi({ param: { name: 'code', in: 'path' }, example: '01001001', description: 'Mã trường.' }),
});

const WithdrawBody = z.object({
  certificate: Pem.optional(),
  fingerprint: z.string().regex(/^[0-9a-fA-F]{64}$/).optional(),
}).strict().refine((body) => (body.certificate === undefined) !== (body.fingerprint === undefined), {
  message: 'give exactly one of "certificate" and "fingerprint"',
}).openapi('WithdrawApprovalRequest');

const RevokeTokensBody = z.object({
  tokenId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional()
    .openapi({ description: 'Only this token, by the number `tokenId` given when it was issued; without it, every live token of the school.' }),
}).strict().openapi('RevokeSchoolTokensRequest');

const toCertificate = (cert: ApprovedCertificate & { issuer?: string; notBefore?: Date; notAfter?: Date }) => ({
  fingerprint: cert.fingerprint, subject: cert.subject, serial: cert.serial, approvedAt: cert.approvedAt.toISOString(),
  ...(cert.issuer === undefined ? {} : { issuer: cert.issuer }),
  ...(cert.notBefore === undefined ? {} : { notBefore: cert.notBefore.toISOString() }),
  ...(cert.notAfter === undefined ? {} : { notAfter: cert.notAfter.toISOString() }),
});

export function operatorSchoolRoutes(deps: Deps) {
  const { registry, limits } = deps;
  const security = [{ operatorToken: [] }];
  const list = createRoute({
    method: 'get', path: '/operator/schools', security, middleware: operatorGuards(deps),
    summary: 'The school directory with the seal certificates approved for each school',
    responses: { 200: { description: 'Schools by code', content: { 'application/json': { schema: z.object({ schools: z.array(School) }) } } }, ...errorResponses(401, 429) },
  });
  const add = createRoute({
    method: 'post', path: '/operator/schools', security, middleware: operatorGuards(deps, limits.operatorBodyBytes),
    summary: "Register a school and approve its seal certificate(s); the school's API token is shown once",
    request: { body: jsonBody(AddSchoolBody) },
    responses: {
      201: {
        description: 'Added; `token` is the school\'s API token, shown only here, and `tokenId` its number (to revoke that one token)',
        content: { 'application/json': { schema: z.object({ schoolCode: z.string(), tokenId: z.number().int(), token: z.string(), certificates: z.array(Certificate) }) } },
      },
      ...errorResponses(400, 401, 409, 413, 415, 422, 429),
    },
  });
  const approve = createRoute({
    method: 'post', path: '/operator/schools/{code}/certificates', security, middleware: operatorGuards(deps, limits.operatorBodyBytes),
    summary: "Approve a certificate for the school's seal (CoSoGiaoDuc)",
    request: { params: CodeParam, body: jsonBody(z.object({ certificate: Pem }).openapi('ApproveCertificateRequest')) },
    responses: {
      200: { description: 'Newly approved certificates (empty when already approved)', content: { 'application/json': { schema: z.object({ approved: z.array(Certificate) }) } } },
      ...errorResponses(400, 401, 404, 413, 415, 422, 429),
    },
  });
  const withdraw = createRoute({
    method: 'post', path: '/operator/schools/{code}/certificates/withdraw', security, middleware: operatorGuards(deps, limits.operatorBodyBytes),
    summary: 'Withdraw an approval (by certificate or fingerprint); records received while it was approved stay valid',
    request: { params: CodeParam, body: jsonBody(WithdrawBody) },
    responses: {
      200: { description: 'Withdrawn', content: { 'application/json': { schema: z.object({ withdrawn: z.string() }) } } },
      ...errorResponses(400, 401, 413, 415, 422, 429),
    },
  });

  const revokeTokens = createRoute({
    method: 'post', path: '/operator/schools/{code}/tokens/revoke', security, middleware: operatorGuards(deps, limits.smallBodyBytes),
    summary: "Revoke the school's API tokens (all live ones, or one by `tokenId`): each is answered 401 token_invalid from the next request on",
    request: { params: CodeParam, body: jsonBody(RevokeTokensBody) },
    responses: {
      200: { description: 'Revoked; the numbers of the tokens that ended', content: { 'application/json': { schema: z.object({ schoolCode: z.string(), tokenIds: z.array(z.number().int()) }) } } },
      ...errorResponses(400, 401, 404, 413, 415, 429),
    },
  });

  return newRouter()
    .openapi(list, async (c) => {
      const schools = await registry.listSchools();
      return c.json({
        schools: schools.map((school) => ({ ...school, createdAt: school.createdAt.toISOString(), certificates: school.certificates.map(toCertificate) })),
      }, 200);
    })
    .openapi(add, async (c) => {
      const body = c.req.valid('json');
      const added = await registry.addSchool(
        { code: body.code, name: body.name, provinceCode: body.provinceCode, ...(body.district ? { district: body.district } : {}), certificates: body.certificates },
        { now: deps.clock(), actor: operatorActor(c) },
      );
      return c.json({ schoolCode: added.schoolCode, tokenId: added.tokenId, token: added.token, certificates: added.certificates.map(toCertificate) }, 201, { 'Cache-Control': 'no-store' });
    })
    .openapi(approve, async (c) => {
      const approved = await registry.approveCertificate(c.req.valid('param').code, c.req.valid('json').certificate, { now: deps.clock(), actor: operatorActor(c) });
      return c.json({ approved: approved.map(toCertificate) }, 200);
    })
    .openapi(withdraw, async (c) => {
      const body = c.req.valid('json');
      const target = body.fingerprint ?? body.certificate;
      if (target === undefined) throw new ApiError(400, 'invalid_request', { path: 'certificate', params: { detail: 'missing' } });
      const withdrawn = await registry.withdrawApproval(c.req.valid('param').code, target, { now: deps.clock(), actor: operatorActor(c) });
      return c.json({ withdrawn }, 200);
    })
    .openapi(revokeTokens, async (c) => {
      const revoked = await registry.revokeSchoolTokens(c.req.valid('param').code, c.req.valid('json').tokenId ?? null, { now: deps.clock(), actor: operatorActor(c) });
      return c.json(revoked, 200);
    });
}
