// Worker threads that run one job each within a budget (issue 11 "bounded work"): a deadline per job and a memory
// cap per worker; a job past its budget ends alone, its worker is replaced. Two lanes so the public never starves
// schools, and a bound on each client's public jobs in flight. Used by the verifier pool and the PDF reader.
import { Worker } from 'node:worker_threads';
import { HocbaError } from '../errors.ts';

/** `school`: pushes, ingest (authenticated). `public`: uploads and PDFs from anyone on the internet. */
export type Lane = 'school' | 'public';

export interface Budget {
  /** Wall time one job may run on its worker, from the moment the worker takes it (queueing is not counted). */
  readonly deadlineMs: number;
  /** V8 old-generation heap of each worker (`resourceLimits.maxOldGenerationSizeMb`; at least 16). */
  readonly memoryMb: number;
}

export interface BudgetPoolOptions extends Budget {
  /** The worker script: posts `{ ready: true }` once loaded, answers `{ id, result }` or `{ id, error }`. */
  readonly script: URL;
  readonly size: number;
  /** Workers the public lane may hold at once (default size − 1, at least 1): one is always free for schools. */
  readonly publicWorkers?: number;
  /** Public jobs one client may have queued or running at once; the next is refused (`uploads_in_flight`). */
  readonly maxPerClient: number;
  /** Public jobs waiting in all; the next is refused (`verification_busy`). */
  readonly maxPublicQueue: number;
  /** Swallow the workers' stdout/stderr (a third-party parser must not write a line per broken object). */
  readonly quiet?: boolean;
}

export type JobOutcome<R> =
  | { readonly kind: 'done'; readonly result: R }
  | { readonly kind: 'over_budget'; readonly budget: 'deadline' | 'memory'; readonly limit: string };

export interface JobOptions {
  readonly lane: Lane;
  /** Who asked (a keyed address hash, a token id): bounds that client's public jobs in flight. */
  readonly client?: string;
  /** A tighter deadline for this one job (the pool's deadline is the most any job gets). */
  readonly deadlineMs?: number;
  /**
   * Buffers moved to the worker with the message instead of copied (structured clone): the caller gives them up.
   * A 6 MB upload cloned on the event loop allocated 6 MB more there per request, and the garbage collector paid.
   */
  readonly transfer?: readonly ArrayBuffer[];
}

export interface PoolStats {
  /** Workers in rotation (replacements included, retired ones not): always `size` while open. */
  readonly workers: number;
  /** Of those, the ones that have loaded their script and take jobs. */
  readonly ready: number;
  readonly running: { readonly school: number; readonly public: number };
  readonly queued: { readonly school: number; readonly public: number };
  /** Jobs ended for their budget, and workers terminated and replaced because of them. */
  readonly overBudget: number;
  readonly replaced: number;
  /** Jobs posted to a worker so far (each a message there and an answer back): what a caller's work is counted in. */
  readonly posted: number;
}

export interface BudgetPool<R> {
  /**
   * Runs one job. `message(slot)` builds what is posted, knowing the worker (`slot` is stable per worker and new
   * for a replacement, so per-worker state such as trust already sent can be keyed on it). Rejects with a
   * HocbaError when the public lane refuses the job, with an Error when the worker reports a bug.
   */
  run(message: (slot: number) => object, options: JobOptions): Promise<JobOutcome<R>>;
  stats(): PoolStats;
  /** Resolves once every worker has loaded its script (a server starts taking requests only then), or the pool closed or gave up. */
  whenReady(): Promise<void>;
  readonly size: number;
  close(): Promise<void>;
}

interface Job<R> {
  readonly id: number;
  readonly lane: Lane;
  readonly client: string | undefined;
  readonly deadlineMs: number;
  readonly message: (slot: number) => object;
  readonly transfer: readonly ArrayBuffer[];
  readonly settle: (outcome: JobOutcome<R> | Error) => void;
}

interface Slot<R> {
  readonly id: number;
  readonly worker: Worker;
  ready: boolean;
  job: Job<R> | null;
  timer: NodeJS.Timeout | null;
  /** Set when the worker left rotation (over budget, crashed, closing): its exit settles nothing more. */
  retired: boolean;
  outOfMemory: boolean;
  /** An uncaught error of the worker (a bug, not the input's cost). */
  crash: Error | null;
}

/** Workers that die before they are ready, in a row, before the pool gives up (e.g. a memory cap too small to load). */
const MAX_FAILED_STARTS = 5;
const MIN_MEMORY_MB = 16;

export function createBudgetPool<R>(options: BudgetPoolOptions): BudgetPool<R> {
  const size = Math.max(1, options.size);
  // Below this V8 cannot even set up a worker's heap, and aborts the whole process rather than the worker.
  const memoryMb = Math.max(MIN_MEMORY_MB, options.memoryMb);
  const publicWorkers = Math.max(1, Math.min(size, options.publicWorkers ?? size - 1));
  const slots = new Set<Slot<R>>();
  const queues: Record<Lane, Job<R>[]> = { school: [], public: [] };
  const running: Record<Lane, number> = { school: 0, public: 0 };
  const inFlight = new Map<string, number>();
  let nextJob = 1;
  let nextSlot = 1;
  let overBudget = 0;
  let replaced = 0;
  let posted = 0;
  let failedStarts = 0;
  let closing = false;
  let broken: Error | null = null;
  let readyWaiters: Array<() => void> = [];
  const allReady = () => closing || broken !== null || [...slots].every((slot) => slot.ready);
  function wakeIfReady(): void {
    if (readyWaiters.length === 0 || !allReady()) return;
    const waiters = readyWaiters;
    readyWaiters = [];
    for (const wake of waiters) wake();
  }

  function spawn(): void {
    const worker = new Worker(options.script, {
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.max(1, Math.ceil(memoryMb / 8)) },
      ...(options.quiet ? { stdout: true, stderr: true } : {}),
    });
    if (options.quiet) {
      worker.stdout.resume();
      worker.stderr.resume();
    }
    const slot: Slot<R> = { id: nextSlot++, worker, ready: false, job: null, timer: null, retired: false, outOfMemory: false, crash: null };
    slots.add(slot);
    worker.unref();
    worker.on('message', (message: { ready?: true; id?: number; result?: R; error?: string }) => {
      if (message.ready) {
        slot.ready = true;
        failedStarts = 0;
        wakeIfReady();
        pump();
        return;
      }
      const job = slot.job;
      if (!job || message.id !== job.id || slot.retired) return;
      finish(slot);
      job.settle(message.error !== undefined ? new Error(message.error) : { kind: 'done', result: message.result as R });
      pump();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      // The heap cap is reached: the worker is already stopping; `exit` settles its job.
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') slot.outOfMemory = true;
      else slot.crash = error;
    });
    worker.on('exit', () => {
      if (slot.retired) return;
      const job = slot.job;
      retire(slot);
      if (job) {
        if (slot.outOfMemory) {
          overBudget += 1;
          job.settle({ kind: 'over_budget', budget: 'memory', limit: `${memoryMb} MiB` });
        } else {
          job.settle(slot.crash ?? new Error('verification worker stopped'));
        }
      }
      // Only a worker that never got ready counts towards giving up: a job that kills its worker is that job's
      // answer, and must not let a few hostile inputs switch the pool off.
      if (!slot.ready) failedStarts += 1;
      replace();
    });
  }

  /** Takes a slot out of rotation; its lane's count and its timer go with it. */
  function finish(slot: Slot<R>): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const job = slot.job;
    if (!job) return;
    slot.job = null;
    running[job.lane] -= 1;
    if (job.lane === 'public' && job.client !== undefined) {
      const left = (inFlight.get(job.client) ?? 1) - 1;
      if (left === 0) inFlight.delete(job.client);
      else inFlight.set(job.client, left);
    }
    // An idle pool must not keep the process alive; a busy one must, or awaited jobs are dropped at exit.
    slot.worker.unref();
  }

  function retire(slot: Slot<R>): void {
    finish(slot);
    slot.retired = true;
    slots.delete(slot);
  }

  function replace(): void {
    if (closing) return;
    if (failedStarts >= MAX_FAILED_STARTS * size) {
      broken = new Error(`pool workers keep stopping before they are ready (memory cap ${memoryMb} MiB too small?)`);
      for (const lane of ['school', 'public'] as const) for (const job of queues[lane].splice(0)) job.settle(broken);
      wakeIfReady();
      return;
    }
    replaced += 1;
    spawn();
    pump();
  }

  function overrun(slot: Slot<R>): void {
    const job = slot.job;
    if (!job || slot.retired) return;
    overBudget += 1;
    retire(slot);
    // Terminating stops even a synchronous loop (V8 TerminateExecution); nothing else ran on this worker.
    void slot.worker.terminate();
    job.settle({ kind: 'over_budget', budget: 'deadline', limit: `${job.deadlineMs} ms` });
    replace();
  }

  function nextJobFor(): Job<R> | undefined {
    if (queues.school.length > 0) return queues.school.shift();
    if (queues.public.length > 0 && running.public < publicWorkers) return queues.public.shift();
    return undefined;
  }

  function pump(): void {
    for (const slot of slots) {
      if (!slot.ready || slot.job || slot.retired) continue;
      const job = nextJobFor();
      if (!job) return;
      slot.job = job;
      running[job.lane] += 1;
      slot.worker.ref();
      slot.timer = setTimeout(() => overrun(slot), job.deadlineMs);
      slot.worker.postMessage({ id: job.id, ...job.message(slot.id) }, [...job.transfer]);
      posted += 1;
    }
  }

  for (let i = 0; i < size; i++) spawn();

  return {
    size,
    run(message, { lane, client, deadlineMs, transfer = [] }) {
      if (closing) return Promise.reject(new Error('the verifier pool is closed'));
      if (broken) return Promise.reject(broken);
      if (lane === 'public') {
        if (client !== undefined && (inFlight.get(client) ?? 0) >= options.maxPerClient) {
          return Promise.reject(new HocbaError('uploads_in_flight', { params: { limit: options.maxPerClient } }));
        }
        if (queues.public.length >= options.maxPublicQueue) {
          return Promise.reject(new HocbaError('verification_busy', { params: { retryAfter: 5 } }));
        }
        if (client !== undefined) inFlight.set(client, (inFlight.get(client) ?? 0) + 1);
      }
      return new Promise<JobOutcome<R>>((resolve, reject) => {
        const settle = (outcome: JobOutcome<R> | Error) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
        const deadline = Math.min(options.deadlineMs, deadlineMs ?? Infinity);
        queues[lane].push({ id: nextJob++, lane, client, deadlineMs: deadline, message, transfer, settle });
        pump();
      });
    },
    stats() {
      return {
        workers: slots.size,
        ready: [...slots].filter((slot) => slot.ready).length,
        running: { ...running },
        queued: { school: queues.school.length, public: queues.public.length },
        overBudget,
        replaced,
        posted,
      };
    },
    whenReady() {
      return new Promise<void>((resolve) => {
        readyWaiters.push(resolve);
        wakeIfReady();
      });
    },
    async close() {
      closing = true;
      wakeIfReady();
      const closed = new Error('the verifier pool is closed');
      for (const lane of ['school', 'public'] as const) for (const job of queues[lane].splice(0)) job.settle(closed);
      const all = [...slots];
      for (const slot of all) {
        const job = slot.job;
        retire(slot);
        job?.settle(closed);
      }
      await Promise.all(all.map((slot) => slot.worker.terminate()));
    },
  };
}
