// Body size cap checked before any parsing: 413 `body_too_large`. A declared Content-Length is judged from the header
// alone, so the body stays unread for the route (which may then read it straight from the socket: raw-body.ts);
// a chunked body is counted while it streams in (hono's bodyLimit).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../api-error.ts';

export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => new ApiError(413, 'body_too_large', { params: { limit: maxBytes } });
  const streamed = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    if (Number.parseInt(declared, 10) > maxBytes) throw tooLarge();
    await next();
  };
}
