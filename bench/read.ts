// `npm run bench:read` (issue 13): the read side at BENCH_CONNECTIONS (default 32) keep-alive connections against the
// real server (API and portal) on a fresh PostgreSQL database with BENCH_RECORDS seeded records: requests/s, p50 and
// p99 of the JSON lookup GET /api/v1/records/{code} and the record page /tra-cuu/{code}, with two ceilings measured in
// the same run on the same event loop: a Hono hello-world and GET /healthz (one `select 1`). Ratios to the hello-world
// are what compare across runs and machines. The load generator runs in a worker thread. Loopback only.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';
import { openRegistry } from '../api/index.ts';
import { startServer } from '../api/server/index.ts';
import { createPortal } from '../api/server/portal.ts';
import { ensureSiteBuilt } from '../scripts/build-site.ts';
import { enrolFixtures, makeFixtures, SCHOOLS } from '../tests/helpers/signed-records.ts';
import type { LoadJob, LoadResult } from './support/http-load.ts';
import { acceptAll } from './support/seed.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmupSeconds = Number(process.env.BENCH_WARMUP ?? 2);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const seeded = Number(process.env.BENCH_RECORDS ?? 200);
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!/^postgres:\/\/[^@]*@(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(adminUrl)) throw new Error('bench:read runs against a loopback PostgreSQL only');

if (await ensureSiteBuilt()) process.stderr.write('portal built (dist/)\n');
const fx = await makeFixtures();
process.stderr.write(`signing ${seeded} packages for the seed…\n`);
const school = SCHOOLS.a;
const packages: string[] = [];
for (let i = 0; i < seeded; i++) packages.push(await fx.packaged(school, 60_000 + i));

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const name = `hocba_read_${process.pid}`;
await admin.query(`create database ${name}`);
const opened = await openRegistry({ url: adminUrl.replace(/\/[^/]*$/, `/${name}`), workers: 1 });
const { registry } = opened;
const tokens = await enrolFixtures(registry, fx, [school]);
void tokens;
const codes = await acceptAll(registry, school.code, packages, 50);

const unlimited = 1_000_000_000;
const portal = await createPortal({ registry, verifier: opened.verifier, requestsPerMinute: unlimited });
const server = await startServer({
  registry, port: 0, host: '127.0.0.1', verifier: opened.verifier, portal: portal.handler,
  limits: { schoolRequestsPerMinute: unlimited, publicRequestsPerMinute: unlimited },
  ping: () => opened.ping(),
});
// The ceiling: the same Node HTTP server and Hono adapter with nothing behind them.
const hello = new Hono().get('/', (c) => c.text('Hello Hono!'));
const helloServer: Server = createServer(getRequestListener(hello.fetch));
await new Promise<void>((resolve) => helloServer.listen(0, '127.0.0.1', resolve));
const portOf = (url: string) => Number(new URL(url).port);

const targets: Array<{ key: string; name: string; port: number; paths: string[] }> = [
  { key: 'hello', name: 'Hono hello-world (ceiling)', port: (helloServer.address() as AddressInfo).port, paths: ['/'] },
  { key: 'healthz', name: 'GET /healthz (ceiling)', port: portOf(server.url), paths: ['/healthz'] },
  { key: 'lookup', name: 'GET /api/v1/records/{code}', port: portOf(server.url), paths: codes.map((code) => `/api/v1/records/${code}`) },
  { key: 'page', name: 'record page /tra-cuu/{code}', port: portOf(server.url), paths: codes.map((code) => `/tra-cuu/${code}`) },
];

// BENCH_ONLY=lookup,page measures some targets only (hello, healthz, lookup, page), e.g. under --cpu-prof.
const only = process.env.BENCH_ONLY?.split(',').map((key) => key.trim());
if (only) targets.splice(0, targets.length, ...targets.filter((target) => only.includes(target.key)));

function load(job: LoadJob): Promise<LoadResult> {
  const worker = new Worker(new URL('./support/http-load.ts', import.meta.url), { workerData: job });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
  }).finally(() => worker.terminate()) as Promise<LoadResult>;
}

const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const loadBefore = loadavg();
const rows: Array<{ name: string; rate: number; p50: number; p99: number; errors: number; requests: number; bytes: number }> = [];
for (const target of targets) {
  process.stderr.write(`${target.name}: ${warmupSeconds} s warm-up, ${seconds} s at ${connections} connections…\n`);
  const result = await load({ port: target.port, paths: target.paths, connections, warmupSeconds, seconds });
  if (result.firstError) process.stderr.write(`  first error: ${result.firstError}\n`);
  const sorted = Float64Array.from(result.latencies).sort();
  rows.push({ name: target.name, rate: result.requests / result.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), errors: result.errors, requests: result.requests, bytes: result.bytes / Math.max(1, result.requests) });
}
const loadAfter = loadavg();
await server.close();
await portal.close();
await new Promise((resolve) => helloServer.close(resolve));
await opened.close();
await admin.query(`drop database if exists ${name} with (force)`);
await admin.end();

const hz = rows.find((row) => row.name.startsWith('Hono'))?.rate ?? Number.NaN;
const healthz = rows.find((row) => row.name.startsWith('GET /healthz'))?.rate ?? Number.NaN;
const fixed = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
console.log(`\nMachine: ${cpus()[0]?.model ?? '?'} × ${availableParallelism()}, Node ${process.version}, PostgreSQL (loopback), ${new Date().toISOString().slice(0, 16)}Z`);
console.log(`Run: ${connections} connections, ${seconds} s per target after ${warmupSeconds} s warm-up, ${codes.length} records; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after`);
console.log('\n| target | requests | requests/s | p50 | p99 | bytes/answer | errors | of hello-world | of /healthz |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
  console.log(`| ${row.name} | ${fixed(row.requests)} | ${fixed(row.rate)} | ${fixed(row.p50, 1)} ms | ${fixed(row.p99, 1)} ms | ${fixed(row.bytes)} | ${row.errors} | ${fixed((100 * row.rate) / hz, 1)} % | ${fixed((100 * row.rate) / healthz, 1)} % |`);
}
if (rows.some((row) => row.errors > 0)) process.exitCode = 1;
