// The portal's guards over HTTP, no browser needed: security and cache headers, nothing inline for the CSP,
// the same-origin check of form POSTs, the request budget's 429 page, and the language switch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry, type OpenedRegistry } from '../../api/index.ts';
import { startServer, type RunningServer } from '../../api/server/index.ts';
import { createPortal, type Portal } from '../../api/server/portal.ts';
import { ensureSiteBuilt } from '../../scripts/build-site.ts';
import { isSameOriginRequest } from '../../site/lib/same-origin.ts';

let opened: OpenedRegistry;
let portal: Portal;
let server: RunningServer;
let tight: { portal: Portal; server: RunningServer };
let closed = false;

beforeAll(async () => {
  await ensureSiteBuilt();
  opened = await openRegistry();
  portal = await createPortal({ registry: opened.registry });
  server = await startServer({ registry: opened.registry, port: 0, portal: portal.handler });
  const tightPortal = await createPortal({ registry: opened.registry, requestsPerMinute: 3 });
  tight = { portal: tightPortal, server: await startServer({ registry: opened.registry, port: 0, portal: tightPortal.handler }) };
}, 180_000);

afterAll(async () => {
  await tight?.server.close();
  await tight?.portal.close();
  await server?.close();
  await portal?.close();
  if (!closed) await opened?.close();
});

const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, { redirect: 'manual', ...init });

describe('portal headers', () => {
  it('sends a strict CSP and the other security headers on pages and assets', async () => {
    for (const path of ['/', '/kiem-tra', '/tra-cuu/00000000000000000000000000000000']) {
      const response = await get(path);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    }
  });

  it('puts no inline script, style element or style attribute in any page', async () => {
    for (const path of ['/', '/en/', '/huong-dan', '/kiem-tra', '/xac-minh-hang-loat', '/tra-cuu?ma=x', '/khong-co']) {
      const html = await (await get(path)).text();
      expect(html.startsWith('<!DOCTYPE html><html lang=')).toBe(true);
      expect(html).toMatch(/<head><meta charset="utf-8">/);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/<style[\s>]/);
      expect(html).not.toMatch(/\sstyle="/);
    }
  });

  it('caches hashed assets for a year, static pages briefly, lookups never', async () => {
    const home = await get('/');
    expect(home.headers.get('cache-control')).toBe('public, max-age=300');
    const css = /href="(\/_astro\/[^"]+\.css)"/.exec(await home.text())![1]!;
    const asset = await get(css);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const font = /url\((\/_astro\/[^)]+\.woff2)\)/.exec(await asset.text())![1]!;
    expect((await get(font)).headers.get('content-type')).toBe('font/woff2');
    expect((await get('/tra-cuu/00000000000000000000000000000000')).headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('unknown addresses', () => {
  it('sends the bundle of an unknown record to its not-found page, and a GET of any bundle to its record page', async () => {
    const missing = await get('/tra-cuu/00000000000000000000000000000000/bundle.zip');
    expect(missing.status).toBe(303);
    const page = await get(missing.headers.get('location')!);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Không tìm thấy học bạ');
    // A GET releases nothing (the bundle holds the student's id: POST with proof, SPEC §9): it goes to the record page.
    const messy = await get('/tra-cuu/abcdef0123456789abcdef0123456789/bundle.zip');
    expect(messy.status).toBe(303);
    expect(messy.headers.get('location')).toBe('/tra-cuu/ABCDEF0123456789ABCDEF0123456789');
  });
});

describe('form POSTs', () => {
  const form = () => {
    const body = new FormData();
    body.set('ma', '00000000000000000000000000000000');
    return body;
  };

  it('accepts a same-origin POST, also behind a proxy that terminates TLS', async () => {
    const host = new URL(server.url).host;
    for (const origin of [server.url, `https://${host}`]) {
      const response = await get('/xac-minh-hang-loat', { method: 'POST', body: form(), headers: { Origin: origin } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('data-state="not_found"');
    }
  });

  it('refuses a cross-site POST with the 403 page', async () => {
    const response = await get('/xac-minh-hang-loat', { method: 'POST', body: form(), headers: { Origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Yêu cầu bị từ chối');
    expect(isSameOriginRequest({ method: 'POST', hosts: ['portal.example'], origin: null, fetchSite: 'cross-site' })).toBe(false);
    expect(isSameOriginRequest({ method: 'POST', hosts: ['portal.example'], origin: 'null', fetchSite: null })).toBe(false);
    expect(isSameOriginRequest({ method: 'GET', hosts: ['portal.example'], origin: 'https://evil.example', fetchSite: 'cross-site' })).toBe(true);
  });
});

describe('request budget', () => {
  it('answers the friendly 429 page with Retry-After once a client spends its budget', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await fetch(`${tight.server.url}/tra-cuu?ma=abc`);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([400, 400, 400, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await last!.text();
    expect(html).toContain('Quá nhiều yêu cầu');
    expect(html).toContain('Too many requests');
    // Static files are not counted.
    expect((await fetch(`${tight.server.url}/`)).status).toBe(200);
  });
});

describe('languages', () => {
  it('serves every page in English under /en/ and links the two', async () => {
    const vi = await (await get('/huong-dan')).text();
    expect(vi).toContain('<html lang="vi"');
    expect(vi).toContain('href="/en/huong-dan"');
    const en = await (await get('/en/huong-dan')).text();
    expect(en).toContain('<html lang="en"');
    expect(en).toContain('How the portal checks a digital school record');
    expect(en).toContain('href="/huong-dan"');
    const lookup = await get('/en/tra-cuu?ma=9f1c-2b7e-4a0d-11ef-8c3b-5d6e-7f80-9a1b');
    expect(lookup.status).toBe(303);
    expect(lookup.headers.get('location')).toBe('/en/tra-cuu/9F1C2B7E4A0D11EF8C3B5D6E7F809A1B');
  });
});

describe('when the registry does not answer', () => {
  it('says the record could not be checked (503), never "not found"', async () => {
    await opened.close();
    closed = true;
    const response = await get('/tra-cuu/0123456789ABCDEF0123456789ABCDEF');
    expect(response.status).toBe(503);
    const html = await response.text();
    expect(html).toContain('data-status="unavailable"');
    expect(html).toContain('Chưa kiểm tra được');
  });
});
