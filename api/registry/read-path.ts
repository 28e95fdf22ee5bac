// Where a public read goes (SPEC §3 DATABASE_READ_URL): to a streaming replica when there is one, taken in turn,
// and to the primary when the replica errs or finds nothing. A code accepted a moment ago and not yet replayed on
// the replica is then still found, a replica that is away costs one failed attempt per `retryMs`, and a primary
// that is away still lets the replicas answer every code they hold. Writes and a school's read-after-write never
// come here: they use the primary (ctx.db).
import type { Db } from '../../db/client.ts';
import { isDatabaseUnavailable } from './database-errors.ts';

export interface ReadPathCounters {
  /** Reads answered by a replica. */
  replica: number;
  /** Reads a replica did not find, asked again of the primary. */
  missFallbacks: number;
  /** Reads a replica failed (away, cancelled by recovery), asked again of the primary. */
  errorFallbacks: number;
  /** Reads that went straight to the primary: no replica, or every replica resting after a failure. */
  primary: number;
  /** A replica's miss answered as it was because the primary was away. */
  primaryAway: number;
}

export interface ReadPath {
  /**
   * `query` on a replica; again on the primary when it throws or `found` says the answer is a miss. With no
   * replica it is simply the primary's answer.
   */
  read<T>(query: (db: Db) => Promise<T>, found: (answer: T) => boolean): Promise<T>;
  /** Whether any replica is configured: without one, every read is already the primary's answer. */
  readonly hasReplicas: boolean;
  readonly counters: ReadPathCounters;
}

export interface ReadPathOptions {
  /** How long a replica that failed is left alone before it is tried again. */
  readonly retryMs?: number;
  readonly now?: () => number;
}

export const REPLICA_RETRY_MS = 2000;

export function createReadPath(primary: Db, replicas: readonly Db[], options: ReadPathOptions = {}): ReadPath {
  const retryMs = options.retryMs ?? REPLICA_RETRY_MS;
  const now = options.now ?? Date.now;
  const counters: ReadPathCounters = { replica: 0, missFallbacks: 0, errorFallbacks: 0, primary: 0, primaryAway: 0 };
  const restingUntil = replicas.map(() => 0);
  let turn = 0;

  /** The next replica in turn that is not resting, or -1. */
  function pick(): number {
    const at = now();
    for (let tried = 0; tried < replicas.length; tried += 1) {
      const index = (turn + tried) % replicas.length;
      if (restingUntil[index]! <= at) {
        turn = index + 1;
        return index;
      }
    }
    return -1;
  }

  return {
    counters,
    hasReplicas: replicas.length > 0,
    async read(query, found) {
      const index = pick();
      if (index < 0) {
        counters.primary += 1;
        return query(primary);
      }
      let answer;
      try {
        answer = await query(replicas[index]!);
      } catch {
        // Any failure of a replica (away, or a query cancelled by replay) is the primary's to answer.
        restingUntil[index] = now() + retryMs;
        counters.errorFallbacks += 1;
        return query(primary);
      }
      if (found(answer)) {
        counters.replica += 1;
        return answer;
      }
      counters.missFallbacks += 1;
      try {
        return await query(primary);
      } catch (error) {
        // The replica's miss is the best answer there is while the primary is away; a bug still fails loudly.
        if (!isDatabaseUnavailable(error)) throw error;
        counters.primaryAway += 1;
        return answer;
      }
    },
  };
}
