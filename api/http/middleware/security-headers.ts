// Security headers of every API answer: an API serves data, never a page, so the CSP allows nothing.
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { isFromTrustedProxy, NO_TRUSTED_PROXIES, peerOf, type TrustedProxies } from '../client-address.ts';

/** One year, subdomains included: a browser that saw TLS once never falls back to plain HTTP. */
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/**
 * Did the request arrive over TLS? An encrypted socket says so; from a trusted proxy (the socket peer is one of
 * `trusted`) its first `X-Forwarded-Proto` value does. From anyone else the header is the client's word and
 * counts for nothing. HSTS on plain HTTP would be ignored by browsers at best and pin a host that has no TLS at worst.
 */
export function isOverTls(
  request: { forwardedProto?: string | null; encrypted?: boolean; peer: string | undefined },
  trusted: TrustedProxies,
): boolean {
  if (request.encrypted === true) return true;
  if (!isFromTrustedProxy(request.peer, trusted)) return false;
  return (request.forwardedProto ?? '').split(',', 1)[0]!.trim().toLowerCase() === 'https';
}

export function apiSecurityHeaders(options: { trustedProxies?: TrustedProxies } = {}): MiddlewareHandler {
  const trusted = options.trustedProxies ?? NO_TRUSTED_PROXIES;
  const headers = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    // Relying parties (universities) call the public API from their own servers and pages.
    crossOriginResourcePolicy: 'cross-origin',
    // Set below, only when the request came over TLS.
    strictTransportSecurity: false,
    removePoweredBy: true,
  });
  return async function securityHeaders(c, next) {
    await headers(c, next);
    // Answers carry statuses that change (a recall) and personal data: no shared cache keeps them.
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
    // Under @hono/node-server, env.incoming is the Node request; app.request() in tests has no socket.
    const socket = (c.env as { incoming?: { socket?: { encrypted?: boolean } } } | undefined)?.incoming?.socket;
    const overTls = isOverTls({ forwardedProto: c.req.header('X-Forwarded-Proto'), encrypted: socket?.encrypted === true, peer: peerOf(c) }, trusted);
    if (overTls) c.res.headers.set('Strict-Transport-Security', HSTS_VALUE);
    else c.res.headers.delete('Strict-Transport-Security');
  };
}
