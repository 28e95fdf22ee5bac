// The sequencer loop (docs/log.md): every interval, integrate what is pending into the tree and sign a checkpoint.
// Every server process may run one; the log's advisory try-lock lets exactly one integrate at a time, and a turn
// that finds another process at work simply waits for the next tick. A restart resumes from the stored tree.
import { SEQUENCER_BATCH } from './log-store.ts';
import type { TransparencyLog } from './transparency-log.ts';

export interface SequencerOptions {
  /** Time between turns; default one second (an accepted record is in a checkpoint within about that). */
  readonly intervalMs?: number;
  /** A turn that failed (the database away, say): reported, and the next tick tries again. */
  readonly onError?: (error: unknown) => void;
  readonly onIntegrated?: (size: number, added: number) => void;
}

export interface Sequencer {
  /** Runs turns now until nothing is pending (tests and `hocba log integrate`); resolves with the entries added. */
  drain(): Promise<number>;
  /** Stops the loop and waits for a turn in progress. */
  stop(): Promise<void>;
}

export function startSequencer(log: TransparencyLog, options: SequencerOptions = {}): Sequencer {
  const intervalMs = options.intervalMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> = Promise.resolve(0);

  const drainOnce = async (): Promise<number> => {
    let total = 0;
    // A full batch means more may wait: take the next batch at once rather than a tick later.
    for (;;) {
      const turn = await log.integrate();
      if (!turn) return total;
      total += turn.added;
      options.onIntegrated?.(turn.size, turn.added);
      if (turn.added < SEQUENCER_BATCH || stopped) return total;
    }
  };
  // Turns never overlap within a process: each waits for the one before.
  const drain = () => {
    running = running.catch(() => 0).then(drainOnce);
    return running;
  };
  const tick = () => {
    drain().catch((error: unknown) => options.onError?.(error)).finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs).unref();
    });
  };
  timer = setTimeout(tick, 0).unref();
  return {
    drain,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => 0);
    },
  };
}
