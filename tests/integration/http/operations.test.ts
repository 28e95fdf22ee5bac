import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { messageOf } from '../../../api/index.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures, SCHOOLS } from '../../helpers/signed-records.ts';
import { bearer, json, openApi, type Api } from './setup.ts';

const fx = await makeFixtures();

describe.each(databasesUnderTest())('operations and the error contract on $name', ({ open }) => {
  let database: Database;
  let api: Api;

  beforeAll(async () => ({ database, api } = await openApi(open, fx)));
  afterAll(() => database?.close());

  it('documents every route in an OpenAPI 3.1 document', async () => {
    const response = await api.app.request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const doc = JSON.parse(await response.text());
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    expect(documented).toEqual([
      'GET /api/v1/operator/expected-counts', 'GET /api/v1/operator/exports/records', 'GET /api/v1/operator/forward', 'GET /api/v1/operator/late-windows', 'GET /api/v1/operator/records/{code}/lookups', 'GET /api/v1/operator/schools',
      'GET /api/v1/operator/transfers', 'GET /api/v1/packages/{code}', 'GET /api/v1/records/{code}', 'GET /api/v1/records/{code}/answer', 'GET /api/v1/records/{code}/pdf',
      'GET /api/v1/records/{code}/proof', 'GET /api/v1/transfer-proposals', 'GET /healthz', 'GET /log/checkpoint', 'GET /log/key', 'GET /log/tile/{path}',
      'GET /metrics', 'POST /api/v1/operator/expected-counts/{schoolYear}/import', 'POST /api/v1/operator/forward', 'POST /api/v1/operator/late-windows', 'POST /api/v1/operator/late-windows/close', 'POST /api/v1/operator/login',
      'POST /api/v1/operator/logout', 'POST /api/v1/operator/records/{code}/recall', 'POST /api/v1/operator/records/{code}/replace', 'POST /api/v1/operator/schools', 'POST /api/v1/operator/schools/{code}/certificates',
      'POST /api/v1/operator/schools/{code}/certificates/withdraw', 'POST /api/v1/operator/schools/{code}/tokens/revoke', 'POST /api/v1/operator/transfers', 'POST /api/v1/operator/trust/anchors', 'POST /api/v1/operator/trust/crls',
      'POST /api/v1/packages', 'POST /api/v1/records/{code}/recall', 'POST /api/v1/records/{code}/replace', 'POST /api/v1/records/{code}/xml',
      'POST /api/v1/transfer-proposals', 'POST /api/v1/transfer-proposals/{id}/cancel', 'POST /api/v1/transfer-proposals/{id}/confirm', 'POST /api/v1/verify', 'POST /api/v1/verify/batch', 'POST /api/v1/verify/claims',
      'PUT /api/v1/operator/expected-counts/{schoolYear}/{schoolCode}', 'PUT /api/v1/operator/lock-dates/{schoolYear}',
    ]);
    // Every handler the app routes is documented (middleware is registered as ALL).
    const routed = new Set(api.app.routes.filter((r) => r.method !== 'ALL' && r.path !== '/api/v1/openapi.json')
      // The log's tile route is a wildcard (a tile path holds slashes), documented as /log/tile/{path}.
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}').replace(/\/\*$/, '/{path}')}`));
    expect([...routed].sort()).toEqual(documented);
    expect(doc.components.securitySchemes.schoolToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.operatorToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('answers /healthz 200 when the database answers and 503 when it does not', async () => {
    const ok = await api.app.request('/healthz');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok' });
    const down = await api.appWith({ ping: () => Promise.reject(new Error('connection refused')) }).request('/healthz');
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable' });
  });

  it('counts packages by outcome and code in /metrics, with request latency per route', async () => {
    await api.app.request('/api/v1/packages', json({ package: await fx.packaged(SCHOOLS.a, 401) }, bearer(api.tokens.a)));
    await api.app.request('/api/v1/packages', json({ package: '%%%%' }, bearer(api.tokens.a)));
    await api.app.request(`/api/v1/records/${'1'.repeat(32)}`);
    const text = await (await api.app.request('/metrics')).text();
    expect(text).toContain('hocba_packages_total{outcome="accepted"} 1');
    expect(text).toContain('hocba_packages_total{code="package_not_base64",outcome="rejected"} 1');
    expect(text).toContain('hocba_lookups_total{result="not_found"} 1');
    expect(text).toMatch(/hocba_http_request_seconds_count\{method="POST",route="\/api\/v1\/packages",status="201"\} 1/);
    expect(text).toMatch(/hocba_ingest_seconds_count\{kind="single"\} 2/);
  });

  it('answers 429 rate_limited with Retry-After past the per-client budget', async () => {
    const limited = api.appWith({ limits: { publicRequestsPerMinute: 2 } });
    const code = '2'.repeat(32);
    expect((await limited.request(`/api/v1/records/${code}`)).status).toBe(404);
    expect((await limited.request(`/api/v1/records/${code}/xml`, { method: 'POST', body: '{"personalId":"001090023456"}', headers: { 'Content-Type': 'application/json' } })).status).toBe(404);
    const third = await limited.request(`/api/v1/records/${code}`);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await third.json()).toMatchObject({ code: 'rate_limited' });
    // Health checks are not public API calls: they are never limited.
    expect((await limited.request('/healthz')).status).toBe(200);
  });

  it('limits each school token on its own', async () => {
    const limited = api.appWith({ limits: { schoolRequestsPerMinute: 1 } });
    const own = (token: string) => limited.request(`/api/v1/packages/${'3'.repeat(32)}`, { headers: bearer(token) });
    expect((await own(api.tokens.a)).status).toBe(404);
    expect((await own(api.tokens.a)).status).toBe(429);
    expect((await own(api.tokens.b)).status).toBe(404);
  });

  it('answers an internal error with 500 and only the request id, and logs no details', async () => {
    const secret = '001203009876';
    const broken = api.appWith({
      registry: { ...api.registry, getRecord: () => Promise.reject(new Error(`query failed: params ${secret}`)) },
    });
    const response = await broken.request(`/api/v1/records/${'4'.repeat(32)}`, { headers: { 'X-Request-Id': 'trace-500' } });
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(['code', 'message', 'requestId']);
    expect(body).toMatchObject({ code: 'internal_error', requestId: 'trace-500' });
    expect(JSON.stringify(body)).not.toContain('query failed');
    const lines = api.logs.filter((line) => line.includes('"trace-500"'));
    expect(lines.some((line) => line.includes('"request failed"') && line.includes('"frames"'))).toBe(true);
    expect(api.logs.join('\n')).not.toContain(secret);
  });

  it('puts the request id on every log line, and never a token or a path with a lookup code', async () => {
    const code = '5'.repeat(32);
    await api.app.request(`/api/v1/packages/${code}`, { headers: { ...bearer(api.tokens.a), 'X-Request-Id': 'trace-log' } });
    const lines = api.logs.filter((line) => line.includes('trace-log')).map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.requestId === 'trace-log')).toBe(true);
    expect(lines.find((line) => line.msg === 'request')).toMatchObject({ route: '/api/v1/packages/:code', status: 404 });
    const all = api.logs.join('\n');
    for (const token of Object.values(api.tokens)) expect(all).not.toContain(token);
    expect(all).not.toContain(code);
  });

  it('sends the security headers and a JSON 404 for unknown routes', async () => {
    const response = await api.app.request('/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'route_not_found' });
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(response.headers.get('Content-Security-Policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('speaks Vietnamese by default and English on request', async () => {
    const path = `/api/v1/records/${'6'.repeat(32)}`;
    const vi = await (await api.app.request(path)).json();
    const en = await (await api.app.request(`${path}?lang=en`)).json();
    const accept = await (await api.app.request(path, { headers: { 'Accept-Language': 'en-US,en;q=0.9,vi;q=0.5' } })).json();
    const params = { lookupCode: '6'.repeat(32) };
    expect(vi.message).toBe(messageOf({ code: 'not_found', params }, 'vi'));
    expect(en.message).toBe(messageOf({ code: 'not_found', params }, 'en'));
    expect(accept.message).toBe(en.message);
  });
});
