// A signed answer an admissions office can keep (issue 18): GET /api/v1/records/{code}/answer and POST
// /api/v1/verify/claims with Accept: application/jose give a JWS signed by the registry's seal (RSA and ECDSA), which
// `checkSignedAnswer` and `hocba verify-answer` accept offline against the test root, and refuse when one byte
// changes, under a foreign root, with a wrong pinned fingerprint or a swapped algorithm; without a seal: 503.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { checkSignedAnswer, sealFromPem, type SignedAnswerPayload } from '../../../api/index.ts';
import { createTestPki } from '../../../api/pki/index.ts';
import { createServerAnswers } from '../../../api/server/answers.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';
import { afterLockOf, json, openApi, type Api } from './setup.ts';

const HOCBA = fileURLToPath(new URL('../../../scripts/hocba.ts', import.meta.url));
let fx: Fixtures;
let work: string;
beforeAll(async () => {
  fx = await makeFixtures();
  work = mkdtempSync(join(tmpdir(), 'hocba-signed-answer-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sealOf = (name: string) => {
  const entity = fx.pki.entities[name]!;
  return { key: sealFromPem({ keyPem: entity.keyPem, certPem: entity.certPem, chainPem: entity.chainPem }) };
};
const root = () => fx.pki.entities.root!.certPem;
/** The payload part changed by one character, the signature kept. */
function tampered(jws: string): string {
  const [head, body, signature] = jws.split('.') as [string, string, string];
  const text = Buffer.from(body, 'base64url').toString('utf8').replace('"in_force"', '"in_forcf"').replace('"confirmed":true', '"confirmed":fals');
  return `${head}.${Buffer.from(text).toString('base64url')}.${signature}`;
}

describe.each(databasesUnderTest())('signed answers on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  let code: string;
  beforeAll(async () => {
    ({ database, api } = await openApi(open, fx));
    const [pushed] = await api.registry.submitPackages(SCHOOLS.c.code, [await fx.packaged(SCHOOLS.c, 901)], fx.now);
    if (pushed?.status !== 'accepted') throw new Error(JSON.stringify(pushed));
    code = pushed.lookupCode;
    api.clock.now = afterLockOf(fx.schoolYear);
  });
  afterAll(() => database?.close());
  const appWithSeal = (seal: ReturnType<typeof sealOf> | null) => {
    const server = createServerAnswers({ registry: api.registry, clock: () => api.clock.now, publicUrl: 'https://hocba.example.vn', seal });
    return { app: api.appWith({ answers: server.answers }), close: () => server.close() };
  };

  it.each(['registry-seal', 'registry-seal-ec'])('signs a record\'s answer with the seal %s; it checks offline against the test root and says what the registry said', async (name) => {
    const { app, close } = appWithSeal(sealOf(name));
    const response = await app.request(`/api/v1/records/${code}/answer`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jose');
    const jws = await response.text();
    const checked = checkSignedAnswer(jws, { roots: [root()] });
    if (!checked.ok) throw new Error(checked.reason);
    const payload: SignedAnswerPayload = checked.payload;
    expect(payload).toMatchObject({ type: 'hocba-answer/v1', kind: 'record', checkedAt: api.clock.now.toISOString(), registry: 'https://hocba.example.vn' });
    expect(payload.answer).toMatchObject({ lookupCode: code, status: 'in_force', schoolCode: SCHOOLS.c.code, verdict: 'valid', indication: 'TOTAL-PASSED' });
    expect((payload.answer as { signatures: { indication: string }[] }).signatures.map((signature) => signature.indication)).toEqual(['TOTAL-PASSED', 'TOTAL-PASSED']);
    expect(checked.signer.fingerprint).toBe(sealOf(name).key.fingerprint);
    // Pinned by the fingerprint the registry publishes, instead of a root.
    expect(checkSignedAnswer(jws, { fingerprint: sealOf(name).key.fingerprint }).ok).toBe(true);
    await close();
  });

  it('refuses an answer changed by one character, under a foreign root, with a wrong fingerprint or a swapped algorithm, saying why', async () => {
    const { app, close } = appWithSeal(sealOf('registry-seal'));
    const jws = await (await app.request(`/api/v1/records/${code}/answer`)).text();
    expect(checkSignedAnswer(tampered(jws), { roots: [root()] })).toMatchObject({ ok: false, reason: expect.stringContaining('signature does not match') });
    const foreign = await createTestPki({ outDir: mkdtempSync(join(work, 'pki-')) });
    expect(checkSignedAnswer(jws, { roots: [foreign.entities.root!.certPem] })).toMatchObject({ ok: false, reason: expect.stringContaining('does not lead to the given root') });
    expect(checkSignedAnswer(jws, { fingerprint: '00'.repeat(32) })).toMatchObject({ ok: false, reason: expect.stringContaining('fingerprint') });
    const [head, body, signature] = jws.split('.') as [string, string, string];
    const swapped = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(head, 'base64url').toString('utf8')), alg: 'HS256' })).toString('base64url');
    expect(checkSignedAnswer(`${swapped}.${body}.${signature}`, { roots: [root()] })).toMatchObject({ ok: false, reason: expect.stringContaining('HS256') });
    expect(checkSignedAnswer('not.a.jws!', { roots: [root()] })).toMatchObject({ ok: false });
    await close();
  });

  it('signs a whole claims check (results and summary) when asked for application/jose', async () => {
    const { app, close } = appWithSeal(sealOf('registry-seal-ec'));
    const response = await app.request('/api/v1/verify/claims', json({ rows: [{ ref: 'TS1', codes: [code] }, { ref: 'TS2', codes: ['0'.repeat(31) + '1'] }] }, { Accept: 'application/jose' }));
    expect(response.status).toBe(200);
    const checked = checkSignedAnswer(await response.text(), { roots: [root()] });
    if (!checked.ok) throw new Error(checked.reason);
    const answer = checked.payload.answer as { results: { ref: string; confirmed: boolean }[]; summary: { rows: number; confirmed: number } };
    expect(checked.payload.kind).toBe('claims');
    expect(answer.results.map((result) => [result.ref, result.confirmed])).toEqual([['TS1', true], ['TS2', false]]);
    expect(answer.summary).toMatchObject({ rows: 2, confirmed: 1 });
    await close();
  });

  it('answers 503 answer_seal_missing without a seal, for a record and for claims; the ordinary answers still work', async () => {
    const { app, close } = appWithSeal(null);
    const record = await app.request(`/api/v1/records/${code}/answer`);
    expect(record.status).toBe(503);
    expect(await record.json()).toMatchObject({ code: 'answer_seal_missing' });
    const claims = await app.request('/api/v1/verify/claims', json({ rows: [{ codes: [code] }] }, { Accept: 'application/jose' }));
    expect(claims.status).toBe(503);
    expect((await app.request('/api/v1/verify/claims', json({ rows: [{ codes: [code] }] }))).status).toBe(200);
    await close();
  });

  it('is checked by hocba verify-answer: exit 0 and the status for the real answer, exit 1 and why for a changed one, 64 without trust', async () => {
    const { app, close } = appWithSeal(sealOf('registry-seal'));
    const jws = await (await app.request(`/api/v1/records/${code}/answer`)).text();
    const rootFile = join(work, 'root.pem');
    writeFileSync(rootFile, root());
    const run = (file: string, ...args: string[]) => spawnSync(process.execPath, [HOCBA, 'verify-answer', file, ...args, '--lang', 'en'], { encoding: 'utf8' });
    writeFileSync(join(work, 'real.jws'), jws);
    writeFileSync(join(work, 'changed.jws'), tampered(jws));
    const good = run(join(work, 'real.jws'), '--trust', rootFile);
    expect(good.status).toBe(0);
    expect(good.stdout).toContain("the registry's answer, unchanged");
    expect(good.stdout).toContain(`Record ${code}: in_force`);
    const bad = run(join(work, 'changed.jws'), '--trust', rootFile);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('NOT an unchanged registry answer: the signature does not match');
    expect(run(join(work, 'real.jws')).status).toBe(64);
    await close();
  });
});
