// Astro middleware: refuse cross-site form POSTs (our CSRF guard, lib/same-origin.ts) with the 403 page.
import { defineMiddleware } from 'astro:middleware';
import { isSameOriginRequest } from './lib/same-origin.ts';

export const onRequest = defineMiddleware((context, next) => {
  if (context.isPrerendered) return next();
  const headers = context.request.headers;
  const allowed = isSameOriginRequest({
    method: context.request.method,
    hosts: [headers.get('host'), headers.get('x-forwarded-host')],
    origin: headers.get('origin'),
    fetchSite: headers.get('sec-fetch-site'),
  });
  return allowed ? next() : context.rewrite('/tu-choi');
});
