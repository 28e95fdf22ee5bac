// Forwarding (issue 19) in-process on PGlite and PostgreSQL: a province registry's stream applied by a national
// registry (receive), the national routes' refusals (order, mismatch, unknown record, not national), the deadline
// report before and after, and the operator route of a province (not configured, one run at a time, unreachable,
// started under the operator's name), and a run's batches journaled under whoever started it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import type { Registry } from '../../../api/registry/index.ts';
import { createForwardRuns, forwardOnce } from '../../../api/server/index.ts';
import { createUploadVerifier } from '../../../api/server/verify-upload.ts';
import { createApp } from '../../../api/http/app.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { rejectionCode } from '../../helpers/error-codes.ts';
import { enrolFixtures, makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';
import { bearer, json, setUpApi, type Api } from './setup.ts';

const USER = 'lan.vo';
const PASSWORD = 'Bộ Giáo dục và Đào tạo 2026';
const newCode = () => randomUUID().replace(/-/g, '').toUpperCase();

let fx: Fixtures;
beforeAll(async () => {
  fx = await makeFixtures();
});

describe.each(databasesUnderTest())('forwarding between two registries on $name', ({ open }) => {
  let provinceDb: Database;
  let nationalDb: Database;
  let province: Api;
  let national: Registry;
  let nationalApp: ReturnType<typeof createApp>;
  let token: string;
  const codes: string[] = [];

  beforeAll(async () => {
    provinceDb = await open();
    nationalDb = await open();
    province = await setUpApi(provinceDb, fx);
    national = wireRegistry(nationalDb, { clock: () => fx.now }).registry;
    await enrolFixtures(national, fx, []);
    token = (await national.forwarding.addProvince('01')).token;
    nationalApp = createApp({ registry: national, verifyUpload: createUploadVerifier({ registry: national, workers: 0 }).verifyUpload, clock: () => fx.now, national: true });
    const results = await province.registry.submitPackages(SCHOOLS.a.code, await Promise.all([1, 2, 3].map((seed) => fx.packaged(SCHOOLS.a, 700 + seed, { lookupCode: newCode() }))));
    codes.push(...results.map((result) => result.lookupCode!));
    await province.registry.recallRecord(SCHOOLS.a.code, codes[0]!, 'Sai ngày sinh');
    const replaced = await province.registry.replaceRecord(SCHOOLS.a.code, codes[1]!, await fx.packaged(SCHOOLS.a, 702, { lookupCode: newCode() }));
    codes.push(replaced.lookupCode!);
  });
  afterAll(async () => {
    await provinceDb?.close();
    await nationalDb?.close();
  });

  const batches = (body: unknown, as = token) => nationalApp.request('/api/v1/national/batches', json(body, bearer(as)));

  it('applies the province stream in one receive, then the same batch again as repeats only, and reports the deadlines', async () => {
    const target = 'https://national.example.vn';
    const before = await province.registry.forwarding.status(fx.schoolYear, target);
    expect(before.deadlines).toEqual([
      { kind: 'completed', date: `${fx.schoolYear.slice(5)}-07-10`, records: 4, unforwarded: 4, pendingChanges: 2 },
      { kind: 'supplementary', date: `${fx.schoolYear.slice(5)}-08-25`, records: 0, unforwarded: 0, pendingChanges: 0 },
    ]);
    const page = await province.registry.forwarding.readStream(0, 100, 8 * 1024 * 1024);
    expect(page.items.map((item) => item.kind)).toEqual(['accept', 'accept', 'accept', 'recall', 'replace']);
    const ack = await national.forwarding.receive('01', { after: 0, items: page.items });
    expect(ack).toMatchObject({ province: '01', applied: 5, repeated: 0, refused: null, lastSequence: page.items.at(-1)!.sequence });
    await province.registry.forwarding.journalForwarded(target, { after: 0, through: ack.lastSequence, items: 5, applied: 5, repeated: 0 });
    const after = await province.registry.forwarding.status(fx.schoolYear, target);
    expect(after.deadlines[0]).toMatchObject({ records: 4, unforwarded: 0, pendingChanges: 0 });
    for (const code of codes) {
      const [here, there] = await Promise.all([province.registry.getRecord(code), national.getRecord(code)]);
      expect({ code, status: there?.status, replacedBy: there?.replacedBy }).toEqual({ code, status: here?.status, replacedBy: here?.replacedBy });
    }
    expect(await national.forwarding.receive('01', { after: 0, items: page.items })).toMatchObject({ applied: 0, repeated: 5, lastSequence: ack.lastSequence });
  });

  it('forwards a transfer: the national answer says the student moved, the unknown receiving school is added from the province, deadlines count no transfer, and a second send applies nothing', async () => {
    const target = 'https://national.example.vn';
    const moved = codes[2]!;
    const student = (await province.registry.getRecord(moved))!.studentCode;
    const cursor = await national.forwarding.cursor('01');
    expect((await national.getRecord(moved))!.studentMoved).toBe(false);
    await province.registry.recordTransfer({ studentCode: student, fromSchool: SCHOOLS.a.code, toSchool: SCHOOLS.c.code, effectiveDate: '2021-09-06', reason: 'Gia đình chuyển nơi ở' });
    // A transfer is a stream item but no record: the deadline report still has nothing pending.
    const status = await province.registry.forwarding.status(fx.schoolYear, target);
    expect(status.deadlines[0]).toMatchObject({ records: 4, unforwarded: 0, pendingChanges: 0 });
    const page = await province.registry.forwarding.readStream(cursor, 100, 8 * 1024 * 1024);
    expect(page.items).toEqual([{
      kind: 'transfer', sequence: expect.any(Number), at: fx.now.toISOString(), studentCode: student,
      fromSchool: SCHOOLS.a.code, fromSchoolName: SCHOOLS.a.name, toSchool: SCHOOLS.c.code, toSchoolName: SCHOOLS.c.name,
      effectiveDate: '2021-09-06', reason: 'Gia đình chuyển nơi ở',
    }]);
    // School C has no record in the national store: before the transfer it does not know the school.
    expect(await nationalDb.query(`select code from schools where code = '${SCHOOLS.c.code}'`)).toEqual([]);
    const body = { after: cursor, items: page.items };
    const sent = await batches(body);
    expect([sent.status, await sent.json()]).toEqual([200, { province: '01', lastSequence: page.items[0]!.sequence, applied: 1, repeated: 0, refused: null }]);
    const [there, here] = await Promise.all([nationalApp, province.app].map(async (app) => (await (await app.request(`/api/v1/records/${moved}`)).json()) as { status: string; studentMoved: boolean }));
    expect([there!.status, there!.studentMoved]).toEqual([here!.status, true]);
    expect(await nationalDb.query(`select code, name, province_code from schools where code = '${SCHOOLS.c.code}'`))
      .toEqual([{ code: SCHOOLS.c.code, name: SCHOOLS.c.name, province_code: '01' }]);
    const again = await batches(body);
    expect([again.status, await again.json()]).toMatchObject([200, { applied: 0, repeated: 1, refused: null }]);
    const kept = await nationalDb.query<{ student_code: string; from_school: string; to_school: string; recorded_by: string }>(
      'select student_code, from_school, to_school, recorded_by from transfers');
    expect(kept).toEqual([{ student_code: student, from_school: SCHOOLS.a.code, to_school: SCHOOLS.c.code, recorded_by: 'province:01' }]);
    const journaled = await nationalDb.query<{ actor: string; n: number }>("select actor, count(*)::int as n from events where kind = 'transfer' group by actor");
    expect(journaled).toEqual([{ actor: 'province:01', n: 1 }]);
  });

  it('refuses a transfer from a school of another province with forward_wrong_province, applying nothing', async () => {
    const cursor = await national.forwarding.cursor('01');
    const item = {
      kind: 'transfer', sequence: cursor + 1, at: fx.now.toISOString(), studentCode: '0123456789', fromSchool: '79001001', fromSchoolName: 'Trường THCS Lê Lợi',
      toSchool: SCHOOLS.b.code, toSchoolName: SCHOOLS.b.name, effectiveDate: '2021-09-06', reason: 'Gia đình chuyển nơi ở',
    };
    const response = await batches({ after: cursor, items: [item] });
    const body = (await response.json()) as { code: string; refused: { lookupCode: string | null; errors: { code: string }[] } };
    expect([response.status, body.code, body.refused.lookupCode, body.refused.errors.map((found) => found.code)])
      .toEqual([422, 'forward_item_refused', null, ['forward_wrong_province']]);
    expect(await national.forwarding.cursor('01')).toBe(cursor);
    expect(await nationalDb.query("select id from transfers where from_school = '79001001'")).toEqual([]);
  });

  it('refuses items out of order with forward_order_invalid (400)', async () => {
    const cursor = await national.forwarding.cursor('01');
    const recall = { kind: 'recall', at: fx.now.toISOString(), lookupCode: codes[2], reason: 'thử' };
    const response = await batches({ after: cursor, items: [{ ...recall, sequence: cursor + 2 }, { ...recall, sequence: cursor + 1 }] });
    expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([400, 'forward_order_invalid']);
  });

  it('refuses an item whose signed lookup code is not the one it names (forward_item_mismatch), and a recall of a record it never received (forward_record_unknown)', async () => {
    const cursor = await national.forwarding.cursor('01');
    const pkg = await fx.packaged(SCHOOLS.a, 799, { lookupCode: newCode() });
    const item = {
      kind: 'accept', sequence: cursor + 1, at: fx.now.toISOString(), lookupCode: newCode(), schoolCode: SCHOOLS.a.code, schoolName: SCHOOLS.a.name,
      receiptId: randomUUID(), receivedAt: fx.now.toISOString(), package: pkg, seal: null,
    };
    const mismatch = await batches({ after: cursor, items: [item] });
    const refused = (await mismatch.json()) as { code: string; refused: { errors: { code: string }[] } };
    expect([mismatch.status, refused.code]).toEqual([422, 'forward_item_refused']);
    // Without the province's seal approval the national side also refuses the seal: the approval is the province's word.
    expect(refused.refused.errors.map((found) => found.code).sort()).toEqual(['cert_not_approved']);
    const named = await batches({ after: cursor, items: [{ ...item, seal: sealOf(pkg) }] });
    expect(((await named.json()) as { refused: { errors: { code: string }[] } }).refused.errors.map((found) => found.code)).toEqual(['forward_item_mismatch']);
    const unknown = await batches({ after: cursor, items: [{ kind: 'recall', sequence: cursor + 1, at: fx.now.toISOString(), lookupCode: newCode(), reason: 'thử' }] });
    expect(((await unknown.json()) as { refused: { errors: { code: string }[] } }).refused.errors.map((found) => found.code)).toEqual(['forward_record_unknown']);
    expect(await national.forwarding.cursor('01')).toBe(cursor);
  });

  it('mounts the national routes only in national mode, documented with the province token scheme', async () => {
    const doc = (await (await nationalApp.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>>; components: { securitySchemes: Record<string, unknown> } };
    expect(Object.keys(doc.paths).filter((path) => path.startsWith('/api/v1/national/'))).toEqual(['/api/v1/national/cursor', '/api/v1/national/batches']);
    expect(doc.components.securitySchemes.provinceToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    const response = await province.app.request('/api/v1/national/cursor', { headers: bearer(token) });
    expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([404, 'route_not_found']);
  });

  it('journals each acknowledged batch under whoever started the run (the schedule: operator:forward), and reads the cursor from both', async () => {
    const target = 'https://journal-actor.example.vn';
    await province.registry.forwarding.journalForwarded(target, { after: 0, through: 1, items: 1, applied: 1, repeated: 0 });
    await province.registry.forwarding.journalForwarded(target, { after: 1, through: 2, items: 1, applied: 1, repeated: 0 }, undefined, 'operator:lan.vo');
    expect(await provinceDb.query(`select actor from events where kind = 'forward' and subject = $1 order by id`, [target]))
      .toEqual([{ actor: 'operator:forward' }, { actor: 'operator:lan.vo' }]);
    expect(await province.registry.forwarding.lastForwarded(target)).toBe(2);
  });

  it('answers the operator route 503 forward_not_configured without a target, 409 forward_running during a run, and names an unreachable national side', async () => {
    await province.registry.addOperator({ username: USER, displayName: 'Võ Lan', password: PASSWORD }, { now: fx.now });
    const session = ((await (await province.app.request('/api/v1/operator/login', json({ username: USER, password: PASSWORD }))).json()) as { token: string }).token;
    const none = await province.app.request('/api/v1/operator/forward', { headers: bearer(session) });
    expect([none.status, ((await none.json()) as { code: string }).code]).toEqual([503, 'forward_not_configured']);
    // Port 9 (discard) on loopback refuses the connection: a national side that cannot be reached.
    const runs = createForwardRuns({ registry: province.registry, to: 'http://127.0.0.1:9', token: 'x'.repeat(43), tries: 2, backoffMs: 200 });
    const app = province.appWith({ forwardRuns: runs });
    const first = await app.request('/api/v1/operator/forward', { method: 'POST', headers: bearer(session) });
    const second = await app.request('/api/v1/operator/forward', { method: 'POST', headers: bearer(session) });
    expect([first.status, second.status, ((await second.json()) as { code: string }).code]).toEqual([202, 409, 'forward_running']);
    await runs.stop();
    const state = (await (await app.request('/api/v1/operator/forward', { headers: bearer(session) })).json()) as { running: boolean; lastRun: { ok: boolean; error: string } };
    // The run is the operator's (its batches would be journaled under that name); its error comes coded too.
    expect(state).toMatchObject({
      running: false, startedBy: null,
      lastRun: { ok: false, startedBy: `operator:${USER}`, error: expect.stringContaining('127.0.0.1:9'), issue: { code: 'forward_upstream_failed', params: { code: 'unreachable' } } },
    });
    expect(await rejectionCode(forwardOnce({ registry: province.registry, to: 'http://127.0.0.1:9', token: 'x'.repeat(43), tries: 1 }))).toBe('forward_upstream_failed');
  });

  function sealOf(_pkg: string): string {
    return fx.trustMaterial.approvals.find((approval) => approval.schoolCode === SCHOOLS.a.code)!.fingerprint;
  }
});
