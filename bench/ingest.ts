// `npm run bench:ingest`: pushes N signed packages (a mix of levels) through the real HTTP server in batches,
// to PGlite and to PostgreSQL, and reports packages/s, batch latency and the engine-only rate of the same run.
import { availableParallelism, cpus } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createVerifierPool, generateNoteKey, openRegistry, startSequencer } from '../api/index.ts';
import { startServer } from '../api/server/index.ts';
import { enrolFixtures, makeFixtures, SCHOOLS } from '../tests/helpers/signed-records.ts';
import { measureSteal } from './support/steal.ts';

const total = Number(process.env.BENCH_RECORDS ?? 1200);
const batchSize = Number(process.env.BENCH_BATCH ?? 200);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 3);
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const schools = [SCHOOLS.a, SCHOOLS.b, SCHOOLS.c];

const fx = await makeFixtures();
process.stderr.write(`signing ${total} records (2 signatures each)…\n`);
const bySchool = new Map<string, string[]>(schools.map((school) => [school.code, []]));
for (let i = 0; i < total; i++) {
  const school = schools[i % schools.length]!;
  bySchool.get(school.code)!.push(await fx.packaged(school, 10_000 + i));
  if ((i + 1) % 200 === 0) process.stderr.write(`\r  ${i + 1}/${total}`);
}
process.stderr.write('\n');

async function engineRate(): Promise<{ rate: number; stolen: string }> {
  const pool = createVerifierPool({ trust: fx.trustMaterial, size: availableParallelism() });
  const all = [...bySchool.values()].flat();
  await Promise.all(all.slice(0, 50).map((payload) => pool.verify({ kind: 'package', payload, now: fx.now, lane: 'school' })));
  const start = performance.now();
  const steal = measureSteal();
  await Promise.all(all.map((payload) => pool.verify({ kind: 'package', payload, now: fx.now, lane: 'school' })));
  const rate = all.length / ((performance.now() - start) / 1000);
  const stolen = steal();
  await pool.close();
  return { rate, stolen };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(label: string, target: { url?: string; dataDir?: string }) {
  // As `serve --log-key` runs: every acceptance writes its log entry, and the sequencer integrates them meanwhile.
  const { signer } = generateNoteKey('bench.hocba.invalid/log');
  const opened = await openRegistry({ ...target, workers: availableParallelism(), log: { origin: signer.name, signer } });
  const sequencer = startSequencer(opened.registry.log);
  const { registry } = opened;
  const tokens = await enrolFixtures(registry, fx, schools);
  const server = await startServer({ registry, port: 0, verifier: opened.verifier });
  const batches: Array<{ token: string; packages: string[] }> = [];
  for (const [code, packages] of bySchool) {
    for (let i = 0; i < packages.length; i += batchSize) batches.push({ token: tokens.get(code)!, packages: packages.slice(i, i + batchSize) });
  }
  const latencies: number[] = [];
  let accepted = 0;
  let rejected = 0;
  let next = 0;
  const start = performance.now();
  const steal = measureSteal();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const began = performance.now();
      const response = await fetch(`${server.url}/api/v1/packages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${batch.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ packages: batch.packages }),
      });
      const { results } = (await response.json()) as { results: Array<{ status: string; errors?: unknown }> };
      latencies.push(performance.now() - began);
      for (const result of results) {
        if (result.status === 'accepted') accepted++;
        else if (rejected++ === 0) process.stderr.write(`first rejection: ${JSON.stringify(result.errors)}\n`);
      }
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  const stolen = steal();
  await server.close();
  await sequencer.stop();
  await opened.close();
  const row = `| ${label} | ${total} | ${batchSize} × ${concurrency} in flight | ${(accepted / seconds).toFixed(0)} | ${percentile(latencies, 50).toFixed(0)} ms | ${percentile(latencies, 99).toFixed(0)} ms | ${accepted}/${rejected} | ${stolen} | {ratio:${accepted / seconds}} |`;
  process.stderr.write(`${label}: ${accepted} accepted, ${rejected} rejected in ${seconds.toFixed(1)} s\n`);
  return row;
}

const rows: string[] = [];
rows.push(await run('PGlite', { dataDir: mkdtempSync(join(tmpdir(), 'hocba-bench-')) }));
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const name = `hocba_bench_${process.pid}`;
await admin.query(`create database ${name}`);
try {
  rows.push(await run('PostgreSQL 15', { url: adminUrl.replace(/\/[^/]*$/, `/${name}`) }));
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
const engine = await engineRate();

console.log(`\nMachine: ${cpus()[0]?.model ?? '?'} × ${availableParallelism()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log('\n| database | packages | batches | accepted /s | p50 batch | p99 batch | accepted/rejected | CPU stolen | ÷ engine only |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
// The share of the engine-only rate of the same run: comparable across runs on a shared machine, unlike packages/s.
for (const row of rows) console.log(row.replace(/\{ratio:([\d.]+)\}/, (_, rate: string) => `${((Number(rate) / engine.rate) * 100).toFixed(0)} %`));
console.log(`\nEngine only, same packages, worker pool of ${availableParallelism()}: ${engine.rate.toFixed(0)} packages/s (CPU stolen ${engine.stolen})`);
