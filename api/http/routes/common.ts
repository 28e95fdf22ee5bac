// What every route module shares: a router whose validation failures become `invalid_request`, the
// lookup-code reader, documented error answers, and the school-route guard chain.
import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { readLookupInput } from '../../index.ts';
import { ApiError } from '../api-error.ts';
import { invalidRequest } from '../error-handler.ts';
import { limitBody } from '../middleware/body-limit.ts';
import { ErrorBody, PackageResult } from '../schemas.ts';
import type { AppEnv, Deps } from '../types.ts';

export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const wire = invalidRequest(result.error, result.target === 'json' ? 'body' : result.target);
        throw new ApiError(wire.status, wire.code, { path: wire.path, params: wire.params });
      }
    },
  });
}

/** SPEC §9, read by api/answers (the one reader of typed codes); anything unreadable is `lookup_code_invalid` (400). */
export function lookupCodeOf(input: string): string {
  const code = readLookupInput(input);
  if (code === null) throw new ApiError(400, 'lookup_code_invalid', { path: 'code' });
  return code;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request or lookup code (invalid_request, lookup_code_invalid, recall_reason_missing, personal_id_malformed, student_code_invalid, transfer_same_school, transfer_date_invalid, transfer_reason_missing)',
  401: 'Missing or invalid token (unauthorized, token_invalid); a wrong login (login_failed)',
  403: "Another school's record (not_your_record); a transfer proposal confirmed by its sending school (transfer_proposal_not_receiver); a wrong personal id (personal_id_wrong); an XML that is not public (xml_not_public)",
  404: 'No such record, school, student, live school token, transfer proposal or log file (not_found, school_unknown, school_token_unknown, transfer_student_unknown, transfer_proposal_unknown, log_not_found)',
  503: 'No public URL configured, so no copy is issued (public_url_missing); no log key on this server (log_not_configured); no seal, so no signed answer (answer_seal_missing)',
  409: 'Not possible in the current state (locked, already_recalled, already_replaced, school_exists, record_transferred, record_not_transferred, transfer_student_not_at_school, transfer_proposal_pending, transfer_proposal_settled)',
  413: 'Body or batch over the limit (body_too_large, batch_too_large)',
  415: 'Unsupported Content-Type (unsupported_media_type)',
  422: 'Understood but refused (certificate_unreadable, crl_unreadable, certificate_not_approved, school_code_invalid, school_year_invalid, lock_date_invalid, expected_count_invalid)',
  429: 'Rate limit reached (rate_limited, xml_release_limited); see Retry-After',
  500: 'Internal error (internal_error): only the request id',
};

/** The error answers of a route, for the OpenAPI document. */
/** A required JSON request body of this schema, as the OpenAPI route declarations write it. */
export function jsonBody<T extends z.ZodType | { $ref: string }>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

export function errorResponses<S extends keyof typeof DESCRIPTIONS>(...statuses: S[]) {
  const all = [...statuses, 500] as S[];
  return Object.fromEntries(all.map((status) => [status, {
    description: DESCRIPTIONS[status]!,
    content: { 'application/json': { schema: ErrorBody } },
  }])) as Record<S, { description: string; content: { 'application/json': { schema: typeof ErrorBody } } }>;
}

export const packageResultResponses = {
  201: { description: 'Accepted, with its receipt', content: { 'application/json': { schema: PackageResult } } },
  422: { description: 'Rejected, with every reason (code, message, path)', content: { 'application/json': { schema: PackageResult } } },
};

/** Guards of a school route, in order: who (token) → how often (per token) → how big (before parsing). */
export function schoolGuards(deps: Deps, maxBodyBytes?: number): MiddlewareHandler<AppEnv>[] {
  return [deps.guards.school, deps.guards.schoolRate, ...(maxBodyBytes === undefined ? [] : [limitBody(maxBodyBytes)])];
}

/** Guards of an operator route, in order: who (session token) → how often (per session) → how big. */
export function operatorGuards(deps: Deps, maxBodyBytes?: number): MiddlewareHandler<AppEnv>[] {
  return [deps.guards.operator, deps.guards.operatorRate, ...(maxBodyBytes === undefined ? [] : [limitBody(maxBodyBytes)])];
}

/** `operator:<username>`: who acts, for the journal. */
export function operatorActor(c: Context<AppEnv>): string {
  return `operator:${c.get('operator')}`;
}

/** Guards of a public route: the per-client rate limit (one budget over all public routes), then the body cap. */
export function publicGuards(deps: Deps, maxBodyBytes?: number): MiddlewareHandler<AppEnv>[] {
  return [deps.guards.publicRate, ...(maxBodyBytes === undefined ? [] : [limitBody(maxBodyBytes)])];
}
