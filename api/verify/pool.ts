// Verification off the event loop: a pool of worker threads running the same pure engine (one per core by default),
// each job within a budget (issue 11): past its deadline or its worker's memory cap, a job's answer is a report
// with `input_too_costly` (indeterminate: a refusal for a push, "could not decide" for an upload), its worker is
// replaced, and no other job notices. Pushes and public uploads queue in separate lanes (budget-pool.ts).
import { availableParallelism } from 'node:os';
import { sha256Hex } from '../byte-digests.ts';
import { inflationCapOfText } from '../codec/index.ts';
import { issue } from '../errors.ts';
import type { TrustMaterial } from '../trust/index.ts';
import { createBudgetPool, type Lane, type PoolStats } from './budget-pool.ts';
import { ENGINE_VERSION, type CheckedPackage } from './engine.ts';
import type { Report } from './report.ts';

export type { Lane, PoolStats } from './budget-pool.ts';

export interface PoolJob {
  readonly kind: 'package' | 'xml' | 'input';
  /** Package text, or XML / unknown bytes. */
  readonly payload: string | Uint8Array;
  readonly now: Date;
  readonly proofOfExistence?: Date;
  /** `school` for pushes and ingest; `public` (the default, the safe side) for anything anyone may send. */
  readonly lane?: Lane;
  /** The public client (e.g. a keyed address hash): at most `maxPerClient` of its public jobs in flight. */
  readonly client?: string;
  /** A tighter deadline for this job than the pool's (which is the most any job gets). */
  readonly deadlineMs?: number;
}

/** A package of a school's batch, to decode and verify in one job (VerifierPool.check). */
export interface IngestJob extends Pick<PoolJob, 'now' | 'proofOfExistence' | 'lane' | 'deadlineMs'> {
  readonly text: string;
}

export interface VerifierPoolOptions {
  readonly trust: TrustMaterial;
  /** Worker threads (default: one per core). */
  readonly size?: number;
  /** Wall time one job may run on its worker (default 5,000 ms; a genuine record takes a few ms). */
  readonly deadlineMs?: number;
  /** Heap cap of each worker (default 128 MiB; a 2 MB record needs far less). */
  readonly memoryMb?: number;
  /** Workers public jobs may hold at once (default size − 1, at least 1). */
  readonly publicWorkers?: number;
  /** Public jobs one client may have queued or running (default 2); beyond: `uploads_in_flight`. */
  readonly maxPerClient?: number;
  /** Public jobs waiting in all (default 64 per worker); beyond: `verification_busy`. */
  readonly maxPublicQueue?: number;
}

export const DEFAULT_VERIFY_BUDGET = { deadlineMs: 5_000, memoryMb: 128, maxPerClient: 2, queuePerWorker: 64 } as const;

export interface VerifierPool {
  /**
   * Resolves with the engine's report (only: not the bytes, which the caller holds), or with an `input_too_costly`
   * report when the job ran out of budget.
   * Rejects with a HocbaError (`uploads_in_flight`, `verification_busy`) when the public lane refuses the job.
   */
  verify(job: PoolJob): Promise<Report>;
  /**
   * Decodes and verifies one package of a school's batch in one job on a worker (school lane): the inflating happens
   * there, and the XML comes back moved, not copied. A job stopped at its budget is refused with `input_too_costly`.
   */
  check(job: IngestJob): Promise<CheckedPackage>;
  /** New trust material (a CA added, a CRL loaded, an approval changed) for every later job. */
  setTrust(trust: TrustMaterial): void;
  readonly size: number;
  /** Workers, lanes and budget counters (tests, metrics). */
  stats(): PoolStats;
  /** Every worker has loaded the engine (budget-pool.ts whenReady). */
  whenReady(): Promise<void>;
  close(): Promise<void>;
}

interface WorkerResult {
  report: Report;
}

export function createVerifierPool(options: VerifierPoolOptions): VerifierPool {
  const size = Math.max(1, options.size ?? availableParallelism());
  const pool = createBudgetPool<WorkerResult | CheckedPackage>({
    script: new URL('./worker.ts', import.meta.url),
    size,
    deadlineMs: options.deadlineMs ?? DEFAULT_VERIFY_BUDGET.deadlineMs,
    memoryMb: options.memoryMb ?? DEFAULT_VERIFY_BUDGET.memoryMb,
    maxPerClient: options.maxPerClient ?? DEFAULT_VERIFY_BUDGET.maxPerClient,
    maxPublicQueue: options.maxPublicQueue ?? DEFAULT_VERIFY_BUDGET.queuePerWorker * size,
    ...(options.publicWorkers === undefined ? {} : { publicWorkers: options.publicWorkers }),
  });
  let trust = options.trust;
  let trustVersion = 1;
  // Trust is sent once per worker per version; a replacement worker is a new slot and gets it again.
  const sentVersions = new Map<number, number>();

  /** A job's message for the worker in `slot`: the trust material rides along the first time that worker sees its version. */
  const messageFor = (kind: PoolJob['kind'] | 'ingest', payload: string | Uint8Array, job: Pick<PoolJob, 'now' | 'proofOfExistence'>) => (slot: number) => {
    const message = {
      kind,
      payload,
      now: job.now.toISOString(),
      proofOfExistence: job.proofOfExistence?.toISOString(),
      trustVersion,
      trust: sentVersions.get(slot) === trustVersion ? undefined : trust,
    };
    sentVersions.set(slot, trustVersion);
    return message;
  };
  const budgetOf = (job: Pick<PoolJob, 'lane' | 'client' | 'deadlineMs'>, lane: Lane) => ({
    lane: job.lane ?? lane,
    ...(job.client === undefined ? {} : { client: job.client }),
    ...(job.deadlineMs === undefined ? {} : { deadlineMs: job.deadlineMs }),
  });

  return {
    size,
    async verify(job) {
      const outcome = await pool.run(messageFor(job.kind, job.payload, job), budgetOf(job, 'public'));
      if (outcome.kind === 'done') return (outcome.result as WorkerResult).report;
      return tooCostly(job, outcome.limit);
    },
    async check(job) {
      const outcome = await pool.run(messageFor('ingest', job.text, job), budgetOf(job, 'school'));
      if (outcome.kind === 'done') return outcome.result as CheckedPackage;
      const found = issue('input_too_costly', { params: { limit: outcome.limit } });
      // Stopped, it may have inflated as much as its text allows: charged that, as a bomb is (SECURITY D47), so a batch
      // of packages that each run out of budget is cut by its inflated-size cap like any other.
      const inflatedBytes = inflationCapOfText(job.text);
      return { xml: null, digest: sha256Hex(job.text), report: null, issue: found, inflatedBytes };
    },
    setTrust(next) {
      trust = next;
      trustVersion += 1;
    },
    stats: () => pool.stats(),
    whenReady: () => pool.whenReady(),
    close: () => pool.close(),
  };
}

/** The honest answer for a job stopped at its budget: nothing was concluded about the document. */
function tooCostly(job: PoolJob, limit: string): Report {
  const bytes = typeof job.payload === 'string' ? Buffer.from(job.payload, 'utf8') : job.payload;
  const found = issue('input_too_costly', { params: { limit } });
  return {
    verdict: 'indeterminate',
    indication: 'INDETERMINATE',
    lookupCode: null,
    digest: sha256Hex(bytes),
    record: null,
    signatures: [],
    issues: [found],
    warnings: [],
    checkedAt: job.now.toISOString(),
    engine: ENGINE_VERSION,
  };
}
