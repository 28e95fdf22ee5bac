// The operator console under /quan-tri (issue 20) on a real server: sign-in with an operator account, the session
// cookie's attributes, CSRF and session expiry refused (time injected through the portal's clock), an anonymous
// visitor and a school token refused on every console route (the exact set of pages), every page at 1280 and 390 px
// axe-clean in both languages, every action with JavaScript off (journaled under the operator), a forwarding run to a
// second, national instance started from the console, the log's checkpoints on the journal page, the overview's
// numbers equal to SQL's in the seeded year, the refusals CSV; and the screenshots of docs/operator.md.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CONSOLE_IDLE_MS, SESSION_MS, csvLine, vietnamDateOf } from '../../api/index.ts';
import { parseTrustedProxies } from '../../api/http/client-address.ts';
import { ensureSiteBuilt } from '../../scripts/build-site.ts';
import { startServer } from '../../api/server/index.ts';
import { createPortal } from '../../api/server/portal.ts';
import { runAxe } from './support/accessibility.ts';
import { download, launchBrowser, newContext, SCREENSHOTS } from './support/browser.ts';
import { startPortalUnderTest, type PortalUnderTest } from './support/portal-server.ts';
import { enrolFixtures, SCHOOLS } from '../helpers/signed-records.ts';
import { openDatabase, type Database } from '../../db/client.ts';
import { wireRegistry, type WiredRegistry } from '../../api/registry/open.ts';
import type { RunningServer } from '../../api/server/index.ts';

const USER = 'lan.nguyen';
const NAME = 'Nguyễn Thị Lan';
const PASSWORD = 'Hồ Gươm mùa thu 2026';
// The screenshots of docs/operator.md are refreshed only when asked (HOCBA_DOCS_SCREENSHOTS=1): a test run leaves the checkout as it was.
const SHOTS = process.env.HOCBA_DOCS_SCREENSHOTS === '1' ? join(process.cwd(), 'docs', 'img') : SCREENSHOTS;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** Every console route, relative to /quan-tri, as the pages folder has them (checked against it below). */
const PAGES = ['', '/dang-nhap', '/dang-xuat', '/loi-nop', '/loi-nop.csv', '/chung-thu', '/thao-tac', '/nhat-ky'];
/** The routes that need a session: all but the sign-in page. */
const GUARDED = PAGES.filter((page) => page !== '/dang-nhap');

let portal: PortalUnderTest;
let browser: Browser;
/** A second, national instance (`serve --national`) on its own database, that the console's "Forward now" sends to. */
let national: { database: Database; wired: WiredRegistry; server: RunningServer | null };
const clock = { offset: 0 };
const now = () => new Date(Date.now() + clock.offset);

beforeAll(async () => {
  await ensureSiteBuilt();
  // 127.0.0.1 as a trusted proxy: a request saying X-Forwarded-Proto: https is then "over TLS" (the Secure cookie).
  // Every request comes from one address: a budget no test reaches (the page budget is tested in portal-guards.test.ts).
  const nationalDb = await openDatabase();
  const wired = wireRegistry(nationalDb);
  national = { database: nationalDb, wired, server: await startServer({ registry: wired.registry, port: 0, national: true }) };
  const { token } = await wired.registry.forwarding.addProvince('01');
  portal = await startPortalUnderTest({
    clock: now, trustedProxies: parseTrustedProxies('127.0.0.1/32'), requestsPerMinute: 100_000, loginRequestsPerMinute: 100_000,
    forwardTo: { url: national.server!.url, token },
    // The registry signs the log (its turns run only when a test asks, so "no checkpoint yet" is seen too).
    log: true,
  });
  // The national side trusts the same CAs (it verifies every package again); it needs no school of its own.
  await enrolFixtures(wired.registry, portal.fixtures, []);
  await portal.opened.registry.addOperator({ username: USER, displayName: NAME, password: PASSWORD });
  // Two refused pushes (unreadable packages) of school B in this school year's season, for the overview and refusals.
  await portal.opened.registry.submitPackages(SCHOOLS.b.code, ['không phải base64!', '%%%']);
  // And one that parsed: a grade-4 record of school A pushed by school C (school_mismatch), counted under grade 4 of C.
  await portal.opened.registry.submitPackages(SCHOOLS.c.code, [await portal.fixtures.packaged(SCHOOLS.a, 9001, { grade: 4 })]);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await national?.server?.close();
  await national?.wired.close();
  await national?.database.close();
});

const url = (path: string) => `${portal.url}${path}`;
const get = (path: string, headers: Record<string, string> = {}) => fetch(url(path), { redirect: 'manual', headers });
const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) => fetch(url(path), {
  method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
  headers: { origin: portal.url, 'content-type': 'application/x-www-form-urlencoded', ...headers },
});

/** Signs in over HTTP as a browser would: the form's double-submit cookie, then the POST. Returns the session cookie and CSRF token. */
async function signIn(headers: Record<string, string> = {}): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const form = await get('/quan-tri/dang-nhap', headers);
  const guard = form.headers.get('set-cookie')!.split(';')[0]!;
  const value = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const signed = await post('/quan-tri/dang-nhap', { csrf: value, ten: USER, 'mat-khau': PASSWORD, tiep: '/quan-tri' }, { cookie: guard, ...headers });
  expect(signed.status).toBe(303);
  const setCookie = signed.headers.get('set-cookie')!;
  const cookie = setCookie.split(';')[0]!;
  const page = await get('/quan-tri/thao-tac', { cookie, ...headers });
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  return { cookie, csrf, setCookie };
}

describe('the console\'s routes', () => {
  it('are exactly the pages of site/pages/quan-tri, in Vietnamese and English', () => {
    const found = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.(astro|ts)$/.test(file)).map((file) => `/${relative('.', file).replace(/\.(astro|ts)$/, '').replace(/(^|\/)index$/, '')}`.replace(/\/$/, ''))
      .sort();
    const expected = [...PAGES].sort();
    expect(found(join('site', 'pages', 'quan-tri'))).toEqual(expected);
    expect(found(join('site', 'pages', 'en', 'quan-tri'))).toEqual(expected);
  });
});

describe('an anonymous visitor and a school token', () => {
  const refusals = async (headers: Record<string, string>) => {
    const seen: string[] = [];
    for (const lang of ['', '/en']) {
      for (const page of GUARDED) {
        const path = `${lang}/quan-tri${page}`;
        const read = await get(path, headers);
        // A page sends the visitor to sign in, coming back here afterwards; it shows nothing of the console.
        if (read.status !== 303 || read.headers.get('location') !== `${lang}/quan-tri/dang-nhap?tiep=${encodeURIComponent(path)}`) seen.push(`GET ${path} ${read.status}`);
        const write = await post(path, { csrf: 'x', 'thao-tac': 'lock-dates' }, headers);
        if (write.status !== 403) seen.push(`POST ${path} ${write.status}`);
      }
    }
    return seen;
  };

  it('are sent to sign in on every console page and refused (403) on every POST', async () => {
    expect(await refusals({})).toEqual([]);
    const tokens = await portal.database.query<{ n: number }>('select count(*)::int as n from school_tokens');
    expect(tokens[0]!.n).toBeGreaterThan(0);
  });

  it('refuses a school\'s API token as a bearer token and as the session cookie', async () => {
    const { token } = await portal.opened.registry.addSchool({ code: '01009001', name: 'Trường Thử Token', provinceCode: '01', certificates: [] });
    expect(await refusals({ authorization: `Bearer ${token}` })).toEqual([]);
    expect(await refusals({ cookie: `hocba_console=${token}` })).toEqual([]);
  });

  it('changes nothing through a refused POST', async () => {
    const before = await portal.database.query<{ n: number }>('select count(*)::int as n from lock_dates');
    await post('/quan-tri/thao-tac', { 'thao-tac': 'lock-dates', nam: '2030-2031', 'chot-chinh': '2031-06-30', 'chot-bo-sung': '2031-08-15' });
    expect(await portal.database.query('select count(*)::int as n from lock_dates')).toEqual(before);
  });
});

describe('the session cookie', () => {
  it('is HttpOnly and SameSite=Strict, without Secure over plain HTTP', async () => {
    const { setCookie } = await signIn();
    expect(setCookie).toMatch(/^hocba_console=hbo_[A-Za-z0-9_-]{43}; Path=\/; Max-Age=28800; HttpOnly; SameSite=Strict$/);
  });

  it('is Secure with the __Host- prefix when the browser came over TLS (a trusted proxy says https)', async () => {
    const { setCookie, cookie } = await signIn({ 'x-forwarded-proto': 'https' });
    expect(setCookie).toMatch(/^__Host-hocba_console=hbo_[A-Za-z0-9_-]{43}; Path=\/; Max-Age=28800; HttpOnly; SameSite=Strict; Secure$/);
    expect((await get('/quan-tri', { cookie, 'x-forwarded-proto': 'https' })).status).toBe(200);
    // The same token under the plain name is not read over TLS (the prefix is what a subdomain cannot plant).
    expect((await get('/quan-tri', { cookie: cookie.replace('__Host-', ''), 'x-forwarded-proto': 'https' })).status).toBe(303);
  });

  it('is journaled at sign-in and ended at sign-out', async () => {
    const { cookie, csrf } = await signIn();
    const out = await post('/quan-tri/dang-xuat', { csrf }, { cookie });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^hocba_console=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
    expect((await get('/quan-tri', { cookie })).status).toBe(303);
    const events = await portal.database.query<{ kind: string; detail: { idleMs?: number } }>(
      `select kind, detail from events where kind in ('login', 'logout') and actor = $1 order by id desc limit 2`, [`operator:${USER}`]);
    expect(events.map((event) => event.kind)).toEqual(['logout', 'login']);
    expect(events[1]!.detail.idleMs).toBe(CONSOLE_IDLE_MS);
  });
});

describe('every console page', () => {
  it('is sent private and uncached, under the portal\'s strict CSP, with nothing inline (no script, style element or attribute)', async () => {
    const { cookie } = await signIn();
    for (const lang of ['', '/en']) {
      for (const page of PAGES.filter((path) => path !== '/dang-xuat' && path !== '/loi-nop.csv')) {
        const response = await get(`${lang}/quan-tri${page}`, { cookie });
        expect(response.status, page).toBe(200);
        expect(response.headers.get('cache-control')).toBe('private, no-store');
        expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
        const html = await response.text();
        expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
        expect(html).not.toMatch(/<style[\s>]/);
        expect(html).not.toMatch(/\sstyle="/);
      }
    }
  });
});

describe('CSRF', () => {
  it('refuses a console POST with the token missing, wrong or of another session, and changes nothing', async () => {
    const mine = await signIn();
    const other = await signIn();
    const fields = { 'thao-tac': 'expected', nam: '2025-2026', truong: SCHOOLS.a.code, so: '40' };
    expect((await post('/quan-tri/thao-tac', fields, { cookie: mine.cookie })).status).toBe(403);
    expect((await post('/quan-tri/thao-tac', { ...fields, csrf: 'A'.repeat(43) }, { cookie: mine.cookie })).status).toBe(403);
    expect((await post('/quan-tri/thao-tac', { ...fields, csrf: other.csrf }, { cookie: mine.cookie })).status).toBe(403);
    expect((await post('/quan-tri/dang-xuat', {}, { cookie: mine.cookie })).status).toBe(403);
    expect(await portal.database.query('select * from expected_counts')).toEqual([]);
    // A cross-site form is refused by the portal's origin check before anything else.
    expect((await post('/quan-tri/thao-tac', { ...fields, csrf: mine.csrf }, { cookie: mine.cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/quan-tri/thao-tac', { ...fields, csrf: mine.csrf }, { cookie: mine.cookie })).status).toBe(200);
  });

  it('answers 429 past the sign-in budget of an address, as the operator API\'s login does', async () => {
    const tight = await createPortal({ registry: portal.opened.registry, loginRequestsPerMinute: 3 });
    const server = await startServer({ registry: portal.opened.registry, port: 0, portal: tight.handler });
    try {
      const attempt = () => fetch(`${server.url}/quan-tri/dang-nhap`, {
        method: 'POST', redirect: 'manual', body: new URLSearchParams({ ten: USER, 'mat-khau': 'sai' }),
        headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      });
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await attempt()).status);
      expect(statuses).toEqual([403, 403, 403, 429]);
      // Pages are not sign-in attempts: the form still shows.
      expect((await fetch(`${server.url}/quan-tri/dang-nhap`)).status).toBe(200);
    } finally {
      await server.close();
      await tight.close();
    }
  });

  it('refuses a sign-in POST without the form\'s double-submit value, even with the right password', async () => {
    const refused = await post('/quan-tri/dang-nhap', { ten: USER, 'mat-khau': PASSWORD, csrf: 'A'.repeat(43) }, { cookie: `hocba_console_login=${'B'.repeat(43)}` });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('set-cookie')).toBeNull();
  });
});

describe('session expiry (the portal\'s clock moved, nothing slept)', () => {
  it('ends a session idle for 30 minutes, and a busy one 8 hours after sign-in', async () => {
    clock.offset = 0;
    const idle = await signIn();
    const busy = await signIn();
    clock.offset = CONSOLE_IDLE_MS - 60_000;
    expect((await get('/quan-tri/nhat-ky', { cookie: busy.cookie })).status).toBe(200);
    clock.offset = CONSOLE_IDLE_MS;
    expect((await get('/quan-tri/nhat-ky', { cookie: idle.cookie })).status).toBe(303);
    expect((await post('/quan-tri/thao-tac', { csrf: idle.csrf, 'thao-tac': 'expected' }, { cookie: idle.cookie })).status).toBe(403);
    for (let at = CONSOLE_IDLE_MS; at < SESSION_MS; at += 20 * 60_000) {
      clock.offset = at;
      expect((await get('/quan-tri/chung-thu', { cookie: busy.cookie })).status).toBe(200);
    }
    clock.offset = SESSION_MS;
    expect((await get('/quan-tri/chung-thu', { cookie: busy.cookie })).status).toBe(303);
    clock.offset = 0;
  });
});

/** The school year of a seeded record, as the database holds it. */
async function yearOf(code: string): Promise<string> {
  return (await portal.database.query<{ year: string }>('select school_year as year from records where lookup_code = $1', [code]))[0]!.year;
}

describe('certificates and trust', () => {
  it('shows each issuer\'s CRL as current, and as a problem once the portal\'s clock passes its next update', async () => {
    const crls = await portal.database.query<{ next: Date }>('select max(next_update) as next from crls group by issuer');
    const latest = Math.max(...crls.map((row) => new Date(row.next).getTime()));
    clock.offset = 0;
    const before = await (await get('/quan-tri/chung-thu', { cookie: (await signIn()).cookie })).text();
    expect(before.match(/data-crl="fresh"/g)).toHaveLength(crls.length);
    clock.offset = latest - Date.now() + 60_000;
    const after = await (await get('/quan-tri/chung-thu', { cookie: (await signIn()).cookie })).text();
    expect(after.match(/data-crl="stale"/g)).toHaveLength(crls.length);
    expect(after).toContain('Quá hạn – cần nạp CRL mới');
    clock.offset = 0;
  });
});

async function signedInPage(context: BrowserContext, lang: '' | '/en' = ''): Promise<Page> {
  await context.clearCookies();
  const page = await context.newPage();
  await page.goto(`${lang}/quan-tri`);
  expect(new URL(page.url()).pathname).toBe(`${lang}/quan-tri/dang-nhap`);
  await page.locator('#ten').fill(USER);
  await page.locator('#mat-khau').fill(PASSWORD);
  await page.locator('form.panel button[type=submit]').click();
  await page.waitForURL((target) => target.pathname === `${lang}/quan-tri`);
  return page;
}

describe('in the browser', () => {
  let withScript: BrowserContext;
  let withoutScript: BrowserContext;
  beforeAll(async () => {
    withScript = await newContext(browser, portal.url, { bypassCSP: true });
    withoutScript = await newContext(browser, portal.url, { javaScriptEnabled: false });
  });
  afterAll(async () => {
    await withScript?.close();
    await withoutScript?.close();
  });

  it('signs in with JavaScript off, shows who is signed in, and signs out', async () => {
    const page = await signedInPage(withoutScript);
    await expect(page.locator('.sign-out strong').textContent()).resolves.toBe(NAME);
    await page.locator('.sign-out button').click();
    await page.waitForURL((target) => target.pathname === '/quan-tri/dang-nhap');
    expect(await page.locator('[role=status]').textContent()).toContain('Bạn đã đăng xuất');
    await page.close();
  });

  it('refuses a wrong password with the registry\'s one answer (401)', async () => {
    const page = await withoutScript.newPage();
    await page.goto('/quan-tri/dang-nhap');
    await page.locator('#ten').fill(USER);
    await page.locator('#mat-khau').fill('sai mật khẩu rồi nhé');
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('form.panel button[type=submit]').click()]);
    expect(response.status()).toBe(401);
    expect(await page.locator('[role=alert]').textContent()).toContain('15');
    await page.close();
  });

  it('shows the overview\'s numbers as SQL counts them in the seeded year', async () => {
    const page = await signedInPage(withoutScript);
    const year = await yearOf(portal.codes.notLocked);
    await page.goto(`/quan-tri?nam=${year}`);
    const totals = await portal.database.query<{ accepted: number; recalled: number; replaced: number }>(
      `select count(*)::int as accepted, count(*) filter (where status = 'recalled')::int as recalled, count(*) filter (where status = 'replaced')::int as replaced
       from records where school_year = $1`, [year]);
    const shown = async (name: string) => Number(await page.locator(`[data-count=${name}]`).textContent());
    expect({ accepted: await shown('accepted'), recalled: await shown('recalled'), replaced: await shown('replaced') }).toEqual(totals[0]);
    const perGrade = await portal.database.query<{ school: string; grade: number; n: number }>(
      'select school_code as school, grade, count(*)::int as n from records where school_year = $1 group by 1, 2 order by 1, 2', [year]);
    for (const row of perGrade) {
      expect(Number(await page.locator(`tr[data-school="${row.school}"][data-grade="${row.grade}"] [data-cell=accepted]`).textContent())).toBe(row.n);
    }
    const refused = await portal.database.query<{ school: string; n: number }>(
      `select school_code as school, count(*)::int as n from submissions where status = 'rejected' group by 1 order by 1`);
    expect(refused).toEqual([{ school: SCHOOLS.b.code, n: 2 }, { school: SCHOOLS.c.code, n: 1 }]);
    for (const row of refused) {
      expect(Number(await page.locator(`tr[data-school="${row.school}"]:not([data-grade]) [data-cell=refused]`).textContent())).toBe(row.n);
    }
    // Per school and grade: the grade the refused record named, or the "grade unknown" row when it never parsed.
    const refusedPerGrade = await portal.database.query<{ school: string; grade: number | null; n: number }>(
      `select school_code as school, grade, count(*)::int as n from submissions where status = 'rejected' group by 1, 2 order by 1, 2`);
    expect(refusedPerGrade).toEqual([{ school: SCHOOLS.b.code, grade: null, n: 2 }, { school: SCHOOLS.c.code, grade: 4, n: 1 }]);
    for (const row of refusedPerGrade) {
      const cell = page.locator(`tr[data-school="${row.school}"][data-grade="${row.grade ?? 'unknown'}"] [data-cell=refused]`);
      expect(Number(await cell.textContent())).toBe(row.n);
    }
    expect(await page.locator(`tr[data-school="${SCHOOLS.b.code}"][data-grade="unknown"] th`).textContent()).toContain('Không rõ khối');
    const days = await portal.database.query<{ n: number }>(
      `select count(distinct to_char((received_at at time zone 'UTC') + interval '7 hours', 'YYYY-MM-DD'))::int as n from records where school_year = $1`, [year]);
    expect(await page.locator('[data-table=per-day] tbody tr').count()).toBe(days[0]!.n);
    expect(await page.locator('svg.chart rect.bar').count()).toBe(days[0]!.n);
    await page.close();
  });

  it('runs every action with JavaScript off, each journaled under the operator', async () => {
    const page = await signedInPage(withoutScript);
    const pki = portal.fixtures;
    await page.goto('/quan-tri/thao-tac');
    // The page an action answers shows every form again: the next action is sent from it.
    const submit = async (form: string, fields: Record<string, string>) => {
      const scope = page.locator(`form[data-form="${form}"]`);
      for (const [name, value] of Object.entries(fields)) await scope.locator(`[name="${name}"]`).fill(value);
      await scope.locator('button[type=submit]').click();
      await page.waitForLoadState();
      return { outcome: await page.locator('[data-outcome]').getAttribute('data-outcome'), text: await page.locator('[data-outcome]').textContent() };
    };
    const journaled = async (kind: string) => (await portal.database.query<{ actor: string }>('select actor from events where kind = $1 order by id desc limit 1', [kind]))[0]?.actor;

    expect((await submit('add-school', { truong: '01002001', ten: 'Trường THCS Thử Nghiệm', tinh: '01' }))).toMatchObject({ outcome: 'done' });
    const addedToken = (await page.locator('[data-secret]').textContent())!;
    expect(addedToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(await portal.opened.registry.authenticateSchool(addedToken)).toEqual({ schoolCode: '01002001' });
    expect(await journaled('school_add')).toBe(`operator:${USER}`);

    expect((await submit('approve', { truong: '01002001', 'chung-thu': pki.pem(SCHOOLS.a.seal) }))).toMatchObject({ outcome: 'done' });
    expect(await journaled('approve')).toBe(`operator:${USER}`);
    const { fingerprint } = (await portal.database.query<{ fingerprint: string }>(`select fingerprint from school_certificates where school_code = '01002001'`))[0]!;
    expect((await submit('withdraw', { truong: '01002001', 'van-tay': fingerprint }))).toMatchObject({ outcome: 'done' });
    expect(await journaled('withdraw')).toBe(`operator:${USER}`);

    // The new school's token (shown once above) and a second one: the second revoked by its number, then every live one.
    const secondToken = await portal.opened.registry.issueSchoolToken('01002001');
    const byNumber = await submit('revoke-token', { truong: '01002001', 'so-ma': `#${secondToken.tokenId}` });
    expect(byNumber).toMatchObject({ outcome: 'done', text: expect.stringContaining(`#${secondToken.tokenId}`) });
    expect(await portal.opened.registry.authenticateSchool(secondToken.token)).toBeNull();
    expect(await portal.database.query(`select count(*)::int as n from school_tokens where school_code = '01002001' and revoked_at is null`)).toEqual([{ n: 1 }]);
    expect((await submit('revoke-token', { truong: '01002001' }))).toMatchObject({ outcome: 'done' });
    expect(await portal.database.query(`select count(*)::int as n from school_tokens where school_code = '01002001' and revoked_at is null`)).toEqual([{ n: 0 }]);
    expect(await portal.opened.registry.authenticateSchool(addedToken)).toBeNull();
    expect(await journaled('token_revoke')).toBe(`operator:${USER}`);
    const nothingLive = await submit('revoke-token', { truong: '01002001' });
    expect(nothingLive.outcome).toBe('failed');
    expect(nothingLive.text).toContain('không có mã truy cập API nào còn hiệu lực');

    const next = Number(new Date().getUTCFullYear()) + 1;
    expect((await submit('lock-dates', { nam: `${next}-${next + 1}`, 'chot-chinh': `${next + 1}-06-30`, 'chot-bo-sung': `${next + 1}-08-20` }))).toMatchObject({ outcome: 'done' });
    expect(await journaled('lock')).toBe(`operator:${USER}`);

    const year = await yearOf(portal.codes.inForce);
    const until = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    expect((await submit('late-window', { truong: '01002001', nam: year, 'den-ngay': until, 'ly-do': 'Trường bổ sung hồ sơ thất lạc' }))).toMatchObject({ outcome: 'done' });
    expect(await journaled('late_window_open')).toBe(`operator:${USER}`);

    // A transfer (issue 19) from the same form page: the student of a seeded record moves to another seeded school.
    const { studentCode: student, schoolCode: from } = (await portal.opened.registry.getRecord(portal.codes.inForce))!;
    const to = [SCHOOLS.a.code, SCHOOLS.b.code].find((code) => code !== from)!;
    const today = new Date().toISOString().slice(0, 10);
    const moved = await submit('transfer', { 'ma-hoc-sinh': student, 'truong-cu': from, 'truong-moi': to, ngay: today, 'ly-do': 'Gia đình chuyển nơi ở' });
    expect(moved, moved.text ?? '').toMatchObject({ outcome: 'done' });
    expect(await journaled('transfer')).toBe(`operator:${USER}`);
    expect(await portal.database.query('select student_code, from_school, to_school from transfers')).toEqual([{ student_code: student, from_school: from, to_school: to }]);
    // The same transfer again is refused by the core (the old school no longer manages the student), in words.
    const again = await submit('transfer', { 'ma-hoc-sinh': student, 'truong-cu': from, 'truong-moi': to, ngay: today, 'ly-do': 'Lặp lại' });
    expect(again.outcome).toBe('failed');
    expect(again.text).toContain(`hiện không do trường ${from} quản lý`);

    expect((await submit('expected', { nam: year, truong: SCHOOLS.a.code, so: '120' }))).toMatchObject({ outcome: 'done' });
    const csv = `ma_truong,so_du_kien\r\n${csvLine([SCHOOLS.b.code, 80])}\r\n${csvLine([SCHOOLS.c.code, 35])}\r\n`;
    expect((await submit('expected', { nam: year, csv }))).toMatchObject({ outcome: 'done' });
    expect(await portal.database.query('select school_code, expected from expected_counts where school_year = $1 order by school_code', [year]))
      .toEqual([{ school_code: SCHOOLS.a.code, expected: 120 }, { school_code: SCHOOLS.b.code, expected: 80 }, { school_code: SCHOOLS.c.code, expected: 35 }]);
    expect(await journaled('expected_count')).toBe(`operator:${USER}`);

    // A refusal of the core comes back as its message, and nothing is written.
    const refused = await submit('lock-dates', { nam: 'năm nay', 'chot-chinh': 'x', 'chot-bo-sung': 'y' });
    expect(refused.outcome).toBe('failed');
    await page.close();
  });

  it('forwards to the national instance from the actions page with JavaScript off, journaled under the operator, and shows the result or the exact error', async () => {
    const page = await signedInPage(withoutScript);
    const year = await yearOf(portal.codes.notLocked);
    const target = new URL(national.server!.url).origin;
    await page.goto(`/quan-tri/thao-tac?nam=${year}`);
    expect(await page.locator('[data-forward-target]').textContent()).toBe(target);
    expect(await page.locator('[data-forward-last]').getAttribute('data-forward-last')).toBe('none');
    const before = await portal.opened.registry.forwarding.status(year, target);
    expect(Number(await page.locator('tr[data-deadline=completed] [data-cell=unforwarded]').textContent())).toBe(before.deadlines[0]!.unforwarded);
    expect(before.deadlines[0]!.unforwarded).toBeGreaterThan(0);
    const stream = await portal.opened.registry.forwarding.countStream(0);

    const forwardNow = async () => {
      await page.locator('form[data-form="forward"] button[type=submit]').click();
      await page.waitForLoadState();
      const outcome = await page.locator('[data-outcome]').getAttribute('data-outcome');
      await portal.forwardRunEnded();
      await page.goto(`/quan-tri/thao-tac?nam=${year}`);
      return outcome;
    };
    expect(await forwardNow()).toBe('done');
    expect(await page.locator('[data-forward-last]').getAttribute('data-forward-last')).toBe('ok');
    expect(Number(await page.locator('[data-forward-sent]').textContent())).toBe(stream);
    expect(await page.locator('[data-forward-by]').textContent()).toBe(`operator:${USER}`);
    expect(Number(await page.locator('tr[data-deadline=completed] [data-cell=unforwarded]').textContent())).toBe(0);
    // The national store now holds every record of the province; each acknowledged batch is journaled under the operator.
    const count = async (database: Database) => (await database.query<{ n: number }>('select count(*)::int as n from records'))[0]!.n;
    expect(await count(national.database)).toBe(await count(portal.database));
    const batches = await portal.database.query<{ actor: string; items: number }>(`select actor, (detail->>'items')::int as items from events where kind = 'forward' and subject = $1`, [target]);
    expect(batches.map((row) => row.actor)).toEqual(batches.map(() => `operator:${USER}`));
    expect(batches.reduce((sum, row) => sum + row.items, 0)).toBe(stream);

    // With the national instance gone, the run stops and the page names the error as the forwarder met it.
    await national.server!.close();
    national.server = null;
    expect(await forwardNow()).toBe('done');
    expect(await page.locator('[data-forward-last]').getAttribute('data-forward-last')).toBe('error');
    expect(await page.locator('[data-forward-result]').textContent()).toContain(target);
    await page.close();
  });

  it('lists the transfer proposals awaiting their receiving school on the actions page, read-only, in Vietnamese and English', async () => {
    const page = await signedInPage(withoutScript);
    await page.goto('/quan-tri/thao-tac');
    expect(await page.locator('[data-proposals-none]').textContent()).toBe('Không có đề nghị nào đang chờ.');
    // A school's proposal through the same core as the school API: the student of a seeded record of school B, to A.
    const { studentCode } = (await portal.opened.registry.getRecord(portal.codes.secondary))!;
    const today = new Date().toISOString().slice(0, 10);
    const made = await portal.opened.registry.proposeTransfer(SCHOOLS.b.code, { studentCode, toSchool: SCHOOLS.a.code, effectiveDate: today, reason: 'Gia đình chuyển nơi ở' });
    const listed = await portal.database.query<{ id: number; student_code: string; from_school: string; to_school: string; reason: string }>(
      `select id::int as id, student_code, from_school, to_school, reason from transfer_proposals where status = 'pending' order by id`);
    expect(listed.map((row) => row.id)).toEqual([made.id]);
    for (const lang of ['', '/en'] as const) {
      await page.goto(`${lang}/quan-tri/thao-tac`);
      const rows = page.locator('[data-table=proposals] tbody tr');
      expect(await rows.count()).toBe(listed.length);
      const row = rows.first();
      expect(await row.getAttribute('data-proposal')).toBe(String(made.id));
      expect([await row.locator('[data-cell=student]').textContent(), await row.locator('[data-cell=from]').textContent(), await row.locator('[data-cell=to]').textContent()])
        .toEqual([listed[0]!.student_code, listed[0]!.from_school, listed[0]!.to_school]);
      expect(await row.textContent()).toContain(listed[0]!.reason);
      // Read-only: no form acts on a proposal (only the receiving school settles it, through the school API).
      expect(await page.locator('[data-proposals] form').count()).toBe(0);
    }
    expect(await page.locator('#h-proposals').textContent()).toBe('Transfer proposals awaiting confirmation');
    // Cancelled by the sending school, it leaves the list.
    await portal.opened.registry.cancelTransferProposal(SCHOOLS.b.code, made.id);
    await page.goto('/quan-tri/thao-tac');
    expect(await page.locator('[data-proposals-none]').count()).toBe(1);
    await page.close();
  });

  it('says how to configure forwarding on a server started without --forward-to, and refuses the action (422)', async () => {
    const bare = await createPortal({ registry: portal.opened.registry });
    const server = await startServer({ registry: portal.opened.registry, port: 0, portal: bare.handler });
    try {
      const { cookie, csrf } = await signIn();
      const html = await (await fetch(`${server.url}/en/quan-tri/thao-tac`, { headers: { cookie } })).text();
      expect(html).toContain('data-forward-setup');
      expect(html).toContain('hocba serve --forward-to URL --forward-token-file FILE');
      expect(html).not.toContain('data-form="forward"');
      const refused = await fetch(`${server.url}/quan-tri/thao-tac`, {
        method: 'POST', redirect: 'manual', body: new URLSearchParams({ csrf, 'thao-tac': 'forward' }),
        headers: { cookie, origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('hocba serve --forward-to URL --forward-token-file TỆP');
    } finally {
      await server.close();
      await bare.close();
    }
  });

  it('downloads a school\'s refusals as the one CSV (BOM, quoting) with how to fix each', async () => {
    const page = await signedInPage(withoutScript);
    const year = await yearOf(portal.codes.notLocked);
    await page.goto(`/quan-tri/loi-nop?nam=${year}&truong=${SCHOOLS.b.code}`);
    expect(Number(await page.locator('tr[data-code=package_not_base64] [data-cell=count]').textContent())).toBe(2);
    const file = await download(page, () => page.locator(`a[href*="loi-nop.csv"]`).click());
    const text = file.bytes.toString('utf8');
    expect(text.startsWith('\uFEFFma_truong,ten_truong,nam_hoc,ma_loi,loai_loi,so_lan')).toBe(true);
    expect(text).toContain(`${SCHOOLS.b.code},${SCHOOLS.b.name},${year},package_not_base64,Sai định dạng,2,`);
    await page.close();
  });

  it('shows the log\'s checkpoints under the journal, as the database holds them, filtered by the journal\'s dates', async () => {
    const page = await signedInPage(withoutScript);
    await page.goto('/quan-tri/nhat-ky');
    expect(await page.locator('[data-checkpoints]').getAttribute('data-checkpoints')).toBe('none');
    expect(await page.locator('[data-checkpoints-setup]').textContent()).toContain('--log-key');
    expect(await portal.integrateLog()).toBeGreaterThan(0);
    await page.goto('/quan-tri/nhat-ky');
    const signed = await portal.database.query<{ size: number; note: string; entries: number }>('select size::int as size, note, entries from log_checkpoints order by size desc');
    expect(signed.length).toBeGreaterThan(0);
    const rows = page.locator('[data-table=checkpoints] tbody tr');
    expect(await rows.count()).toBe(Math.min(signed.length, 20));
    for (const [i, checkpoint] of signed.slice(0, 20).entries()) {
      const row = rows.nth(i);
      expect(Number(await row.locator('[data-cell=size]').textContent())).toBe(checkpoint.size);
      expect(Number(await row.locator('[data-cell=entries]').textContent())).toBe(checkpoint.entries);
      expect(await row.locator('[data-cell=root]').textContent()).toBe(checkpoint.note.split('\n')[2]);
    }
    // The link is the log's public file: the latest signed note, verbatim.
    const href = await page.locator('[data-log-link=checkpoint]').getAttribute('href');
    expect(await (await get(href!)).text()).toBe(signed[0]!.note);
    expect(await page.locator('[data-log-link=key]').getAttribute('href')).toBe('/log/key');
    // The journal's date filter applies: today (Vietnam time) shows them, a day ahead shows none.
    const today = vietnamDateOf(new Date());
    await page.goto(`/quan-tri/nhat-ky?tu=${today}&den=${today}`);
    expect(await rows.count()).toBe(Math.min(signed.length, 20));
    const ahead = vietnamDateOf(new Date(Date.now() + 86_400_000));
    await page.goto(`/quan-tri/nhat-ky?tu=${ahead}`);
    expect(await page.locator('[data-checkpoint=none]').count()).toBe(1);
    await page.close();
  });

  it('fits every page at 1280 and 390 px and is axe WCAG 2.1 AA clean, in Vietnamese and English', async () => {
    const year = await yearOf(portal.codes.notLocked);
    const paths = [`/quan-tri?nam=${year}`, `/quan-tri/loi-nop?nam=${year}&truong=${SCHOOLS.b.code}`, '/quan-tri/chung-thu', '/quan-tri/thao-tac',
      '/quan-tri/nhat-ky', '/quan-tri/dang-nhap'];
    // The two languages side by side, each in its own signed-in context (the machine's two cores).
    const check = async (lang: '' | '/en') => {
      const context = await newContext(browser, portal.url, { bypassCSP: true });
      const page = await signedInPage(context, lang);
      const problems: string[] = [];
      for (const path of paths) {
        // The sign-in page is seen signed out.
        if (path.endsWith('dang-nhap')) await context.clearCookies();
        // One load per page: the phone width is the same document resized (media queries apply live, axe stays loaded).
        await page.setViewportSize(DESKTOP);
        await page.goto(`${lang}${path}`);
        for (const size of [DESKTOP, PHONE]) {
          await page.setViewportSize(size);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 0) problems.push(`${lang}${path} @${size.width}: ${overflow}px too wide`);
          const violations = await runAxe(page);
          if (violations === null) problems.push('axe-core is a dev dependency');
          problems.push(...(violations ?? []).map((violation) => `${lang}${path} @${size.width}: ${violation}`));
          const name = path.split('?')[0]!.replace(/^\/quan-tri\/?/, '') || 'overview';
          if (lang === '' && size === DESKTOP) await page.screenshot({ path: join(SHOTS, `console-${name === 'dang-nhap' ? 'sign-in' : name}.png`) });
        }
      }
      await context.close();
      return problems;
    };
    const [vi, en] = await Promise.all([check(''), check('/en')]);
    expect([...vi, ...en]).toEqual([]);
  }, 120_000);
});
