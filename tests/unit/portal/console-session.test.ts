// The console's session pieces that need no server (issue 20): the CSRF token is bound to the session token and
// compared whole, cookies are read by exact name, the sign-in double submit needs its own cookie, a sign-in goes on
// only to a console path of this site, every refusal code has a kind of fix, and the chart's geometry is bounded.
import { describe, expect, it } from 'vitest';
import { CATALOGUE, REFUSAL_FIXES, REFUSAL_KINDS, refusalKindOf } from '../../../api/index.ts';
import { afterSignIn } from '../../../site/lib/console-guard.ts';
import { cookieValue, csrfTokenOf, sameSecret, sessionCookieName, signInGuard, signInGuardMatches } from '../../../site/lib/console-session.ts';
import { CHART, chartOf } from '../../../site/lib/console-chart.ts';

const TOKEN = `hbo_${'a'.repeat(43)}`;

describe('the CSRF token', () => {
  it('is a fixed function of the session token, differs between sessions, and is compared whole', () => {
    expect(csrfTokenOf(TOKEN)).toBe(csrfTokenOf(TOKEN));
    expect(csrfTokenOf(TOKEN)).not.toBe(csrfTokenOf(`hbo_${'b'.repeat(43)}`));
    expect(csrfTokenOf(TOKEN)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sameSecret(csrfTokenOf(TOKEN), csrfTokenOf(TOKEN))).toBe(true);
    expect(sameSecret(csrfTokenOf(TOKEN).slice(0, 42), csrfTokenOf(TOKEN))).toBe(false);
    expect(sameSecret(null, csrfTokenOf(TOKEN))).toBe(false);
    expect(sameSecret(`${csrfTokenOf(TOKEN)}x`, csrfTokenOf(TOKEN))).toBe(false);
  });
});

describe('cookies', () => {
  it('are read by exact name, the first one sent winning', () => {
    expect(cookieValue('a=1; hocba_console=x; hocba_console=y', 'hocba_console')).toBe('x');
    expect(cookieValue('xhocba_console=1', 'hocba_console')).toBeNull();
    expect(cookieValue(null, 'hocba_console')).toBeNull();
    expect(sessionCookieName({ secure: true })).toBe('__Host-hocba_console');
    expect(sessionCookieName({ secure: false })).toBe('hocba_console');
  });

  it('guard the sign-in form by double submit: a new value comes with its cookie, and only that value matches', () => {
    const fresh = signInGuard(null, { secure: false });
    expect(fresh.setCookie).toMatch(new RegExp(`^hocba_console_login=${fresh.value}; Path=/; Max-Age=1800; HttpOnly; SameSite=Strict$`));
    const header = fresh.setCookie!.split(';')[0]!;
    expect(signInGuard(header, { secure: false })).toEqual({ value: fresh.value, setCookie: null });
    expect(signInGuardMatches(header, fresh.value, { secure: false })).toBe(true);
    expect(signInGuardMatches(header, 'x'.repeat(43), { secure: false })).toBe(false);
    expect(signInGuardMatches(null, fresh.value, { secure: false })).toBe(false);
    // Over TLS only the __Host- cookie counts.
    expect(signInGuardMatches(header, fresh.value, { secure: true })).toBe(false);
  });
});

describe('after sign-in', () => {
  it.each([
    ['/quan-tri/nhat-ky?loai=login', '/quan-tri/nhat-ky?loai=login'],
    ['/en/quan-tri/chung-thu', '/en/quan-tri/chung-thu'],
    ['https://evil.example/quan-tri', '/quan-tri'],
    ['//evil.example/quan-tri', '/quan-tri'],
    ['/quan-tri//evil.example', '/quan-tri'],
    ['/tra-cuu/ABC', '/quan-tri'],
    ['/quan-tri/\\evil', '/quan-tri'],
    [null, '/quan-tri'],
  ])('goes from %s to %s', (next, expected) => {
    expect(afterSignIn(next, 'vi')).toBe(expected);
  });
});

describe('refusal kinds', () => {
  it('give every code of the catalogue a kind with a fix in both languages', () => {
    for (const code of Object.keys(CATALOGUE)) {
      const kind = refusalKindOf(code);
      expect(REFUSAL_KINDS).toContain(kind);
      expect(REFUSAL_FIXES.vi[kind].length).toBeGreaterThan(20);
      expect(REFUSAL_FIXES.en[kind].length).toBeGreaterThan(20);
    }
    expect([refusalKindOf('code_taken'), refusalKindOf('package_not_base64'), refusalKindOf('digest_mismatch'), refusalKindOf('cert_not_approved'), refusalKindOf('year_locked'), refusalKindOf('school_mismatch'), refusalKindOf('average_mismatch')])
      .toEqual(['duplicate', 'format', 'signature', 'approval', 'deadline', 'code', 'content']);
  });
});

describe('the chart', () => {
  it('puts one bar per day inside the plot, the tallest at full height, and the lock lines after their day', () => {
    const chart = chartOf([{ day: '2026-06-01', accepted: 4 }, { day: '2026-06-10', accepted: 8 }], [{ day: '2026-06-30', label: 'a' }, { day: '2026-08-15', label: 'b' }]);
    expect(chart.bars).toHaveLength(2);
    expect(chart.max).toBe(8);
    expect(chart.bars[1]!.height).toBe(CHART.height - CHART.top - CHART.bottom);
    for (const bar of chart.bars) expect(bar.x + bar.width).toBeLessThanOrEqual(CHART.width - CHART.right + 0.1);
    expect(chart.locks[0]!.x).toBeGreaterThan(chart.bars[1]!.x);
    expect(chart.locks[1]!.x).toBeLessThanOrEqual(CHART.width - CHART.right + 0.1);
    expect(chart.from).toBe('2026-05-31');
  });
});
