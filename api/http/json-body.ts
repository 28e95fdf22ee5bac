// A JSON request body as the routes that stream theirs read it (POST /packages, POST /verify/claims): parsed as it
// arrives (json-stream.ts), then held to the route's schema, with the same coded answers everywhere — 413
// body_too_large past the cap, 400 invalid_request for malformed JSON (the reason worded in the request's language,
// request-problems.ts) or for a wrong shape.
import type { z } from '@hono/zod-openapi';
import { ApiError } from './api-error.ts';
import { invalidRequest } from './error-handler.ts';
import { MalformedJson, parseJsonStream, type JsonStreamWork } from './json-stream.ts';

/** A JSON media type, parameters allowed: what the validator's media-type gate accepts for a JSON body. */
export const JSON_TYPE = /^application\/([a-z.-]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

export async function parseJsonBody(stream: ReadableStream<Uint8Array> | null, maxBytes: number, work?: JsonStreamWork): Promise<unknown> {
  const tooLarge = () => new ApiError(413, 'body_too_large', { params: { limit: maxBytes } });
  try {
    return await parseJsonStream(stream ?? new Blob([]).stream(), { maxBytes, tooLarge, ...(work ? { work } : {}) });
  } catch (error) {
    if (!(error instanceof MalformedJson)) throw error;
    throw new ApiError(400, 'invalid_request', { path: 'body', params: { detail: 'malformed_json' } });
  }
}

/** `value` held to `schema`: its data, or the validator's first problem as `invalid_request` with its path. */
export function validated<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const wire = invalidRequest(parsed.error);
  throw new ApiError(wire.status, wire.code, { path: wire.path, params: wire.params });
}
