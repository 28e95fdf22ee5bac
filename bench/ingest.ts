// `npm run bench:ingest`: pushes N signed packages (a mix of levels) through the real HTTP server in batches,
// to PGlite and to PostgreSQL, and reports packages/s, batch latency, CPU per package and the engine-only rate of the
// same run. Each part runs in a process of its own (a server runs one database; run in one process, the PostgreSQL
// part paid for the PGlite part's heap): this file starts itself once per part with BENCH_PART set.
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createVerifierPool, generateNoteKey, openRegistry, startSequencer } from '../api/index.ts';
import { startServer } from '../api/server/index.ts';
import { enrolFixtures, makeFixtures, SCHOOLS } from '../tests/helpers/signed-records.ts';
import { measureSteal, postgresCpuMs } from './support/cpu.ts';

const total = Number(process.env.BENCH_RECORDS ?? 1200);
const batchSize = Number(process.env.BENCH_BATCH ?? 200);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 3);
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const schools = [SCHOOLS.a, SCHOOLS.b, SCHOOLS.c];
const part = process.env.BENCH_PART as 'pglite' | 'postgres' | 'engine' | undefined;

if (part === undefined) {
  // The parent: one child per part, in turn (never two at once on two cores), then the table.
  const results = (['pglite', 'postgres', 'engine'] as const).map((name) => JSON.parse(execFileSync(process.execPath, [...process.execArgv, import.meta.filename], {
    env: { ...process.env, BENCH_PART: name }, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8',
  }).trim().split('\n').at(-1)!) as Measured);
  const engine = results.find((result) => result.label === 'engine')!;
  console.log(`\nMachine: ${cpus()[0]?.model ?? '?'} × ${availableParallelism()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  console.log('\n| database | packages | batches | accepted /s | p50 batch | p99 batch | accepted/rejected | CPU per package (Node + PostgreSQL) | CPU stolen | ÷ engine only |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const result of results.filter((each) => each !== engine)) {
    // CPU per package and the share of the engine-only rate of the same run move far less between runs on a shared
    // machine than packages/s does.
    const cpu = `${result.nodeMs.toFixed(2)} + ${result.postgresMs === null ? 'n/a' : result.postgresMs.toFixed(2)} ms`;
    console.log(`| ${result.label} | ${total} | ${batchSize} × ${concurrency} in flight | ${result.rate.toFixed(0)} | ${result.p50!.toFixed(0)} ms | ${result.p99!.toFixed(0)} ms | ${result.accepted}/${result.rejected} | ${cpu} | ${result.stolen} | ${((result.rate / engine.rate) * 100).toFixed(0)} % |`);
  }
  console.log(`\nEngine only, same packages, worker pool of ${availableParallelism()}: ${engine.rate.toFixed(0)} packages/s, ${engine.nodeMs.toFixed(2)} ms of CPU per package (CPU stolen ${engine.stolen})`);
  process.exit(0);
}

interface Measured {
  readonly label: string;
  readonly rate: number;
  readonly stolen: string;
  /** CPU of this process (every thread) per package, and of PostgreSQL's processes; ms. */
  readonly nodeMs: number;
  readonly postgresMs: number | null;
  readonly p50?: number;
  readonly p99?: number;
  readonly accepted?: number;
  readonly rejected?: number;
}

const fx = await makeFixtures();
/** `count` signed packages, by school, in turn across the three levels; seeds from `firstSeed`, so codes never repeat. */
async function signedBySchool(count: number, firstSeed: number): Promise<Map<string, string[]>> {
  const bySchool = new Map<string, string[]>(schools.map((school) => [school.code, []]));
  for (let i = 0; i < count; i++) {
    const school = schools[i % schools.length]!;
    bySchool.get(school.code)!.push(await fx.packaged(school, firstSeed + i));
    if ((i + 1) % 200 === 0) process.stderr.write(`\r  ${i + 1}/${count}`);
  }
  process.stderr.write('\n');
  return bySchool;
}

process.stderr.write(`signing ${total} records (2 signatures each)…\n`);
const bySchool = await signedBySchool(total, 10_000);
// Pushed (or verified) before the clock starts and not counted: the rate of a server that has been running, with its
// engine compiled by the JIT, not of its first seconds (the same packages in every part). As many as are measured:
// after 300, V8's optimising compilers were still at work in the timed window (PERFORMANCE.md, session 9).
const warmupBySchool = await signedBySchool(Number(process.env.BENCH_WARMUP ?? total), 900_000);

async function engineRate(): Promise<Measured> {
  const pool = createVerifierPool({ trust: fx.trustMaterial, size: availableParallelism() });
  const all = [...bySchool.values()].flat();
  await Promise.all([...warmupBySchool.values()].flat().map((payload) => pool.verify({ kind: 'package', payload, now: fx.now, lane: 'school' })));
  const start = performance.now();
  const steal = measureSteal();
  const cpu = process.cpuUsage();
  await Promise.all(all.map((payload) => pool.verify({ kind: 'package', payload, now: fx.now, lane: 'school' })));
  const rate = all.length / ((performance.now() - start) / 1000);
  const used = process.cpuUsage(cpu);
  const stolen = steal();
  await pool.close();
  return { label: 'engine', rate, stolen, nodeMs: (used.user + used.system) / 1000 / all.length, postgresMs: null };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(label: string, target: { url?: string; dataDir?: string }): Promise<Measured> {
  // As `serve --log-key` runs: every acceptance writes its log entry, and the sequencer integrates them meanwhile.
  const { signer } = generateNoteKey('bench.hocba.invalid/log');
  const opened = await openRegistry({ ...target, workers: availableParallelism(), log: { origin: signer.name, signer } });
  const sequencer = startSequencer(opened.registry.log);
  const { registry } = opened;
  const tokens = await enrolFixtures(registry, fx, schools);
  const server = await startServer({ registry, port: 0, verifier: opened.verifier });
  const batchesOf = (source: Map<string, string[]>) => [...source].flatMap(([code, packages]) =>
    Array.from({ length: Math.ceil(packages.length / batchSize) }, (_, i) => ({ token: tokens.get(code)!, packages: packages.slice(i * batchSize, (i + 1) * batchSize) })));
  const push = async (batch: { token: string; packages: string[] }) => {
    const response = await fetch(`${server.url}/api/v1/packages`, {
      method: 'POST', headers: { authorization: `Bearer ${batch.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ packages: batch.packages }),
    });
    if (!response.ok) throw new Error(`push refused: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { results: Array<{ status: string; errors?: unknown }> }).results;
  };
  for (const batch of batchesOf(warmupBySchool)) await push(batch);
  const batches = batchesOf(bySchool);
  const latencies: number[] = [];
  let accepted = 0;
  let rejected = 0;
  let next = 0;
  const start = performance.now();
  const steal = measureSteal();
  const cpu = process.cpuUsage();
  const postgresBefore = target.url ? postgresCpuMs() : null;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const began = performance.now();
      const results = await push(batch);
      latencies.push(performance.now() - began);
      for (const result of results) {
        if (result.status === 'accepted') accepted++;
        else if (rejected++ === 0) process.stderr.write(`first rejection: ${JSON.stringify(result.errors)}\n`);
      }
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const postgresAfter = target.url ? postgresCpuMs() : null;
  const stolen = steal();
  await server.close();
  await sequencer.stop();
  await opened.close();
  process.stderr.write(`${label}: ${accepted} accepted, ${rejected} rejected in ${seconds.toFixed(1)} s\n`);
  return {
    label, rate: accepted / seconds, stolen, p50: percentile(latencies, 50), p99: percentile(latencies, 99), accepted, rejected,
    nodeMs: (used.user + used.system) / 1000 / Math.max(1, accepted),
    postgresMs: postgresBefore === null || postgresAfter === null ? null : (postgresAfter - postgresBefore) / Math.max(1, accepted),
  };
}

let measured: Measured;
if (part === 'pglite') {
  const dataDir = mkdtempSync(join(tmpdir(), 'hocba-bench-'));
  try {
    measured = await run('PGlite', { dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
} else if (part === 'engine') measured = await engineRate();
else {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const name = `hocba_bench_${process.pid}`;
  await admin.query(`create database ${name}`);
  try {
    measured = await run('PostgreSQL 15', { url: adminUrl.replace(/\/[^/]*$/, `/${name}`) });
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
console.log(JSON.stringify(measured));
