// `npm run bench:load`: a mixed load for BENCH_SECONDS (default 60) against the real server on a fresh PostgreSQL
// database: batch pushes of pre-signed packages, public lookups, PDF copies and POST /verify, each kind in its own
// concurrent loops; prints throughput, p50/p99 and errors per route. Loopback only; the rate limits are raised.
import { availableParallelism, cpus, loadavg } from 'node:os';
import pg from 'pg';
import { openRegistry } from '../api/index.ts';
import { startServer } from '../api/server/index.ts';
import { enrolFixtures, makeFixtures, SCHOOLS } from '../tests/helpers/signed-records.ts';
import { acceptAll } from './support/seed.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const batchSize = Number(process.env.BENCH_BATCH ?? 50);
const fresh = Number(process.env.BENCH_PACKAGES ?? 3000);
const lanes = { push: 2, lookup: 4, pdf: 2, verify: 2 };
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const schools = [SCHOOLS.a, SCHOOLS.b, SCHOOLS.c];
if (!/^postgres:\/\/[^@]*@(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(adminUrl)) throw new Error('bench:load runs against a loopback PostgreSQL only');

const fx = await makeFixtures();
const seed = new Map(schools.map((school) => [school.code, [] as string[]]));
const batches: Array<{ school: string; packages: string[] }> = [];
process.stderr.write(`signing ${fresh} packages for the pushes and 60 for the seed…\n`);
for (let i = 0; i < 60; i++) seed.get(schools[i % 3]!.code)!.push(await fx.packaged(schools[i % 3]!, 70_000 + i));
for (let i = 0; i < fresh; i += batchSize) {
  const school = schools[(i / batchSize) % 3]!;
  const packages: string[] = [];
  for (let j = i; j < Math.min(fresh, i + batchSize); j++) packages.push(await fx.packaged(school, 80_000 + j));
  batches.push({ school: school.code, packages });
  process.stderr.write(`\r  ${Math.min(fresh, i + batchSize)}/${fresh}`);
}
process.stderr.write('\n');

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const name = `hocba_load_${process.pid}`;
await admin.query(`create database ${name}`);
const opened = await openRegistry({ url: adminUrl.replace(/\/[^/]*$/, `/${name}`), workers: availableParallelism() });
const { registry } = opened;
const tokens = await enrolFixtures(registry, fx, schools);
const unlimited = { schoolRequestsPerMinute: 1_000_000_000, publicRequestsPerMinute: 1_000_000_000 };
const server = await startServer({ registry, port: 0, host: '127.0.0.1', workers: availableParallelism(), limits: unlimited });
const codes: string[] = [];
const seedPackages = [...seed.values()].flat();
for (const [school, packages] of seed) codes.push(...await acceptAll(registry, school, packages));

interface Stat { latencies: number[]; errors: number; items: number; firstError?: string }
const stats = new Map<string, Stat>();
const record = (route: string, ms: number, ok: boolean, items = 1, why = '') => {
  const stat = stats.get(route) ?? { latencies: [], errors: 0, items: 0 };
  stat.latencies.push(ms);
  stat.items += items;
  if (!ok) {
    stat.errors += 1;
    stat.firstError ??= why;
  }
  stats.set(route, stat);
};
const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;

async function timed(route: string, work: () => Promise<{ ok: boolean; items?: number; why?: string }>) {
  const began = performance.now();
  try {
    const { ok, items, why } = await work();
    record(route, performance.now() - began, ok, items, why);
  } catch (error) {
    record(route, performance.now() - began, false, 1, String(error));
  }
}

let nextBatch = 0;
let newDoneAt = 0;
const kinds: Record<keyof typeof lanes, () => Promise<void>> = {
  // New packages until the pre-signed ones run out, then the same batches again (the idempotent "repeated" path).
  push: () => {
    const index = nextBatch++;
    const batch = batches[index % batches.length]!;
    const route = index < batches.length ? 'POST /packages (new)' : 'POST /packages (repeat)';
    return timed(route, async () => {
      const response = await fetch(`${server.url}/api/v1/packages`, {
        method: 'POST', headers: { authorization: `Bearer ${tokens.get(batch.school)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ packages: batch.packages }),
      });
      const body = await response.json() as { results?: Array<{ status: string }> };
      // A package pushed again is answered `accepted` with its first receipt.
      const good = (body.results ?? []).filter((r) => r.status === 'accepted').length;
      if (index < batches.length) newDoneAt = Math.max(newDoneAt, performance.now());
      return { ok: response.status === 200 && good === batch.packages.length, items: batch.packages.length, why: `${response.status} ${JSON.stringify(body).slice(0, 200)}` };
    });
  },
  lookup: () => timed('GET /records/{code}', async () => {
    const response = await fetch(`${server.url}/api/v1/records/${pick(codes)}`);
    await response.arrayBuffer();
    return { ok: response.status === 200, why: String(response.status) };
  }),
  pdf: () => timed('GET /records/{code}/pdf', async () => {
    const response = await fetch(`${server.url}/api/v1/records/${pick(codes)}/pdf`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { ok: response.status === 200 && bytes.length > 1000 && (response.headers.get('content-type') ?? '').startsWith('application/pdf'), why: String(response.status) };
  }),
  verify: () => timed('POST /verify', async () => {
    const response = await fetch(`${server.url}/api/v1/verify`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ package: pick(seedPackages) }),
    });
    const text = await response.text();
    return { ok: response.status === 200 && text.includes('"valid"'), why: `${response.status} ${text.slice(0, 200)}` };
  }),
};

process.stderr.write(`load for ${seconds} s: ${JSON.stringify(lanes)} concurrent loops…\n`);
const loadBefore = loadavg();
const deadline = performance.now() + seconds * 1000;
const started = performance.now();
await Promise.all(Object.entries(lanes).flatMap(([kind, count]) => Array.from({ length: count }, async () => {
  while (performance.now() < deadline) await kinds[kind as keyof typeof lanes]();
})));
const elapsed = (performance.now() - started) / 1000;
const loadAfter = loadavg();
await server.close();
await opened.close();
await admin.query(`drop database if exists ${name} with (force)`);
await admin.end();

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
console.log(`\nMachine: ${cpus()[0]?.model ?? '?'} × ${availableParallelism()}, Node ${process.version}, PostgreSQL (loopback), ${new Date().toISOString().slice(0, 16)}Z`);
console.log(`Run: ${elapsed.toFixed(1)} s, loops ${JSON.stringify(lanes)}, batches of ${batchSize} (${fresh} pre-signed), load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after`);
const newSeconds = nextBatch >= batches.length ? `all ${fresh} new packages pushed by ${((newDoneAt - started) / 1000).toFixed(1)} s` : 'new packages left over';
console.log(`Pushes: ${newSeconds}; after that the same batches again`);
console.log('\n| route | requests | requests/s | items/s | p50 | p99 | errors |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
let errors = 0;
for (const [route, stat] of stats) {
  errors += stat.errors;
  console.log(`| ${route} | ${stat.latencies.length} | ${(stat.latencies.length / elapsed).toFixed(1)} | ${(stat.items / elapsed).toFixed(1)} | ${percentile(stat.latencies, 50).toFixed(0)} ms | ${percentile(stat.latencies, 99).toFixed(0)} ms | ${stat.errors} |`);
  if (stat.firstError) process.stderr.write(`${route}: first error ${stat.firstError}\n`);
}
if (errors > 0) process.exitCode = 1;
