// Astro middleware: refuse cross-site form POSTs (our CSRF guard, lib/same-origin.ts) with the 403 page.
import { defineMiddleware } from 'astro:middleware';
import { isSameOriginRequest } from './lib/same-origin.ts';

const FORBIDDEN_PAGE = '/tu-choi';

export const onRequest = defineMiddleware(async (context, next) => {
  // Prerendered pages read no request; the refusal page itself must not be refused again (a rewrite loop).
  if (context.isPrerendered || context.url.pathname === FORBIDDEN_PAGE) return next();
  const headers = context.request.headers;
  const allowed = isSameOriginRequest({
    method: context.request.method,
    hosts: [headers.get('host'), headers.get('x-forwarded-host')],
    origin: headers.get('origin'),
    fetchSite: headers.get('sec-fetch-site'),
  });
  if (!allowed) return context.rewrite(FORBIDDEN_PAGE);
  const response = await next();
  // Server-rendered pages otherwise go out as bare text/html (STACK.md): say UTF-8 in the header too.
  if (response.headers.get('content-type') === 'text/html') {
    try {
      response.headers.set('content-type', 'text/html; charset=utf-8');
    } catch { /* immutable headers (redirects) carry no page */ }
  }
  return response;
});
