// The console's door (issue 20), called by site/middleware.ts for every path under /quan-tri: a page without a live
// operator session goes to the sign-in page (303), a POST without one, or without the session's CSRF token, is
// refused (403). A school token is not an operator token (api/registry/operator-sessions.ts), so it is refused too.
import { consolePath, langOfPath } from './paths.ts';
import { CSRF_FIELD, csrfTokenOf, sameSecret, sessionTokenOf, signInGuardMatches } from './console-session.ts';
import type { PortalLocals } from './locals.ts';

/** Console forms are small (the largest is an expected-counts CSV of a province's schools): 1 MiB at most. */
export const CONSOLE_BODY_LIMIT = 1024 * 1024;

export interface ConsoleState {
  readonly operator: { readonly username: string; readonly displayName: string } | null;
  /** The session token (never shown), for sign-out. */
  readonly token: string | null;
  /** The CSRF token the page's forms carry (null before sign-in). */
  readonly csrf: string | null;
  /** A POST's fields, read once here (the body can be read only once). */
  readonly form: FormData | null;
  readonly secure: boolean;
}

export type GuardOutcome =
  | { readonly kind: 'pass'; readonly state: ConsoleState }
  | { readonly kind: 'sign-in'; readonly location: string }
  | { readonly kind: 'refuse'; readonly status: 403 | 413 };

const SAFE = new Set(['GET', 'HEAD']);

export async function guardConsole(request: Request, url: URL, locals: PortalLocals): Promise<GuardOutcome> {
  const lang = langOfPath(url.pathname);
  const secure = locals.overTls;
  const cookies = request.headers.get('cookie');
  const safe = SAFE.has(request.method);
  const signingIn = url.pathname === consolePath(lang, 'signIn');
  const token = signingIn ? null : sessionTokenOf(cookies, { secure });
  const operator = token === null ? null : await locals.registry.authenticateOperator(token, locals.clock());
  // Without a session a POST is refused before its body is read; a page goes to the sign-in form.
  if (!signingIn && (operator === null || token === null)) {
    if (!safe) return { kind: 'refuse', status: 403 };
    return { kind: 'sign-in', location: consolePath(lang, 'signIn', { tiep: url.pathname + url.search }) };
  }
  let form: FormData | null = null;
  if (!safe) {
    const length = Number(request.headers.get('content-length') ?? Number.NaN);
    if (!Number.isInteger(length) || length > CONSOLE_BODY_LIMIT) return { kind: 'refuse', status: 413 };
    try {
      form = await request.formData();
    } catch {
      return { kind: 'refuse', status: 403 };
    }
  }
  if (signingIn || operator === null || token === null) {
    if (form !== null && !signInGuardMatches(cookies, form.get(CSRF_FIELD), { secure })) return { kind: 'refuse', status: 403 };
    return { kind: 'pass', state: { operator: null, token: null, csrf: null, form, secure } };
  }
  const csrf = csrfTokenOf(token);
  if (form !== null && !sameSecret(form.get(CSRF_FIELD), csrf)) return { kind: 'refuse', status: 403 };
  return { kind: 'pass', state: { operator: { username: operator.username, displayName: operator.displayName }, token, csrf, form, secure } };
}

/** Where to go after signing in: a console path of the same site only (never an open redirect). */
export function afterSignIn(next: string | null, lang: 'vi' | 'en'): string {
  if (next !== null && /^(\/en)?\/quan-tri(\/[a-z0-9./-]*)?(\?[A-Za-z0-9=&%._-]*)?$/.test(next) && !next.includes('//')) return next;
  return consolePath(lang);
}
