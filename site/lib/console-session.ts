// The operator console's session as the browser carries it (issue 20): the operator session token of
// api/registry/operator-sessions.ts in an HttpOnly, SameSite=Strict cookie (Secure and `__Host-` over TLS), and the
// CSRF token every console form carries: an HMAC of the session token, so it is bound to the session and needs no
// storage. Before sign-in, a random value in a second cookie and in the form (double submit) guards the sign-in form.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CONSOLE_IDLE_MS, SESSION_MS } from '../../api/index.ts';

/** The form field every console POST carries. */
export const CSRF_FIELD = 'csrf';
const SESSION_COOKIE = 'hocba_console';
const SIGN_IN_COOKIE = 'hocba_console_login';

export interface CookieFacts {
  /** The request came over TLS (PortalLocals.overTls). */
  readonly secure: boolean;
}

/** `__Host-` requires Secure, Path=/ and no Domain: a sibling subdomain cannot set or shadow it. */
export function sessionCookieName({ secure }: CookieFacts): string {
  return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

function signInCookieName({ secure }: CookieFacts): string {
  return secure ? `__Host-${SIGN_IN_COOKIE}` : SIGN_IN_COOKIE;
}

function cookie(name: string, value: string, maxAgeSeconds: number, { secure }: CookieFacts): string {
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The session cookie: it lives no longer than the session's absolute expiry (the registry also ends it when idle). */
export function sessionCookie(token: string, facts: CookieFacts): string {
  return cookie(sessionCookieName(facts), token, SESSION_MS / 1000, facts);
}

export function clearedSessionCookie(facts: CookieFacts): string {
  return cookie(sessionCookieName(facts), '', 0, facts);
}

/** Reads one cookie from a Cookie header (the last one wins, as browsers send the most specific first). */
export function cookieValue(header: string | null, name: string): string | null {
  if (header === null) return null;
  let found: string | null = null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name && found === null) found = part.slice(at + 1).trim();
  }
  return found;
}

export function sessionTokenOf(cookieHeader: string | null, facts: CookieFacts): string | null {
  return cookieValue(cookieHeader, sessionCookieName(facts));
}

/** The CSRF token of a session: HMAC-SHA256 keyed with the session token, so only its holder can compute it. */
export function csrfTokenOf(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('hocba-console-csrf/1').digest('base64url');
}

export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** The sign-in form's double-submit value: the cookie's if the browser has one, else a new one to set. */
export function signInGuard(cookieHeader: string | null, facts: CookieFacts): { value: string; setCookie: string | null } {
  const name = signInCookieName(facts);
  const current = cookieValue(cookieHeader, name);
  if (current !== null && /^[A-Za-z0-9_-]{43}$/.test(current)) return { value: current, setCookie: null };
  const value = randomBytes(32).toString('base64url');
  return { value, setCookie: cookie(name, value, CONSOLE_IDLE_MS / 1000, facts) };
}

export function signInGuardMatches(cookieHeader: string | null, given: unknown, facts: CookieFacts): boolean {
  const current = cookieValue(cookieHeader, signInCookieName(facts));
  return current !== null && sameSecret(given, current);
}
