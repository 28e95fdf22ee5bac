// The bearer token of a request (RFC 6750 §2.1), shared by the school and operator guards.
import type { Context } from 'hono';

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/** The token of `Authorization: Bearer <token>`, if the request carries one. */
export function bearerTokenOf(c: Context): string | undefined {
  const header = c.req.header('authorization');
  return header ? BEARER.exec(header)?.[1] : undefined;
}
