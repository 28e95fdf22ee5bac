// A worker for the budget pool's own tests: jobs that finish, wait for the test, spin, eat memory or crash,
// so each way a job can end is produced on purpose rather than by racing a real input against a clock.
import { parentPort } from 'node:worker_threads';

type Job =
  | { id: number; op: 'echo'; value: unknown }
  | { id: number; op: 'hold'; gate: SharedArrayBuffer; value: unknown }
  | { id: number; op: 'spin' }
  | { id: number; op: 'hog' }
  | { id: number; op: 'crash' }
  | { id: number; op: 'fail' };

parentPort!.on('message', (job: Job) => {
  if (job.op === 'echo') parentPort!.postMessage({ id: job.id, result: job.value });
  if (job.op === 'hold') {
    // Blocks this thread until the test opens the gate: a job that is "still running" for as long as needed.
    Atomics.wait(new Int32Array(job.gate), 0, 0);
    parentPort!.postMessage({ id: job.id, result: job.value });
  }
  if (job.op === 'spin') for (;;);
  if (job.op === 'hog') {
    const kept: number[][] = [];
    for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => i + kept.length));
  }
  if (job.op === 'crash') setImmediate(() => { throw new Error('a bug in the worker'); });
  if (job.op === 'fail') parentPort!.postMessage({ id: job.id, error: 'reported failure' });
});
parentPort!.postMessage({ ready: true });
