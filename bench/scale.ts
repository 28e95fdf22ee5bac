// `npm run bench:scale` (issue 14): lookups through HAProxy with one and two `hocba serve` nodes on a PostgreSQL
// table of BENCH_ROWS records (default 1,000,000), and the JSON lookup's p99 at 10,000 rows against the full table.
//
// Loading cheaply: BENCH_TEMPLATES (20) real packages are signed and pushed through the registry (real verification,
// real rows); the rest are copies of those rows with fresh lookup codes, receipt ids and digests, made by one
// INSERT … SELECT over generate_series inside PostgreSQL. The copies keep each template's facts and report (the
// JSON a lookup reads) but hold a 1-byte placeholder in the package and XML columns: a lookup never reads them
// (hocba_view_row selects neither), and 1 M × ~35 KB of them would be ~35 GB of TOAST on a shared disk. The
// scratch database is dropped at the end (the copies are WAL-logged: records is referenced by logged tables). Disk per record is
// measured on the real template rows. Loopback only; the load generator runs in a worker thread.
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { openRegistry } from '../api/index.ts';
import { ensureSiteBuilt } from '../scripts/build-site.ts';
import { startHaproxy, type RunningHaproxy } from '../tests/helpers/haproxy.ts';
import { freePort } from '../tests/helpers/replica.ts';
import { enrolFixtures, makeFixtures, SCHOOLS } from '../tests/helpers/signed-records.ts';
import type { LoadJob, LoadResult } from './support/http-load.ts';

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const smallRows = Number(process.env.BENCH_SMALL_ROWS ?? 10_000);
const templates = Number(process.env.BENCH_TEMPLATES ?? 20);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmupSeconds = Number(process.env.BENCH_WARMUP ?? 2);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const workers = process.env.BENCH_WORKERS ?? '1';
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!/^postgres:\/\/[^@]*@(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(adminUrl)) throw new Error('bench:scale runs against a loopback PostgreSQL only');
const HOCBA = new URL('../scripts/hocba.ts', import.meta.url).pathname;
const log = (line: string) => process.stderr.write(`${line}\n`);

if (await ensureSiteBuilt()) log('portal built (dist/)');
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const name = `hocba_scale_${process.pid}`;
await admin.query(`create database ${name}`);
const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
const db = new pg.Client({ connectionString: url });
const children: ChildProcess[] = [];
let haproxy: RunningHaproxy | null = null;

try {
  const fx = await makeFixtures();
  const opened = await openRegistry({ url, workers: 1 });
  const school = SCHOOLS.a;
  await enrolFixtures(opened.registry, fx, [school]);
  log(`signing and pushing ${templates} template records…`);
  const packages = [];
  for (let i = 0; i < templates; i += 1) packages.push(await fx.packaged(school, 90_000 + i));
  for (const result of await opened.registry.submitPackages(school.code, packages)) {
    if (result.status !== 'accepted') throw new Error(`template rejected: ${JSON.stringify(result)}`);
  }
  await opened.close();
  await db.connect();
  const [disk] = (await db.query<{ package: number; xml: number; report: number; row: number }>(`select avg(pg_column_size(package))::int as package,
    avg(pg_column_size(xml))::int as xml, avg(pg_column_size(report))::int as report, avg(pg_column_size(r.*))::int as row from records r`)).rows;

  const fill = async (upTo: number) => {
    const [{ n }] = (await db.query<{ n: number }>('select count(*)::int as n from records')).rows as [{ n: number }];
    if (n >= upTo) return;
    const started = performance.now();
    // Each copy: a template (round robin), a fresh code, receipt and digest; placeholder package and XML bytes.
    await db.query(`insert into records (lookup_code, school_code, school_year, grade, level, student_code, personal_id_last4, student_name,
        status, package, xml, digest, report, receipt_id, received_at, supplementary)
      select upper(replace(gen_random_uuid()::text, '-', '')), t.school_code, t.school_year, t.grade, t.level, t.student_code || '-' || g,
        t.personal_id_last4, t.student_name, 'valid', '\\x00'::bytea, '\\x00'::bytea, md5(g::text) || md5(t.digest || g), t.report,
        gen_random_uuid()::text, t.received_at, t.supplementary
      from generate_series(1, $1::int) g
      join (select row_number() over (order by lookup_code) - 1 as i, * from records where length(xml) > 1) t on t.i = g % $2`, [upTo - n, templates]);
    await db.query('analyze records');
    log(`  ${(upTo - n).toLocaleString('en-US')} rows copied in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };

  const sampleCodes = async () => (await db.query<{ lookup_code: string }>(
    'select lookup_code from records tablesample bernoulli (1) repeatable (7) limit 2000')).rows.map((row) => row.lookup_code);

  const haproxyPort = await freePort();
  const nodePorts = [await freePort(), await freePort()];
  const startNode = (port: number) => new Promise<ChildProcess>((resolve, reject) => {
    const child = spawn(process.execPath, [HOCBA, 'serve', '--port', String(port), '--workers', workers, '--log-level', 'error',
      '--trusted-proxies', '127.0.0.2/32', '--public-rate-limit', '0', '--page-rate-limit', '0'], {
      env: { ...process.env, DATABASE_URL: url, HOCBA_PUBLIC_URL: `http://127.0.0.1:${haproxyPort}` }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`hocba serve exited (${code}) before listening`)));
  });
  const withNodes = async <T>(count: number, work: () => Promise<T>): Promise<T> => {
    const started = await Promise.all(nodePorts.slice(0, count).map(startNode));
    haproxy = await startHaproxy({ port: haproxyPort, servers: nodePorts.slice(0, count).map((port, i) => ({ name: `n${i + 1}`, port })), checkMs: 1000 });
    try {
      return await work();
    } finally {
      await haproxy.stop();
      haproxy = null;
      for (const child of started) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
  };

  const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  const measure = async (label: string, paths: string[]) => {
    log(`${label}: ${warmupSeconds} s warm-up, ${seconds} s at ${connections} connections…`);
    const worker = new Worker(new URL('./support/http-load.ts', import.meta.url), {
      workerData: { port: haproxyPort, paths, connections, warmupSeconds, seconds } satisfies LoadJob,
    });
    const result = await new Promise<LoadResult>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    }).finally(() => worker.terminate());
    if (result.firstError) log(`  first error: ${result.firstError}`);
    const sorted = Float64Array.from(result.latencies).sort();
    return { label, rate: result.requests / result.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), errors: result.errors, requests: result.requests };
  };

  const results: Awaited<ReturnType<typeof measure>>[] = [];
  const loadBefore = loadavg();
  await fill(smallRows);
  const small = await sampleCodes();
  await withNodes(1, async () => {
    results.push(await measure(`JSON lookup, 1 node, ${smallRows.toLocaleString('en-US')} rows`, small.map((code) => `/api/v1/records/${code}`)));
  });
  await fill(rows);
  const codes = await sampleCodes();
  const json = codes.map((code) => `/api/v1/records/${code}`);
  const html = codes.map((code) => `/tra-cuu/${code}`);
  for (const count of [1, 2]) {
    await withNodes(count, async () => {
      results.push(await measure(`JSON lookup, ${count} node${count > 1 ? 's' : ''}, ${rows.toLocaleString('en-US')} rows`, json));
      results.push(await measure(`HTML record page, ${count} node${count > 1 ? 's' : ''}, ${rows.toLocaleString('en-US')} rows`, html));
    });
  }
  const loadAfter = loadavg();
  const [{ size }] = (await db.query<{ size: string }>("select pg_size_pretty(pg_total_relation_size('records')) as size")).rows as [{ size: string }];

  const fixed = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  console.log(`\nMachine: ${cpus()[0]?.model ?? '?'} × ${availableParallelism()}, Node ${process.version}, PostgreSQL (loopback), HAProxy, ${new Date().toISOString().slice(0, 16)}Z`);
  console.log(`Run: ${connections} connections through HAProxy, ${seconds} s per target after ${warmupSeconds} s warm-up, --workers ${workers}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after`);
  console.log(`Real record on disk (average of ${templates}): package ${fixed(disk!.package)} B, XML ${fixed(disk!.xml)} B, report ${fixed(disk!.report)} B, whole row ${fixed(disk!.row)} B (compressed as stored); records table with ${fixed(rows)} rows (placeholder bytes): ${size}`);
  console.log('\n| target | requests | requests/s | p50 | p99 | errors |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of results) console.log(`| ${row.label} | ${fixed(row.requests)} | ${fixed(row.rate)} | ${fixed(row.p50, 1)} ms | ${fixed(row.p99, 1)} ms | ${row.errors} |`);
  const p99Small = results[0]!.p99;
  const p99Full = results[1]!.p99;
  console.log(`\nJSON lookup p99 at ${fixed(rows)} rows is ${fixed((100 * p99Full) / p99Small, 0)} % of its p99 at ${fixed(smallRows)} rows (1 node).`);
  if (results.some((row) => row.errors > 0)) process.exitCode = 1;
} finally {
  await (haproxy as RunningHaproxy | null)?.stop().catch(() => {});
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await db.end().catch(() => {});
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
