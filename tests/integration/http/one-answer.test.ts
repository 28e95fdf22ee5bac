// SPEC §6 "every door gives the same answer": for each status, the API JSON, the portal page, the bulk CSV of both
// doors and `hocba verify --url` (and, for files, POST /verify and /kiem-tra) say the same word — through the real
// `hocba serve` on PGlite and on PostgreSQL. One table, one loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeOf, openRegistry, type PublicStatus } from '../../../api/index.ts';
import { ensureSiteBuilt } from '../../../scripts/build-site.ts';
import { createFreshDatabase, databasesUnderTest, type FreshDatabase } from '../../helpers/database.ts';
import { indeterminateDocument, seedEveryStatus } from '../../helpers/every-status.ts';
import { startServe } from '../../helpers/serve.ts';
import { makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PUBLIC_URL = 'https://hocba.example.vn';

interface Case {
  readonly status: PublicStatus;
  /** A lookup code whose answer is this status (none for invalid/indeterminate: a registered record is valid by construction). */
  readonly code: string | null;
  /** A file whose upload answer is this status. */
  readonly file: string;
}

function hocbaVerify(url: string, file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/hocba.ts', 'verify', '--url', url, file], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', LC_ALL: 'C.UTF-8' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The `data-status` of the record page's banner (or of the not-found banner). */
function pageStatus(html: string): string | null {
  return /data-status="([a-z_]+)"/.exec(html)?.[1] ?? null;
}

let fx: Fixtures;
beforeAll(async () => {
  [fx] = await Promise.all([makeFixtures(), ensureSiteBuilt()]);
}, 240_000);

describe.each(databasesUnderTest())('one answer at every door, through hocba serve on $name', ({ name }) => {
  let server: ChildProcess | undefined;
  let url: string;
  let fresh: FreshDatabase | undefined;
  const cases: Case[] = [];
  const work = mkdtempSync(join(tmpdir(), 'hocba-one-answer-'));

  beforeAll(async () => {
    fresh = name === 'postgres' ? await createFreshDatabase() : undefined;
    const data = join(work, 'data');
    const opened = await openRegistry(fresh ? { url: fresh.url } : { dataDir: data });
    const seeded = await seedEveryStatus(opened.registry, fx);
    const undecidable = await indeterminateDocument(opened.registry, fx, 91);
    await opened.close();
    const unregistered = await fx.signed(SCHOOLS.a, 92);
    const fileOf = (label: string, text: string) => {
      const path = join(work, `${label}.xml`);
      writeFileSync(path, text);
      return path;
    };
    const registered = (code: string) => fileOf(code, seeded.xml.get(code)!);
    const { codes } = seeded;
    cases.push(
      { status: 'in_force', code: codes.inForce, file: registered(codes.inForce) },
      { status: 'not_locked', code: codes.notLocked, file: registered(codes.notLocked) },
      { status: 'recalled', code: codes.recalled, file: registered(codes.recalled) },
      { status: 'replaced', code: codes.replaced, file: registered(codes.replaced) },
      { status: 'invalid', code: null, file: fileOf('tampered', seeded.xml.get(codes.notLocked)!.replace(/<HoTen>[^<]+<\/HoTen>/, '<HoTen>Nguyễn Văn Sửa</HoTen>')) },
      { status: 'indeterminate', code: null, file: fileOf('undecidable', undecidable) },
      { status: 'not_found', code: /<MaTraCuu>([0-9A-Fa-f]{32})<\/MaTraCuu>/.exec(unregistered)![1]!.toUpperCase(), file: fileOf('unregistered', unregistered) },
    );
    const args = ['--port', '0', '--workers', '0', '--log-level', 'warn', '--public-url', PUBLIC_URL, ...(fresh ? [] : ['--data', data])];
    ({ child: server, url } = await startServe(args, { DATABASE_URL: fresh?.url ?? '' }));
  }, 240_000);

  afterAll(async () => {
    if (server) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server!.on('exit', resolve));
    }
    await fresh?.drop();
  });

  it('gives each status the same word at every door', async () => {
    const lookups = cases.filter((c) => c.code !== null);
    const codes = lookups.map((c) => c.code!);
    const apiCsv = await (await fetch(`${url}/api/v1/verify/batch`, {
      method: 'POST', body: codes.join('\n'), headers: { 'Content-Type': 'text/plain', Accept: 'text/csv' },
    })).text();
    const portalCsv = await (await fetch(`${url}/xac-minh-hang-loat/ket-qua.csv`, {
      method: 'POST', body: new URLSearchParams({ ma: codes.join('\n') }),
    })).text();
    // ONE CSV format: the two doors answer the same bytes for the same list.
    expect(portalCsv).toBe(apiCsv);
    const csvStatus = apiCsv.replace(/^\uFEFF/, '').trimEnd().split('\r\n').slice(1).map((line) => line.split(',')[1]);

    const seen: Record<string, Record<string, string | number | null>> = {};
    for (const [i, c] of lookups.entries()) {
      const api = await fetch(`${url}/api/v1/records/${c.code}`);
      const page = await fetch(`${url}/tra-cuu/${c.code}`);
      seen[c.status] = {
        api: api.status === 404 ? ((await api.json()) as { code: string }).code : ((await api.json()) as { status: string }).status,
        page: pageStatus(await page.text()),
        bulkCsv: csvStatus[i] ?? null,
      };
    }
    for (const c of cases) {
      const upload = await fetch(`${url}/api/v1/verify`, { method: 'POST', body: (await import('node:fs')).readFileSync(c.file), headers: { 'Content-Type': 'application/xml' } });
      const form = new FormData();
      form.set('tep', new Blob([(await import('node:fs')).readFileSync(c.file)], { type: 'application/xml' }), 'file.xml');
      const checked = await (await fetch(`${url}/kiem-tra`, { method: 'POST', body: form })).text();
      const cli = await hocbaVerify(url, c.file);
      seen[c.status] = {
        ...seen[c.status],
        upload: ((await upload.json()) as { status: string }).status,
        checkPage: /data-verdict="([a-z_]+)"/.exec(checked)?.[1] ?? null,
        cli: /\(([A-Z_]+)\)/.exec(cli.stdout.split('\n')[0] ?? '')?.[1]?.toLowerCase() ?? null,
        exit: cli.code,
      };
    }
    const expected = Object.fromEntries(cases.map((c) => {
      const doors: Record<string, string | number | null> = { upload: c.status, checkPage: c.status, cli: c.status, exit: exitCodeOf(c.status) };
      if (c.code !== null) Object.assign(doors, { api: c.status, page: c.status, bulkCsv: c.status });
      return [c.status, doors];
    }));
    expect(seen).toEqual(expected);
  }, 240_000);

  it('reads a PDF copy with hocba verify --url: what the registry knows, indeterminate (exit 2), no stack trace', async () => {
    const code = cases.find((c) => c.status === 'recalled')!.code!;
    const response = await fetch(`${url}/api/v1/records/${code}/pdf`);
    expect(response.status).toBe(200);
    const number = response.headers.get('x-copy-number');
    const path = join(work, 'copy.pdf');
    writeFileSync(path, Buffer.from(await response.arrayBuffer()));
    const cli = await hocbaVerify(url, path);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe('');
    expect(cli.stdout.split('\n')[0]).toContain('(INDETERMINATE)');
    expect(cli.stdout).toContain(`copy no. ${number} issued by the registry`);
    expect(cli.stdout).toMatch(/registered record .*: RECALLED/);
  }, 120_000);
});
