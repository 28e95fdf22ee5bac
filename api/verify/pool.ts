// Verification off the event loop: a pool of worker threads running the same pure engine (one per core by default).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TrustMaterial } from '../trust/index.ts';
import type { PackageReport } from './engine.ts';

export interface PoolJob {
  readonly kind: 'package' | 'xml' | 'input';
  /** Package text, or XML / unknown bytes. */
  readonly payload: string | Uint8Array;
  readonly now: Date;
  readonly proofOfExistence?: Date;
}

export interface VerifierPool {
  verify(job: PoolJob): Promise<PackageReport>;
  /** New trust material (a CA added, a CRL loaded, an approval changed) for every later job. */
  setTrust(trust: TrustMaterial): void;
  readonly size: number;
  close(): Promise<void>;
}

interface Pending {
  resolve: (value: PackageReport) => void;
  reject: (error: Error) => void;
}

export function createVerifierPool(options: { trust: TrustMaterial; size?: number }): VerifierPool {
  const size = Math.max(1, options.size ?? availableParallelism());
  const workers: Worker[] = [];
  const load = new Map<Worker, number>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let trust = options.trust;
  let trustVersion = 1;

  for (let i = 0; i < size; i++) {
    const worker = new Worker(new URL('./worker.ts', import.meta.url));
    worker.on('message', (message: { id: number; result?: PackageReport; error?: string }) => {
      const left = (load.get(worker) ?? 1) - 1;
      load.set(worker, left);
      // An idle pool must not keep the process alive; a busy one must, or awaited jobs are dropped at exit.
      if (left === 0) worker.unref();
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.error !== undefined) waiting.reject(new Error(message.error));
      else {
        const result = message.result!;
        waiting.resolve({ report: result.report, xml: result.xml ? Buffer.from(result.xml) : null });
      }
    });
    worker.on('error', (error) => {
      for (const [id, waiting] of pending) {
        pending.delete(id);
        waiting.reject(error);
      }
    });
    worker.unref();
    load.set(worker, 0);
    workers.push(worker);
  }

  function leastBusy(): Worker {
    let best = workers[0]!;
    for (const worker of workers) if (load.get(worker)! < load.get(best)!) best = worker;
    return best;
  }

  return {
    size,
    verify(job) {
      const id = nextId++;
      const worker = leastBusy();
      load.set(worker, load.get(worker)! + 1);
      worker.ref();
      return new Promise<PackageReport>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({
          id,
          kind: job.kind,
          payload: job.payload,
          now: job.now.toISOString(),
          proofOfExistence: job.proofOfExistence?.toISOString(),
          trustVersion,
          // Sent once per worker per version; the worker keeps its prepared copy.
          trust: sentVersions.get(worker) === trustVersion ? undefined : trust,
        });
        sentVersions.set(worker, trustVersion);
      });
    },
    setTrust(next) {
      trust = next;
      trustVersion += 1;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

const sentVersions = new WeakMap<Worker, number>();
