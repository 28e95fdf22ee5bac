// Astro middleware: refuse cross-site form POSTs (our CSRF guard, lib/same-origin.ts) with the 403 page.
import { defineMiddleware } from 'astro:middleware';
import { guardConsole } from './lib/console-guard.ts';
import { isConsolePath } from './lib/paths.ts';
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
  // The operator console: a live operator session (and, on a POST, its CSRF token) or nothing under /quan-tri.
  if (isConsolePath(context.url.pathname)) {
    const outcome = await guardConsole(context.request, context.url, context.locals);
    if (outcome.kind === 'sign-in') return context.redirect(outcome.location, 303);
    if (outcome.kind === 'refuse') {
      if (outcome.status === 413) return new Response('Quá lớn / Too large', { status: 413, headers: { 'content-type': 'text/plain; charset=utf-8' } });
      // As a GET: the request's body may have been read already (the CSRF check), and the 403 page reads none.
      return context.rewrite(new Request(new URL(FORBIDDEN_PAGE, context.url), { method: 'GET' }));
    }
    context.locals.console = outcome.state;
  }
  const response = await next();
  // Server-rendered pages otherwise go out as bare text/html (STACK.md): say UTF-8 in the header too.
  if (response.headers.get('content-type') === 'text/html') {
    try {
      response.headers.set('content-type', 'text/html; charset=utf-8');
    } catch { /* immutable headers (redirects) carry no page */ }
  }
  return response;
});
