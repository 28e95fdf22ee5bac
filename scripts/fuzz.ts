// The long fuzz run (docs/SECURITY.md): `npm run fuzz -- --runs 100000 [--target engine|ingest|both] [--seed S]
// [--workers N] [--chunk 1000]`. The properties are those of tests/security/fuzz.test.ts; each worker thread runs
// chunks of fast-check runs with seeds derived from S, prints progress, and on a failure the seed and path to replay.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { openDatabase } from '../db/client.ts';
import { bodyOf, mutantOf } from '../tests/security/fuzz/mutations.ts';
import { checkEngine, checkIngest, loadFuzzContext } from '../tests/security/fuzz/properties.ts';
import { loadCorpus } from '../tests/security/support/corpus.ts';
import { openCorpusRegistry } from '../tests/security/support/registry.ts';

interface Job { target: 'engine' | 'ingest'; runs: number; seed: number; chunk: number; path?: string }
type Message = { kind: 'progress'; runs: number; tally: Record<string, number> } | { kind: 'failure'; report: string } | { kind: 'done' };

/** One chunk of runs; on failure fast-check's own report (seed, path, shrunk counterexample). */
async function checkChunk<T extends [unknown]>(property: fc.IAsyncPropertyWithHooks<T>, options: fc.Parameters<T>): Promise<{ message: string; path: string } | null> {
  const result = await fc.check(property, options);
  if (!result.failed) return null;
  return { message: fc.defaultReportMessage(result) ?? 'failed', path: result.counterexamplePath ?? '' };
}

async function work(job: Job, post: (message: Message) => void): Promise<void> {
  const corpus = loadCorpus();
  const ctx = await loadFuzzContext(corpus);
  const database = job.target === 'ingest' ? await openDatabase() : null;
  const opened = database ? await openCorpusRegistry(database, corpus.kit, corpus.manifest.approvals) : null;
  const tally: Record<string, number> = {};
  const count = (outcome: string) => void (tally[outcome] = (tally[outcome] ?? 0) + 1);
  const engine = fc.asyncProperty(mutantOf(ctx.seeds), async (mutant) => void count(await checkEngine(ctx, mutant)));
  const ingest = fc.asyncProperty(bodyOf(ctx.seeds), async (request) => void count(await checkIngest(ctx, opened!, request)));
  for (let done = 0, index = 0; done < job.runs; index++) {
    const numRuns = Math.min(job.chunk, job.runs - done);
    const seed = (job.seed + index) | 0;
    const options = { numRuns, seed, ...(job.path ? { path: job.path } : {}) };
    const failure = job.target === 'engine' ? await checkChunk(engine, options) : await checkChunk(ingest, options);
    if (failure) {
      post({ kind: 'failure', report: `${failure.message}\nreplay: npm run fuzz -- --target ${job.target} --workers 1 --seed ${seed} --runs ${numRuns} --chunk ${numRuns} --path ${failure.path}` });
      break;
    }
    done += numRuns;
    post({ kind: 'progress', runs: numRuns, tally: { ...tally } });
  }
  await opened?.close();
  await database?.close();
  post({ kind: 'done' });
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: {
    runs: { type: 'string' }, seed: { type: 'string' }, target: { type: 'string' }, workers: { type: 'string' }, chunk: { type: 'string' }, path: { type: 'string' },
  } });
  const runs = Number(values.runs ?? 10_000);
  const seed = Number(values.seed ?? Date.now() % 2_147_483_647);
  const chunk = Number(values.chunk ?? 1000);
  const workers = Math.max(1, Number(values.workers ?? availableParallelism()));
  const target = values.target ?? 'both';
  // "both": the engine takes most runs; the ingest route (real database writes, ~15x slower) gets a twentieth.
  const plan: Job[] = target === 'both'
    ? [{ target: 'engine', runs: Math.ceil(runs * 0.95), seed, chunk }, { target: 'ingest', runs: Math.floor(runs * 0.05), seed: seed + 7_919, chunk }]
    : [{ target: target as Job['target'], runs, seed, chunk, ...(values.path ? { path: values.path } : {}) }];
  const jobs = plan.flatMap((job) => {
    const share = job.target === 'ingest' ? 1 : workers;
    return Array.from({ length: share }, (_, i) => ({ ...job, runs: Math.ceil(job.runs / share), seed: (job.seed + i * 1_000_003) | 0 }));
  });
  console.log(`fuzz: ${runs} runs (${jobs.map((job) => `${job.target} ${job.runs}`).join(', ')}), seed ${seed}, ${jobs.length} threads`);
  const started = performance.now();
  const totals: Record<string, { runs: number; tally: Record<string, number> }> = {};
  const failures: string[] = [];
  let lastPrint = 0;
  await Promise.all(jobs.map((job, i) => new Promise<void>((done, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    const tallies: Record<string, number> = {};
    worker.on('message', (message: Message) => {
      if (message.kind === 'failure') failures.push(message.report);
      if (message.kind !== 'progress') return;
      const total = (totals[`${job.target}#${i}`] ??= { runs: 0, tally: {} });
      total.runs += message.runs;
      Object.assign(tallies, message.tally);
      total.tally = { ...tallies };
      const now = performance.now();
      if (now - lastPrint > 5000) {
        lastPrint = now;
        const done = Object.values(totals).reduce((sum, entry) => sum + entry.runs, 0);
        const seconds = (now - started) / 1000;
        console.log(`  ${done}/${runs} runs · ${Math.round(done / seconds)}/s · ${failures.length} failures · ${Math.round(seconds)} s`);
      }
    });
    worker.on('error', reject);
    worker.on('exit', () => done());
  })));
  const seconds = (performance.now() - started) / 1000;
  const summary: Record<string, { runs: number; outcomes: Record<string, number> }> = {};
  for (const [key, total] of Object.entries(totals)) {
    const target = key.split('#')[0]!;
    const entry = (summary[target] ??= { runs: 0, outcomes: {} });
    entry.runs += total.runs;
    for (const [outcome, n] of Object.entries(total.tally)) entry.outcomes[outcome] = (entry.outcomes[outcome] ?? 0) + n;
  }
  for (const failure of failures) console.error(`\nFAILURE\n${failure}`);
  console.log(JSON.stringify({ seed, seconds: Math.round(seconds), failures: failures.length, ...summary }, null, 2));
  console.log(`fuzz: ${Object.values(summary).reduce((sum, entry) => sum + entry.runs, 0)} runs in ${Math.round(seconds)} s, ${failures.length} failures`);
  return failures.length === 0 ? 0 : 1;
}

if (isMainThread) process.exitCode = await main();
else await work(workerData as Job, (message) => parentPort!.postMessage(message));
