// Sign-in and sign-out of the console (issue 20): the registry's one login (lockout, journal, the same answer for
// every failure) with an idle limit, its token put in the session cookie; sign-out ends the session in the registry.
import { CONSOLE_IDLE_MS, isHocbaError, messageOf } from '../../api/index.ts';
import { afterSignIn } from './console-guard.ts';
import { clearedSessionCookie, sessionCookie, signInGuard } from './console-session.ts';
import type { Lang } from './i18n.ts';
import { consolePath } from './paths.ts';

export interface SignInPage {
  /** The redirect after a successful sign-in. */
  readonly response?: Response;
  /** The refusal to show (status 401). */
  readonly error?: string;
  /** The double-submit value for the form, and the cookie to set when the browser has none yet. */
  readonly guard: { value: string; setCookie: string | null };
  readonly next: string;
  readonly username: string;
}

export async function signInPage(locals: App.Locals, request: Request, url: URL, lang: Lang): Promise<SignInPage> {
  const secure = locals.overTls;
  const guard = signInGuard(request.headers.get('cookie'), { secure });
  const form = locals.console?.form ?? null;
  const next = afterSignIn(form ? String(form.get('tiep') ?? '') : url.searchParams.get('tiep'), lang);
  if (form === null) return { guard, next, username: '' };
  const username = String(form.get('ten') ?? '').slice(0, 200);
  try {
    const session = await locals.registry.login(username, String(form.get('mat-khau') ?? '').slice(0, 1024), {
      now: locals.clock(), client: locals.actor, idleMs: CONSOLE_IDLE_MS,
    });
    const headers = new Headers({ Location: next, 'Cache-Control': 'no-store' });
    headers.append('Set-Cookie', sessionCookie(session.token, { secure }));
    return { response: new Response(null, { status: 303, headers }), guard, next, username };
  } catch (error) {
    if (!isHocbaError(error) || error.code !== 'login_failed') throw error;
    return { error: messageOf({ code: error.code, params: error.params ?? {} }, lang), guard, next, username };
  }
}

/** Ends the session (journaled by the registry) and clears the cookie; then the sign-in page says so. */
export async function signOut(locals: App.Locals, lang: Lang): Promise<Response> {
  const token = locals.console?.token ?? null;
  if (token !== null) await locals.registry.logout(token, { now: locals.clock() });
  const headers = new Headers({ Location: consolePath(lang, 'signIn', { 'da-dang-xuat': '1' }), 'Cache-Control': 'no-store' });
  headers.append('Set-Cookie', clearedSessionCookie({ secure: locals.overTls }));
  return new Response(null, { status: 303, headers });
}
