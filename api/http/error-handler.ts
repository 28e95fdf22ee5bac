// The one place errors meet the wire (STYLE.md "map errors to the wire once"): every error body is
// `{code, message, requestId, path?}`; a 500 shows the request id and nothing of the internals.
import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { isDatabaseUnavailable, isHocbaError, messageOf, type IssueCode, type IssueParams } from '../index.ts';
import { ApiError } from './api-error.ts';
import { describeProblem, problemOfZod } from './request-problems.ts';
import type { AppEnv } from './types.ts';

/** Status of each domain code a route can throw; any other coded refusal is 422 (understood, not processable). */
const STATUS_BY_CODE: Partial<Record<IssueCode, ContentfulStatusCode>> = {
  not_found: 404,
  log_not_found: 404,
  log_not_configured: 503,
  answer_seal_missing: 503,
  school_unknown: 404,
  school_token_unknown: 404,
  forward_gap: 409,
  forward_order_invalid: 400,
  forward_running: 409,
  forward_not_configured: 503,
  forward_upstream_failed: 502,
  not_your_record: 403,
  unauthorized: 401,
  token_invalid: 401,
  login_failed: 401,
  operator_unknown: 404,
  operator_exists: 409,
  locked: 409,
  already_recalled: 409,
  already_replaced: 409,
  code_taken: 409,
  late_window_exists: 409,
  late_window_not_found: 404,
  late_window_reason_missing: 400,
  record_transferred: 409,
  record_not_transferred: 409,
  student_code_invalid: 400,
  transfer_same_school: 400,
  transfer_date_invalid: 400,
  transfer_reason_missing: 400,
  transfer_student_unknown: 404,
  transfer_student_not_at_school: 409,
  transfer_proposal_pending: 409,
  transfer_proposal_unknown: 404,
  transfer_proposal_not_receiver: 403,
  transfer_proposal_settled: 409,
  school_exists: 409,
  lookup_code_invalid: 400,
  lookup_code_format: 400,
  recall_reason_missing: 400,
  invalid_request: 400,
  rate_limited: 429,
  uploads_in_flight: 429,
  verification_busy: 503,
  personal_id_malformed: 400,
  personal_id_wrong: 403,
  xml_not_public: 403,
  xml_release_limited: 429,
  body_too_large: 413,
  batch_too_large: 413,
  unsupported_media_type: 415,
  service_unavailable: 503,
};

export interface WireError {
  readonly status: ContentfulStatusCode;
  readonly code: IssueCode;
  readonly params?: IssueParams;
  readonly path?: string;
  readonly headers?: Record<string, string>;
}

export function toWireError(error: unknown): WireError {
  if (error instanceof ApiError) {
    const headers = { ...error.headers, ...(error.retryAfter === undefined ? {} : { 'Retry-After': String(error.retryAfter) }) };
    return { status: error.status, code: error.code, params: error.params, path: error.path, headers };
  }
  if (isHocbaError(error)) return { status: STATUS_BY_CODE[error.code] ?? 422, code: error.code, params: error.params, path: error.path };
  if (error instanceof ZodError) return invalidRequest(error);
  if (error instanceof HTTPException) {
    // Hono's own refusals: malformed JSON (400), an undeclared Content-Type (415), a body over the limit (413).
    if (error.status === 400) return { status: 400, code: 'invalid_request', path: 'body', params: { detail: 'malformed_json' } };
    if (error.status === 413) return { status: 413, code: 'body_too_large', params: { limit: '?' } };
    if (error.status === 415) return { status: 415, code: 'unsupported_media_type' };
    if (error.status === 404) return { status: 404, code: 'route_not_found' };
  }
  // The database away is not a bug: a coded 503 that invites a retry (the push is idempotent).
  if (isDatabaseUnavailable(error)) return { status: 503, code: 'service_unavailable', headers: { 'Retry-After': '5' } };
  return { status: 500, code: 'internal_error' };
}

/** A zod failure as `invalid_request`, naming the first field that is wrong. */
export function invalidRequest(error: ZodError, target = 'body'): WireError {
  const first = error.issues[0];
  const path = first && first.path.length > 0 ? first.path.map(String).join('.') : target;
  return { status: 400, code: 'invalid_request', path, params: problemOfZod(error) };
}

export function errorBody(c: Context<AppEnv>, wire: WireError) {
  const requestId = c.get('requestId') ?? '';
  const lang = c.get('language') ?? 'vi';
  // invalid_request's detail is a key of request-problems.ts, put in words of the answer's language here.
  const params = wire.code === 'invalid_request' ? describeProblem(wire.params, lang) : wire.params;
  const message = messageOf({ code: wire.code, path: wire.path, params: { ...params, requestId } }, lang);
  return { code: wire.code, message, requestId, ...(wire.path === undefined ? {} : { path: wire.path }) };
}

export function respondWithError(c: Context<AppEnv>, wire: WireError): Response {
  for (const [name, value] of Object.entries(wire.headers ?? {})) c.header(name, value);
  return c.json(errorBody(c, wire), wire.status);
}

export function handleErrors(): ErrorHandler<AppEnv> {
  return function onError(error, c) {
    const wire = toWireError(error);
    const log = c.get('log');
    // Only the error itself is logged: never the body, the token or what a lookup found.
    if (wire.status >= 500) log?.error({ error: toLoggableError(error) }, 'request failed');
    else log?.info({ code: wire.code, status: wire.status }, 'request refused');
    return respondWithError(c, wire);
  };
}

/**
 * The error's kind and stack frames without its message: a database error's message may quote the
 * query parameters (names, identifiers), which must never reach the logs (Decree 13/2023).
 */
export function toLoggableError(error: unknown): { type: string; code?: string; frames: string[]; cause?: string } {
  if (!(error instanceof Error)) return { type: typeof error, frames: [] };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at ')).slice(0, 20).map((line) => line.trim());
  const cause = error.cause instanceof Error ? error.cause.name : undefined;
  return { type: error.name, ...(typeof code === 'string' ? { code } : {}), frames, ...(cause ? { cause } : {}) };
}
