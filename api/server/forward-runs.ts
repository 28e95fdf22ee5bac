// A province server's forwarding runs (issue 19): one at a time, started by the operator route or by the schedule
// of `serve --forward-every`, its progress and last outcome kept for GET /operator/forward.
import type { ForwardRuns, ForwardRunState } from '../http/types.ts';
import { isHocbaError, type Registry } from '../index.ts';
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
  let startedBy: string | null = null;
  let progress: ForwardRunState['progress'] = null;
  let lastRun: ForwardRunState['lastRun'] = null;
  const run = async (actor: string) => {
    try {
      const done = await forwardOnce({
        registry: options.registry, to: options.to, token: options.token, actor,
        ...(options.tries ? { tries: options.tries } : {}), ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}), onProgress: (now) => { progress = now; } });
      lastRun = {
        finishedAt: new Date().toISOString(), startedBy: actor, ok: done.refused === null, sent: done.sent, lastSequence: done.lastSequence, error: null, issue: null,
        refused: done.refused && { sequence: done.refused.sequence, lookupCode: done.refused.lookupCode, codes: done.refused.errors.map((found) => found.code) },
      };
    } catch (error) {
      lastRun = {
        finishedAt: new Date().toISOString(), startedBy: actor, ok: false, sent: progress?.sent ?? 0, lastSequence: progress?.lastSequence ?? 0,
        error: (error as Error).message, issue: isHocbaError(error) ? { code: error.code, params: error.params ?? {} } : null, refused: null,
      };
    } finally {
      progress = null;
      running = null;
      startedBy = null;
      options.onFinished?.(lastRun!);
    }
  };
  // The schedule (`--forward-every`) journals as `operator:forward`; an operator's run, under that operator's name.
  const start = (actor = 'operator:forward') => {
    if (running) return false;
    startedBy = actor;
    running = run(actor);
    return true;
  };
  const timer = options.everyMs ? setInterval(() => start(), options.everyMs) : null;
  timer?.unref();
  return {
    target,
    start,
    state: () => ({ running: running !== null, startedBy, target, progress, lastRun }),
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
