// Forwarding to the national store (issue 19) across two real instances on one machine: a province registry on
// PGlite (its data folder) and a national one on PostgreSQL (`hocba serve --national`). A year with recalls and
// replacements is forwarded by `hocba forward`, killed mid-run with SIGKILL and run again; the national rows must
// then equal the province's exactly, and both must answer the same status for the same lookup code. A transfer
// recorded afterwards by `hocba transfer add` is forwarded by a further run and makes the national answer say the
// student moved; the province's `hocba serve --forward-to` then forwards a later change from its console's "Forward
// now". The national side's own defences are attacked through its route with the province token.
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePackage, encodePackage, fingerprintOf, openRegistry, pemToDer } from '../../../api/index.ts';
import { openDatabase } from '../../../db/client.ts';
import { createFreshDatabase, type FreshDatabase } from '../../helpers/database.ts';
import { startServe } from '../../helpers/serve.ts';
import { enrolFixtures, makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';
import { HOCBA, runHocba } from '../../security/support/processes.ts';

const SLOW = 150_000;
const COLUMNS = 'lookup_code, school_code, school_year, status, package, digest, receipt_id, received_at, recalled_at, recall_reason, replaced_by, replaces, supplementary';

function comparable({ source_province: _source, ...row }: Row): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([column, value]) => [column,
    value instanceof Uint8Array ? createHash('sha256').update(value).digest('hex') : value instanceof Date ? value.toISOString() : value]));
}

const newCode = () => randomUUID().replace(/-/g, '').toUpperCase();

interface Row { lookup_code: string; [column: string]: unknown }

describe('hocba forward: a province on PGlite into a national store on PostgreSQL', () => {
  let fx: Fixtures;
  let work: string;
  let provinceDir: string;
  let national: FreshDatabase;
  let nationalServer: { child: import('node:child_process').ChildProcess; url: string };
  let tokenFile: string;
  let token01: string;
  let token79: string;
  const codes: { valid: string[]; recalled: string[]; replaced: string[]; successors: string[] } = { valid: [], recalled: [], replaced: [], successors: [] };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'hocba-forward-'));
    provinceDir = join(work, 'province');
    fx = await makeFixtures();
    // The province: two schools of Hà Nội (01), eight records, two recalled, two replaced.
    const province = await openRegistry({ dataDir: provinceDir });
    try {
      const tokens = await enrolFixtures(province.registry, fx, [SCHOOLS.a, SCHOOLS.b]);
      expect(tokens.size).toBe(2);
      for (const school of [SCHOOLS.a, SCHOOLS.b]) {
        const seeds = Array.from({ length: 4 }, (_, i) => (school === SCHOOLS.a ? 100 : 200) + i);
        const results = await province.registry.submitPackages(school.code, await Promise.all(seeds.map((seed) => fx.packaged(school, seed, { lookupCode: newCode() }))));
        expect(results.map((result) => result.status)).toEqual(Array(4).fill('accepted'));
        codes.valid.push(...results.map((result) => result.lookupCode!));
      }
      codes.recalled = codes.valid.splice(0, 2);
      for (const code of codes.recalled) await province.registry.recallRecord(SCHOOLS.a.code, code, 'Nhập sai điểm môn Toán');
      codes.replaced = codes.valid.splice(2, 2);
      for (const [i, code] of codes.replaced.entries()) {
        // The same seed and an explicit code give the same student (the sample draws no code of its own).
        const result = await province.registry.replaceRecord(SCHOOLS.b.code, code, await fx.packaged(SCHOOLS.b, 200 + i, { lookupCode: newCode() }));
        expect(result.status === 'rejected' ? result.errors : []).toEqual([]);
        codes.successors.push(result.lookupCode!);
      }
    } finally {
      await province.close();
    }
    // The national store: its own trust list (the CAs and CRLs, no school), and province accounts made by the CLI.
    national = await createFreshDatabase('hocba_national');
    const own = await openRegistry({ url: national.url });
    try {
      await enrolFixtures(own.registry, fx, []);
      token79 = (await own.registry.forwarding.addProvince('79')).token;
    } finally {
      await own.close();
    }
    const made = await runHocba(['province', 'add', '--code', '01', '--json'], { DATABASE_URL: national.url });
    expect(made.code).toBe(0);
    token01 = (JSON.parse(made.stdout) as { provinceCode: string; token: string }).token;
    tokenFile = join(work, 'province-01.token');
    writeFileSync(tokenFile, `${token01}\n`, { mode: 0o600 });
    nationalServer = await startServe(['--national', '--port', '0', '--workers', '1', '--log-level', 'silent'], { DATABASE_URL: national.url });
  }, SLOW);

  afterAll(async () => {
    nationalServer?.child.kill('SIGTERM');
    await new Promise((resolve) => (nationalServer?.child.exitCode !== null ? resolve(null) : nationalServer.child.once('exit', resolve)));
    await national?.drop();
    rmSync(work, { recursive: true, force: true });
  }, SLOW);

  const post = (path: string, token: string, body: unknown) => fetch(`${nationalServer.url}${path}`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const cursorOf = async (token: string) => ((await (await fetch(`${nationalServer.url}/api/v1/national/cursor`, {
    headers: { Authorization: `Bearer ${token}` },
  })).json()) as { lastSequence: number }).lastSequence;

  it('prints a province token once and refuses a code that is not one of the 34 provinces', async () => {
    expect(token01).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const wrong = await runHocba(['province', 'add', '--code', '74'], { DATABASE_URL: national.url });
    expect([wrong.code, wrong.stderr]).toEqual([1, expect.stringContaining('[province_code_invalid]')]);
  }, SLOW);

  it('forwards the year, survives SIGKILL mid-run, and resumes to rows equal to the province\'s', async () => {
    const args = [HOCBA, 'forward', '--to', nationalServer.url, '--token-file', tokenFile, '--data', provinceDir, '--batch', '1', '--lang', 'en'];
    // First run: killed after its second acknowledged batch.
    const first = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let progress = '';
    await new Promise<void>((resolve) => {
      first.stderr.on('data', (chunk: Buffer) => {
        progress += chunk.toString('utf8');
        if ((progress.match(/^forward: \d+\/\d+ items/gm) ?? []).length >= 2 && first.exitCode === null) first.kill('SIGKILL');
      });
      first.on('exit', () => resolve());
    });
    expect(first.signalCode).toBe('SIGKILL');
    const total = Number(/^forward: \d+\/(\d+) items/m.exec(progress)![1]);
    // 10 records accepted (8 + 2 successors), 2 recalls; repeats and the forward journal are not items.
    expect(total).toBe(12);
    const midway = await cursorOf(token01);
    expect(midway).toBeGreaterThan(0);

    const second = await runHocba(args.slice(1), {});
    expect([second.code, second.stderr.split('\n').at(-2)]).toEqual([0, expect.stringMatching(/^forward: (\d+)\/\1 items/)]);
    expect(second.stdout).toMatch(/forwarded \d+ items to http:\/\/127\.0\.0\.1:\d+ \(province 01\)/);
    // The kill fell mid-run: the resumed run moved the cursor on from where the first one left it.
    expect(await cursorOf(token01)).toBeGreaterThan(midway);
    // A third run finds nothing to send and sends nothing.
    const third = await runHocba(args.slice(1), {});
    expect([third.code, third.stdout]).toEqual([0, expect.stringContaining('forwarded 0 items')]);

    const provinceDb = await openDatabase({ dataDir: provinceDir });
    const nationalDb = await openDatabase({ url: national.url });
    try {
      const mine = await provinceDb.query<Row>(`select ${COLUMNS} from records order by lookup_code`);
      const theirs = await nationalDb.query<Row & { source_province: string }>(`select ${COLUMNS}, source_province from records order by lookup_code`);
      expect(mine).toHaveLength(10);
      expect(theirs.map((row) => row.source_province)).toEqual(Array(10).fill('01'));
      // Bytes compared by digest (PostgreSQL hands back a Buffer, PGlite a Uint8Array), instants as ISO text.
      expect(theirs.map(comparable)).toEqual(mine.map(comparable));
      // Each record was applied once: one national journal entry per accept, replacement and recall.
      const applied = await nationalDb.query<{ kind: string; n: number }>(
        "select kind, count(*)::int as n from events where actor = 'province:01' and kind in ('accept', 'replace', 'recall') group by kind order by kind");
      expect(applied).toEqual([{ kind: 'accept', n: 8 }, { kind: 'recall', n: 2 }, { kind: 'replace', n: 2 }]);
      const journaled = await provinceDb.query<{ n: number }>("select count(*)::int as n from events where kind = 'forward'");
      expect(journaled[0]!.n).toBeGreaterThanOrEqual(2);
      // Each acknowledged batch is journaled under the command's user, as every operator command is.
      expect(await provinceDb.query("select distinct actor from events where kind = 'forward'")).toEqual([{ actor: expect.stringMatching(/^cli:.+@.+$/) }]);
    } finally {
      await provinceDb.close();
      await nationalDb.close();
    }
  }, SLOW);

  it('answers a national lookup of a province record with the same status as the province', async () => {
    const province = await startServe(['--port', '0', '--workers', '0', '--data', provinceDir, '--log-level', 'silent']);
    try {
      for (const code of [codes.valid[0]!, codes.recalled[0]!, codes.replaced[0]!, codes.successors[0]!]) {
        const [here, there] = await Promise.all([province.url, nationalServer.url].map(async (url) => {
          const response = await fetch(`${url}/api/v1/records/${code}`);
          expect(response.status).toBe(200);
          return (await response.json()) as { status: string; replacedBy?: string | null; schoolCode: string };
        }));
        expect({ code, status: there!.status, replacedBy: there!.replacedBy, school: there!.schoolCode })
          .toEqual({ code, status: here!.status, replacedBy: here!.replacedBy, school: here!.schoolCode });
      }
    } finally {
      province.child.kill('SIGTERM');
      await new Promise((resolve) => province.child.once('exit', resolve));
    }
  }, SLOW);

  it('forwards a transfer recorded later by `hocba transfer add`: the national answer says the student moved, and a run again sends nothing', async () => {
    const moved = codes.valid[0]!;
    const provinceDb = await openDatabase({ dataDir: provinceDir });
    let student: string;
    try {
      student = (await provinceDb.query<{ student_code: string }>('select student_code from records where lookup_code = $1', [moved]))[0]!.student_code;
    } finally {
      await provinceDb.close();
    }
    const recorded = await runHocba(['transfer', 'add', '--student', student, '--from', SCHOOLS.a.code, '--to', SCHOOLS.b.code, '--date', '2021-09-06',
      '--reason', 'Gia đình chuyển nơi ở', '--data', provinceDir]);
    expect(recorded.code, recorded.stderr).toBe(0);
    const args = ['forward', '--to', nationalServer.url, '--token-file', tokenFile, '--data', provinceDir];
    const sent = await runHocba(args);
    expect([sent.code, sent.stdout]).toEqual([0, expect.stringContaining('forwarded 1 items')]);
    const answer = (await (await fetch(`${nationalServer.url}/api/v1/records/${moved}`)).json()) as { studentMoved: boolean };
    expect(answer.studentMoved).toBe(true);
    const again = await runHocba(args);
    expect([again.code, again.stdout]).toEqual([0, expect.stringContaining('forwarded 0 items')]);
    const nationalDb = await openDatabase({ url: national.url });
    try {
      expect(await nationalDb.query('select student_code, from_school, to_school, recorded_by from transfers'))
        .toEqual([{ student_code: student, from_school: SCHOOLS.a.code, to_school: SCHOOLS.b.code, recorded_by: 'province:01' }]);
    } finally {
      await nationalDb.close();
    }
  }, SLOW);

  it('forwards from the console of `hocba serve --forward-to` (JavaScript off: plain form posts), journaled under the operator', async () => {
    const user = 'mai.tran';
    const password = 'Sở Giáo dục Hà Nội 2026';
    const province = await openRegistry({ dataDir: provinceDir });
    try {
      await province.registry.addOperator({ username: user, displayName: 'Trần Thị Mai', password });
      // One more change since the last run: the only item this run has to send.
      await province.registry.recallRecord(SCHOOLS.a.code, codes.valid[1]!, 'Nhập nhầm học sinh');
    } finally {
      await province.close();
    }
    const before = await cursorOf(token01);
    const server = await startServe(['--port', '0', '--workers', '0', '--data', provinceDir, '--log-level', 'silent',
      '--forward-to', nationalServer.url, '--forward-token-file', tokenFile]);
    try {
      const form = await fetch(`${server.url}/quan-tri/dang-nhap`);
      const guard = form.headers.get('set-cookie')!.split(';')[0]!;
      const field = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;
      const send = (path: string, fields: Record<string, string>, cookie: string) => fetch(`${server.url}${path}`, {
        method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
        headers: { cookie, origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      });
      const signed = await send('/quan-tri/dang-nhap', { csrf: field(await form.text()), ten: user, 'mat-khau': password }, guard);
      expect(signed.status).toBe(303);
      const cookie = signed.headers.get('set-cookie')!.split(';')[0]!;
      const page = await (await fetch(`${server.url}/en/quan-tri/thao-tac`, { headers: { cookie } })).text();
      expect(page).toContain(`data-forward-target>${new URL(nationalServer.url).origin}<`);
      const started = await send('/en/quan-tri/thao-tac', { csrf: field(page), 'thao-tac': 'forward' }, cookie);
      expect([started.status, await started.text()]).toEqual([200, expect.stringContaining('data-outcome="done"')]);
      // The run goes on in the server; the page tells when it has ended (bounded number of looks, nothing timed).
      let shown = '';
      for (let look = 0; look < 300 && !/data-forward-last="(ok|refused|error)"/.test(shown); look += 1) {
        if (look > 0) await new Promise((resolve) => setTimeout(resolve, 100));
        shown = await (await fetch(`${server.url}/en/quan-tri/thao-tac`, { headers: { cookie } })).text();
      }
      expect(shown).toContain('data-forward-last="ok"');
      expect(shown).toContain('data-forward-sent>1<');
      expect(shown).toContain(`data-forward-by>operator:${user}<`);
      expect(await cursorOf(token01)).toBeGreaterThan(before);
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
    }
    const provinceDb = await openDatabase({ dataDir: provinceDir });
    const nationalDb = await openDatabase({ url: national.url });
    try {
      expect(await provinceDb.query(`select actor, (detail->>'items')::int as items from events where kind = 'forward' and actor = $1`, [`operator:${user}`]))
        .toEqual([{ actor: `operator:${user}`, items: 1 }]);
      expect(await nationalDb.query('select status from records where lookup_code = $1', [codes.valid[1]!])).toEqual([{ status: 'recalled' }]);
    } finally {
      await provinceDb.close();
      await nationalDb.close();
    }
  }, SLOW);

  it('refuses a province token for another province\'s schools, applying nothing', async () => {
    const pkg = await fx.packaged(SCHOOLS.c, 901);
    const item = recordItem(pkg, SCHOOLS.c.code, 1);
    const response = await post('/api/v1/national/batches', token79, { after: 0, items: [item] });
    const body = (await response.json()) as { code: string; lastSequence: number; refused: { errors: { code: string }[] } };
    expect([response.status, body.code, body.refused.errors.map((found) => found.code)]).toEqual([422, 'forward_item_refused', ['forward_wrong_province']]);
    expect(await cursorOf(token79)).toBe(0);
  }, SLOW);

  it('refuses a tampered package with its own verification, and a gap with forward_gap', async () => {
    const cursor = await cursorOf(token01);
    const xml = decodePackage(await fx.packaged(SCHOOLS.c, 902)).toString('utf8');
    // The student's name changed after signing: the signature no longer covers the content.
    const tampered = encodePackage(Buffer.from(xml.replace(/<HoTen>([^<]*)<\/HoTen>/, '<HoTen>$1 A</HoTen>'), 'utf8'));
    const response = await post('/api/v1/national/batches', token01, { after: cursor, items: [recordItem(tampered, SCHOOLS.c.code, cursor + 1)] });
    const body = (await response.json()) as { code: string; lastSequence: number; refused: { errors: { code: string }[] } };
    expect([response.status, body.code, body.lastSequence]).toEqual([422, 'forward_item_refused', cursor]);
    expect(body.refused.errors.map((found) => found.code)).toContain('digest_mismatch');
    expect(await cursorOf(token01)).toBe(cursor);
    const gap = await post('/api/v1/national/batches', token01, { after: cursor + 5, items: [recordItem(tampered, SCHOOLS.c.code, cursor + 6)] });
    expect([gap.status, ((await gap.json()) as { code: string }).code]).toEqual([409, 'forward_gap']);
    const nobody = await post('/api/v1/national/batches', 'x'.repeat(43), { after: 0, items: [] });
    expect(nobody.status).toBe(401);
  }, SLOW);

  function recordItem(pkg: string, schoolCode: string, sequence: number) {
    const lookupCode = /<MaTraCuu>([^<]+)<\/MaTraCuu>/.exec(decodePackage(pkg).toString('utf8'))![1]!.replace(/-/g, '').toUpperCase();
    return {
      kind: 'accept', sequence, at: fx.now.toISOString(), lookupCode, schoolCode, schoolName: 'Trường THPT Phan Đình Phùng',
      receiptId: '00000000-0000-4000-8000-000000000001', receivedAt: fx.now.toISOString(), package: pkg,
      seal: fingerprintOf(pemToDer(fx.pem(SCHOOLS.c.seal))[0]!),
    };
  }
});
