// HSTS only over TLS: the API (in-process) and the portal (real server) send Strict-Transport-Security when the
// socket is encrypted or a trusted proxy says https, and never on plain HTTP or on a client's unproven word.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry, type OpenedRegistry } from '../../../api/index.ts';
import { createApp } from '../../../api/http/app.ts';
import { NO_TRUSTED_PROXIES, parseTrustedProxies, type TrustedProxies } from '../../../api/http/client-address.ts';
import { HSTS_VALUE, isOverTls } from '../../../api/http/middleware/security-headers.ts';
import { startServer, type RunningServer } from '../../../api/server/index.ts';
import { createPortal, type Portal } from '../../../api/server/portal.ts';
import { createUploadVerifier } from '../../../api/server/verify-upload.ts';
import { ensureSiteBuilt } from '../../../scripts/build-site.ts';

const HTTPS = { 'X-Forwarded-Proto': 'https' };
const PROXIES = parseTrustedProxies('10.0.0.0/8');
/** What @hono/node-server hands the app: the Node request, here only its socket. */
const fromProxy = { incoming: { socket: { remoteAddress: '10.0.0.2', remoteFamily: 'IPv4' } } };
const fromClient = { incoming: { socket: { remoteAddress: '203.0.113.9', remoteFamily: 'IPv4' } } };
let opened: OpenedRegistry;

beforeAll(async () => {
  opened = await openRegistry();
});
afterAll(async () => {
  await opened?.close();
});

function appWith(trustedProxies: TrustedProxies) {
  const uploads = createUploadVerifier({ registry: opened.registry, workers: 0 });
  return createApp({ registry: opened.registry, verifyUpload: uploads.verifyUpload, trustedProxies, ping: async () => 1 });
}

describe('isOverTls', () => {
  it('trusts an encrypted socket always and X-Forwarded-Proto only behind a trusted proxy', () => {
    const proxy = '10.0.0.2';
    expect(isOverTls({ encrypted: true, peer: '203.0.113.9' }, NO_TRUSTED_PROXIES)).toBe(true);
    expect(isOverTls({ forwardedProto: 'https', peer: proxy }, NO_TRUSTED_PROXIES)).toBe(false);
    expect(isOverTls({ forwardedProto: 'https', peer: proxy }, PROXIES)).toBe(true);
    expect(isOverTls({ forwardedProto: 'https', peer: '::ffff:10.0.0.2' }, PROXIES)).toBe(true);
    // Proxies are trusted, but this request did not come through one.
    expect(isOverTls({ forwardedProto: 'https', peer: '203.0.113.9' }, PROXIES)).toBe(false);
    expect(isOverTls({ forwardedProto: 'https', peer: undefined }, PROXIES)).toBe(false);
    expect(isOverTls({ forwardedProto: ' HTTPS , http', peer: proxy }, PROXIES)).toBe(true);
    expect(isOverTls({ forwardedProto: 'http, https', peer: proxy }, PROXIES)).toBe(false);
    expect(isOverTls({ forwardedProto: null, peer: proxy }, PROXIES)).toBe(false);
    expect(isOverTls({ peer: proxy }, PROXIES)).toBe(false);
  });
});

describe('HSTS on API answers', () => {
  // A 200, a coded 404 and a coded 400 — every answer, errors included.
  const paths = ['/healthz', '/api/v1/no-such-route', '/api/v1/records/not-a-code'];

  it('is sent behind a trusted proxy that says https', async () => {
    const app = appWith(PROXIES);
    for (const path of paths) {
      const response = await app.request(path, { headers: HTTPS }, fromProxy);
      expect(response.headers.get('strict-transport-security'), path).toBe(HSTS_VALUE);
    }
  });

  it('is sent when the socket itself is encrypted, proxy or not', async () => {
    const response = await appWith(NO_TRUSTED_PROXIES).request('/healthz', {}, { incoming: { socket: { encrypted: true } } });
    expect(response.status).toBe(200);
    expect(response.headers.get('strict-transport-security')).toBe(HSTS_VALUE);
  });

  it('is never sent on plain HTTP, nor on the word of an untrusted client', async () => {
    const trusting = appWith(PROXIES);
    const direct = appWith(NO_TRUSTED_PROXIES);
    for (const path of paths) {
      expect((await trusting.request(path, {}, fromProxy)).headers.get('strict-transport-security'), path).toBeNull();
      expect((await trusting.request(path, { headers: { 'X-Forwarded-Proto': 'http' } }, fromProxy)).headers.get('strict-transport-security')).toBeNull();
      // Proxies are configured, but this client reached the server directly: its header is its own word.
      expect((await trusting.request(path, { headers: HTTPS }, fromClient)).headers.get('strict-transport-security'), path).toBeNull();
      expect((await trusting.request(path, { headers: HTTPS })).headers.get('strict-transport-security'), path).toBeNull();
      expect((await direct.request(path, { headers: HTTPS })).headers.get('strict-transport-security'), path).toBeNull();
      expect((await direct.request(path)).headers.get('strict-transport-security'), path).toBeNull();
    }
  });
});

describe('HSTS on portal answers (real server)', () => {
  let servers: Array<{ portal: Portal; server: RunningServer; trustProxy: boolean }> = [];

  beforeAll(async () => {
    await ensureSiteBuilt();
    // The test's fetch comes from 127.0.0.1: the loopback proxy of a deployment with HAProxy on the same host.
    for (const trustProxy of [true, false]) {
      const trustedProxies = trustProxy ? parseTrustedProxies('127.0.0.1/32,::1/128') : NO_TRUSTED_PROXIES;
      const portal = await createPortal({ registry: opened.registry, trustedProxies });
      servers.push({ portal, server: await startServer({ registry: opened.registry, port: 0, portal: portal.handler, trustedProxies }), trustProxy });
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

  // Routing (issue 13): the log's files are the API's, not portal pages — before, /log/* got the portal's 404 page.
  it('hands /log/* to the API beside the portal', async () => {
    const { server } = servers[0]!;
    const key = await fetch(`${server.url}/log/key`);
    expect([key.status, key.headers.get('content-type')]).toEqual([503, 'application/json']);
    expect((await key.json() as { code: string }).code).toBe('log_not_configured');
    const tile = await fetch(`${server.url}/log/tile/entries/000`);
    expect([tile.status, (await tile.json() as { code: string }).code]).toEqual([404, 'log_not_found']);
  });
});

