// Trust material in the formats Vietnamese CAs publish (issue 16), through the operator API on PGlite and PostgreSQL
// and through `hocba trust add|crl`: a PKCS#7 bundle (.p7b, DER and PEM, built by openssl crl2pkcs7), a DER certificate
// (openssl x509 -outform DER) and a DER CRL are stored as the very certificates and list they carry.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf, pemToDer } from '../../../api/index.ts';
import type { Database } from '../../../db/client.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures, type Fixtures } from '../../helpers/signed-records.ts';
import { bearer, json, openApi, type Api } from './setup.ts';

const PASSWORD = 'Sở Giáo dục Hà Nội 2026';
const work = mkdtempSync(join(tmpdir(), 'hocba-trust-formats-'));
const path = (name: string) => join(work, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

let fx: Fixtures;
const fingerprint = (name: string) => fingerprintOf(pemToDer(fx.pki.entities[name]!.certPem)[0]!);

beforeAll(async () => {
  fx = await makeFixtures();
  // A chain the registry does not trust yet (the untrusted root) bundled with one it does (the issuing CA).
  writeFileSync(path('chain.pem'), fx.pki.entities['untrusted-root']!.certPem + fx.pki.entities.issuing!.certPem);
  openssl('crl2pkcs7', '-nocrl', '-certfile', path('chain.pem'), '-outform', 'DER', '-out', path('chain.p7b'));
  openssl('crl2pkcs7', '-nocrl', '-certfile', path('chain.pem'), '-outform', 'PEM', '-out', path('chain-pem.p7b'));
  openssl('x509', '-in', fx.pki.entities.root!.certPath, '-outform', 'DER', '-out', path('root.cer'));
  openssl('crl', '-in', fx.pki.crls.issuing!.path, '-outform', 'DER', '-out', path('issuing.crl'));
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(databasesUnderTest())('the operator API takes CA files as published, on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  let token: string;
  const post = (route: string, body: unknown) => api.app.request(route, { method: 'POST', body: JSON.stringify(body), headers: bearer(token) });

  beforeAll(async () => {
    ({ database, api } = await openApi(open, fx));
    await api.registry.addOperator({ username: 'lan.nguyen', displayName: 'Nguyễn Thị Lan', password: PASSWORD }, { now: fx.now });
    const login = await api.app.request('/api/v1/operator/login', json({ username: 'lan.nguyen', password: PASSWORD }));
    token = ((await login.json()) as { token: string }).token;
  });
  afterAll(() => database?.close());

  it('adds every certificate of a DER .p7b sent as base64, the self-issued one as an anchor', async () => {
    const added = await post('/api/v1/operator/trust/anchors', { certificate: readFileSync(path('chain.p7b')).toString('base64') });
    expect([added.status, await added.json()]).toEqual([201, { fingerprints: [fingerprint('untrusted-root'), fingerprint('issuing')] }]);
    const rows = await database.query<{ fingerprint: string; role: string }>('select fingerprint, role from trusted_cas where fingerprint = $1', [fingerprint('untrusted-root')]);
    expect(rows).toEqual([{ fingerprint: fingerprint('untrusted-root'), role: 'anchor' }]);
  });

  it('takes the same bundle as PEM (-----BEGIN PKCS7-----) and a DER certificate as base64', async () => {
    const pem = await post('/api/v1/operator/trust/anchors', { certificate: readFileSync(path('chain-pem.p7b'), 'utf8') });
    expect([pem.status, await pem.json()]).toEqual([201, { fingerprints: [fingerprint('untrusted-root'), fingerprint('issuing')] }]);
    const der = await post('/api/v1/operator/trust/anchors', { certificate: readFileSync(path('root.cer')).toString('base64') });
    expect([der.status, await der.json()]).toEqual([201, { fingerprints: [fingerprint('root')] }]);
  });

  it('loads a DER CRL sent as base64, and refuses a certificate sent as a CRL or a key sent as a certificate (422)', async () => {
    const loaded = await post('/api/v1/operator/trust/crls', { crl: readFileSync(path('issuing.crl')).toString('base64') });
    expect(loaded.status).toBe(201);
    expect(await loaded.json()).toMatchObject({ issuer: expect.stringContaining('CA Thử nghiệm') });
    const wrong = await post('/api/v1/operator/trust/crls', { crl: readFileSync(path('root.cer')).toString('base64') });
    expect([wrong.status, ((await wrong.json()) as { code: string }).code]).toEqual([422, 'crl_unreadable']);
    const key = await post('/api/v1/operator/trust/anchors', { certificate: fx.pki.entities.root!.keyPem });
    expect([key.status, ((await key.json()) as { code: string }).code]).toEqual([422, 'certificate_unreadable']);
  });
});

describe('hocba trust add|crl with CA files as published (PGlite folder)', () => {
  const hocba = (args: string[]) => spawnSync(process.execPath, ['scripts/hocba.ts', ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });

  it('adds each certificate of a .p7b and of a DER .cer, and loads a DER CRL', () => {
    const data = path('data');
    const added = hocba(['trust', 'add', path('chain.p7b'), path('root.cer'), '--data', data]);
    expect(added.stderr).toBe('');
    expect(added.stdout.trim().split('\n')).toEqual([
      `trusted ${fingerprint('untrusted-root')}  ${path('chain.p7b')}`,
      `trusted ${fingerprint('issuing')}  ${path('chain.p7b')}`,
      `trusted ${fingerprint('root')}  ${path('root.cer')}`,
    ]);
    const crl = hocba(['trust', 'crl', path('issuing.crl'), '--data', data]);
    expect([crl.status, crl.stdout.startsWith('loaded CRL of ')]).toEqual([0, true]);
    const refused = hocba(['trust', 'crl', path('chain.p7b'), '--data', data]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('crl_unreadable');
  }, 120_000);
});
