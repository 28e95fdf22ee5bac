// Security headers of every API answer: an API serves data, never a page, so the CSP allows nothing.
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export function apiSecurityHeaders(): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    // Relying parties (universities) call the public API from their own servers and pages.
    crossOriginResourcePolicy: 'cross-origin',
    removePoweredBy: true,
  });
  return async function securityHeaders(c, next) {
    await headers(c, next);
    // Answers carry statuses that change (a recall) and personal data: no shared cache keeps them.
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  };
}
