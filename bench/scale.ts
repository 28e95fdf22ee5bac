// `npm run bench:scale` (issue 14): lookups through HAProxy with one and two `hocba serve` nodes on a PostgreSQL
// table of BENCH_ROWS records (default 1,000,000), and the JSON lookup's p99 and ingest at BENCH_SMALL_ROWS (10,000)
// against the full table. The two sizes are two scratch databases measured alternately (small, full, small, full),
// so a change of the machine's load during the run moves both alike instead of passing for the table's size.
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
const ingestPackages = Number(process.env.BENCH_INGEST ?? 400);
const ingestBatch = Number(process.env.BENCH_INGEST_BATCH ?? 50);
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!/^postgres:\/\/[^@]*@(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(adminUrl)) throw new Error('bench:scale runs against a loopback PostgreSQL only');
const HOCBA = new URL('../scripts/hocba.ts', import.meta.url).pathname;
const log = (line: string) => process.stderr.write(`${line}\n`);

if (await ensureSiteBuilt()) log('portal built (dist/)');
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const scratch: string[] = [];
const clients: pg.Client[] = [];
const children: ChildProcess[] = [];
let haproxy: RunningHaproxy | null = null;

interface Table {
  readonly rows: number;
  readonly url: string;
  readonly db: pg.Client;
  readonly token: string;
}

try {
  const fx = await makeFixtures();
  const school = SCHOOLS.a;
  log(`signing ${templates} template records and ${4 * ingestPackages} records to push…`);
  const packages: string[] = [];
  for (let i = 0; i < templates; i += 1) packages.push(await fx.packaged(school, 90_000 + i));
  // Two ingest rounds per table, each of records never pushed there before (a repeat would take the cheap path).
  const rounds: string[][] = [];
  for (let round = 0; round < 4; round += 1) {
    const batch = [];
    for (let i = 0; i < ingestPackages; i += 1) batch.push(await fx.packaged(school, 100_000 + round * ingestPackages + i));
    rounds.push(batch);
  }

  /** A scratch database with the templates pushed through the registry and copied up to `rowsWanted`. */
  const prepare = async (rowsWanted: number): Promise<Table> => {
    const name = `hocba_scale_${process.pid}_${scratch.length}`;
    await admin.query(`create database ${name}`);
    scratch.push(name);
    const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
    const opened = await openRegistry({ url, workers: 1 });
    const tokens = await enrolFixtures(opened.registry, fx, [school]);
    for (const result of await opened.registry.submitPackages(school.code, packages)) {
      if (result.status !== 'accepted') throw new Error(`template rejected: ${JSON.stringify(result)}`);
    }
    await opened.close();
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    clients.push(db);
    const started = performance.now();
    // Each copy: a template (round robin), a fresh code, receipt and digest; placeholder package bytes.
    await db.query(`insert into records (lookup_code, school_code, school_year, grade, level, student_code, personal_id_last4, student_name,
        status, package, digest, report, receipt_id, received_at, supplementary)
      select upper(replace(gen_random_uuid()::text, '-', '')), t.school_code, t.school_year, t.grade, t.level, t.student_code || '-' || g,
        t.personal_id_last4, t.student_name, 'valid', '\\x00'::bytea, md5(g::text) || md5(t.digest || g), t.report,
        gen_random_uuid()::text, t.received_at, t.supplementary
      from generate_series(1, $1::int) g
      join (select row_number() over (order by lookup_code) - 1 as i, * from records where length(package) > 1) t on t.i = g % $2`, [rowsWanted - templates, templates]);
    await db.query('analyze records');
    log(`  ${fixed(rowsWanted)} rows: ${fixed(rowsWanted - templates)} copied in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { rows: rowsWanted, url, db, token: tokens.get(school.code)! };
  };

  const sampleCodes = async (table: Table) => (await table.db.query<{ lookup_code: string }>(
    'select lookup_code from records tablesample bernoulli (1) repeatable (7) limit 2000')).rows.map((row) => row.lookup_code);

  const haproxyPort = await freePort();
  const nodePorts = [await freePort(), await freePort()];
  const startNode = (url: string, port: number) => new Promise<ChildProcess>((resolve, reject) => {
    const child = spawn(process.execPath, [HOCBA, 'serve', '--port', String(port), '--workers', workers, '--log-level', 'error',
      '--trusted-proxies', '127.0.0.2/32', '--public-rate-limit', '0', '--page-rate-limit', '0', '--school-rate-limit', '0'], {
      env: { ...process.env, DATABASE_URL: url, HOCBA_PUBLIC_URL: `http://127.0.0.1:${haproxyPort}` }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`hocba serve exited (${code}) before listening`)));
  });
  const withNodes = async <T>(table: Table, count: number, work: () => Promise<T>): Promise<T> => {
    const started = await Promise.all(nodePorts.slice(0, count).map((port) => startNode(table.url, port)));
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

  const percentile = (sorted: Float64Array | number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
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
  /** Pushes one round's packages through HAProxy in batches, 3 in flight, as schools do before a lock date. */
  const ingest = async (label: string, table: Table, round: readonly string[]) => {
    log(`${label}: ${round.length} packages in batches of ${ingestBatch}…`);
    const batches: string[][] = [];
    for (let i = 0; i < round.length; i += ingestBatch) batches.push(round.slice(i, i + ingestBatch));
    const latencies: number[] = [];
    let errors = 0;
    let next = 0;
    const began = performance.now();
    await Promise.all([0, 1, 2].map(async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        const sent = performance.now();
        const response = await fetch(`http://127.0.0.1:${haproxyPort}/api/v1/packages`, {
          method: 'POST', headers: { authorization: `Bearer ${table.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ packages: batch }),
        });
        const answer = await response.json() as { results?: Array<{ status: string }> };
        latencies.push(performance.now() - sent);
        errors += batch.length - (answer.results ?? []).filter((result) => result.status === 'accepted').length;
      }
    }));
    const elapsed = (performance.now() - began) / 1000;
    latencies.sort((a, b) => a - b);
    return { label, rate: round.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors, requests: batches.length };
  };

  const loadBefore = loadavg();
  const small = await prepare(smallRows);
  const full = await prepare(rows);
  const [disk] = (await small.db.query<{ package: number; report: number; row: number }>(`select avg(pg_column_size(package))::int as package,
    avg(pg_column_size(report))::int as report, avg(pg_column_size(r.*))::int as row from records r where length(package) > 1`)).rows;
  const lookups = new Map<Table, string[]>([[small, await sampleCodes(small)], [full, await sampleCodes(full)]]);
  const sized = (table: Table) => `${fixed(table.rows)} rows`;

  // Alternately: the small table, the full one, again each; one node, JSON lookups then ingest.
  const alternated: Array<{ table: Table; lookup: Awaited<ReturnType<typeof measure>>; ingest: Awaited<ReturnType<typeof ingest>> }> = [];
  for (const [i, table] of [small, full, small, full].entries()) {
    await withNodes(table, 1, async () => {
      const lookup = await measure(`JSON lookup, 1 node, ${sized(table)} (round ${1 + (i >> 1)})`, lookups.get(table)!.map((code) => `/api/v1/records/${code}`));
      const pushed = await ingest(`Ingest, 1 node, ${sized(table)} (round ${1 + (i >> 1)})`, table, rounds[i]!);
      alternated.push({ table, lookup, ingest: pushed });
    });
  }
  const results: Awaited<ReturnType<typeof measure>>[] = alternated.flatMap((row) => [row.lookup, row.ingest]);
  const json = lookups.get(full)!.map((code) => `/api/v1/records/${code}`);
  const html = lookups.get(full)!.map((code) => `/tra-cuu/${code}`);
  for (const count of [1, 2]) {
    await withNodes(full, count, async () => {
      results.push(await measure(`JSON lookup, ${count} node${count > 1 ? 's' : ''}, ${sized(full)}`, json));
      results.push(await measure(`HTML record page, ${count} node${count > 1 ? 's' : ''}, ${sized(full)}`, html));
    });
  }
  const loadAfter = loadavg();
  const [{ size }] = (await full.db.query<{ size: string }>("select pg_size_pretty(pg_total_relation_size('records')) as size")).rows as [{ size: string }];

  console.log(`\nMachine: ${cpus()[0]?.model ?? '?'} × ${availableParallelism()}, Node ${process.version}, PostgreSQL (loopback), HAProxy, ${new Date().toISOString().slice(0, 16)}Z`);
  console.log(`Run: ${connections} connections through HAProxy, ${seconds} s per target after ${warmupSeconds} s warm-up, --workers ${workers}; ingest ${ingestPackages} new packages per round in batches of ${ingestBatch}, 3 in flight; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after`);
  console.log(`Real record on disk (average of ${templates}): package ${fixed(disk!.package)} B (the XML is derived from it), report ${fixed(disk!.report)} B, whole row ${fixed(disk!.row)} B (compressed as stored); records table with ${fixed(rows)} rows (placeholder bytes): ${size}`);
  console.log('\n| target | requests | per second | p50 | p99 | errors |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of results) console.log(`| ${row.label} | ${fixed(row.requests)} | ${fixed(row.rate)} | ${fixed(row.p50, 1)} ms | ${fixed(row.p99, 1)} ms | ${row.errors} |`);
  const mean = (table: Table, pick: (row: (typeof alternated)[number]) => number) => {
    const values = alternated.filter((row) => row.table === table).map(pick);
    return values.reduce((a, b) => a + b, 0) / values.length;
  };
  const ratio = (pick: (row: (typeof alternated)[number]) => number) => fixed((100 * mean(full, pick)) / mean(small, pick), 0);
  console.log(`\nAt ${sized(full)} against ${sized(small)} (mean of the two alternated rounds, 1 node): JSON lookup p99 ${ratio((row) => row.lookup.p99)} %, `
    + `lookups/s ${ratio((row) => row.lookup.rate)} %; ingest packages/s ${ratio((row) => row.ingest.rate)} %, batch p99 ${ratio((row) => row.ingest.p99)} %.`);
  if (results.some((row) => row.errors > 0)) process.exitCode = 1;
} finally {
  await (haproxy as RunningHaproxy | null)?.stop().catch(() => {});
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const client of clients) await client.end().catch(() => {});
  for (const name of scratch) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

function fixed(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
