// A province server's forwarding runs (issue 19): one at a time, started by the operator route or by the schedule
// of `serve --forward-every`, its progress and last outcome kept for GET /operator/forward.
import type { ForwardRuns, ForwardRunState } from '../http/types.ts';
import type { Registry } from '../index.ts';
import { forwardOnce } from './forwarder.ts';

export interface ForwardRunsOptions {
  readonly registry: Registry;
  readonly to: string;
  readonly token: string;
  /** Runs every this many ms (0: only on demand). */
  readonly everyMs?: number;
  /** Tries per request and first backoff (forwarder.ts defaults: 5, 500 ms). */
  readonly tries?: number;
  readonly backoffMs?: number;
  readonly onFinished?: (state: NonNullable<ForwardRunState['lastRun']>) => void;
}

export function createForwardRuns(options: ForwardRunsOptions): ForwardRuns & { stop(): Promise<void> } {
  const target = new URL(options.to).origin;
  let running: Promise<void> | null = null;
  let progress: ForwardRunState['progress'] = null;
  let lastRun: ForwardRunState['lastRun'] = null;
  const run = async () => {
    try {
      const done = await forwardOnce({
        registry: options.registry, to: options.to, token: options.token,
        ...(options.tries ? { tries: options.tries } : {}), ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}), onProgress: (now) => { progress = now; } });
      lastRun = {
        finishedAt: new Date().toISOString(), ok: done.refused === null, sent: done.sent, lastSequence: done.lastSequence, error: null,
        refused: done.refused && { sequence: done.refused.sequence, lookupCode: done.refused.lookupCode, codes: done.refused.errors.map((found) => found.code) },
      };
    } catch (error) {
      lastRun = { finishedAt: new Date().toISOString(), ok: false, sent: progress?.sent ?? 0, lastSequence: progress?.lastSequence ?? 0, error: (error as Error).message, refused: null };
    } finally {
      progress = null;
      running = null;
      options.onFinished?.(lastRun!);
    }
  };
  const start = () => {
    if (running) return false;
    running = run();
    return true;
  };
  const timer = options.everyMs ? setInterval(start, options.everyMs) : null;
  timer?.unref();
  return {
    target,
    start,
    state: () => ({ running: running !== null, target, progress, lastRun }),
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
