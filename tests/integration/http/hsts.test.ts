// HSTS only over TLS: the API (in-process) and the portal (real server) send Strict-Transport-Security when the
// socket is encrypted or a trusted proxy says https, and never on plain HTTP or on a client's unproven word.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry, type OpenedRegistry } from '../../../api/index.ts';
import { createApp } from '../../../api/http/app.ts';
import { HSTS_VALUE, isOverTls } from '../../../api/http/middleware/security-headers.ts';
import { startServer, type RunningServer } from '../../../api/server/index.ts';
import { createPortal, type Portal } from '../../../api/server/portal.ts';
import { createUploadVerifier } from '../../../api/server/verify-upload.ts';
import { ensureSiteBuilt } from '../../../scripts/build-site.ts';

const HTTPS = { 'X-Forwarded-Proto': 'https' };
let opened: OpenedRegistry;

beforeAll(async () => {
  opened = await openRegistry();
});
afterAll(async () => {
  await opened?.close();
});

function appWith(trustProxy: boolean) {
  const uploads = createUploadVerifier({ registry: opened.registry, workers: 0 });
  return createApp({ registry: opened.registry, verifyUpload: uploads.verifyUpload, trustProxy, ping: async () => 1 });
}

describe('isOverTls', () => {
  it('trusts an encrypted socket always and X-Forwarded-Proto only behind a trusted proxy', () => {
    expect(isOverTls({ encrypted: true }, false)).toBe(true);
    expect(isOverTls({ forwardedProto: 'https' }, false)).toBe(false);
    expect(isOverTls({ forwardedProto: 'https' }, true)).toBe(true);
    expect(isOverTls({ forwardedProto: ' HTTPS , http' }, true)).toBe(true);
    expect(isOverTls({ forwardedProto: 'http, https' }, true)).toBe(false);
    expect(isOverTls({ forwardedProto: null }, true)).toBe(false);
    expect(isOverTls({}, true)).toBe(false);
  });
});

describe('HSTS on API answers', () => {
  // A 200, a coded 404 and a coded 400 — every answer, errors included.
  const paths = ['/healthz', '/api/v1/no-such-route', '/api/v1/records/not-a-code'];

  it('is sent behind a trusted proxy that says https', async () => {
    const app = appWith(true);
    for (const path of paths) {
      const response = await app.request(path, { headers: HTTPS });
      expect(response.headers.get('strict-transport-security'), path).toBe(HSTS_VALUE);
    }
  });

  it('is sent when the socket itself is encrypted, proxy or not', async () => {
    const response = await appWith(false).request('/healthz', {}, { incoming: { socket: { encrypted: true } } });
    expect(response.status).toBe(200);
    expect(response.headers.get('strict-transport-security')).toBe(HSTS_VALUE);
  });

  it('is never sent on plain HTTP, nor on the word of an untrusted client', async () => {
    const trusting = appWith(true);
    const direct = appWith(false);
    for (const path of paths) {
      expect((await trusting.request(path)).headers.get('strict-transport-security'), path).toBeNull();
      expect((await trusting.request(path, { headers: { 'X-Forwarded-Proto': 'http' } })).headers.get('strict-transport-security')).toBeNull();
      expect((await direct.request(path, { headers: HTTPS })).headers.get('strict-transport-security'), path).toBeNull();
      expect((await direct.request(path)).headers.get('strict-transport-security'), path).toBeNull();
    }
  });
});

describe('HSTS on portal answers (real server)', () => {
  let servers: Array<{ portal: Portal; server: RunningServer; trustProxy: boolean }> = [];

  beforeAll(async () => {
    await ensureSiteBuilt();
    for (const trustProxy of [true, false]) {
      const portal = await createPortal({ registry: opened.registry, trustProxy });
      servers.push({ portal, server: await startServer({ registry: opened.registry, port: 0, portal: portal.handler, trustProxy }), trustProxy });
    }
  }, 180_000);
  afterAll(async () => {
    for (const { portal, server } of servers) {
      await server.close();
      await portal.close();
    }
    servers = [];
  });

  it('is sent on pages, static files and API answers only behind a trusted proxy over https', async () => {
    for (const { server, trustProxy } of servers) {
      for (const path of ['/', '/kiem-tra', '/favicon.svg', '/healthz']) {
        const overTls = await fetch(`${server.url}${path}`, { headers: HTTPS, redirect: 'manual' });
        expect(overTls.status, path).toBeLessThan(500);
        expect(overTls.headers.get('strict-transport-security'), `${path} trustProxy=${trustProxy}`).toBe(trustProxy ? HSTS_VALUE : null);
        const plain = await fetch(`${server.url}${path}`, { redirect: 'manual' });
        expect(plain.headers.get('strict-transport-security'), `${path} plain`).toBeNull();
      }
    }
  });
});
