// The access log (issue 13): every lookup of a record, noted in memory and written in batches — one multi-row INSERT
// per flush, no transaction of its own, no advisory lock — so that a lookup itself only reads. Retention and the
// per-record count the operator reads live here too.
import { and, count, eq, gte, min, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import { accessLog, records, type AccessKind } from '../../db/schema/index.ts';

export interface AccessEntry {
  readonly at: Date;
  readonly lookupCode: string;
  readonly requester: string;
  readonly kind: AccessKind;
}

export interface AccessLogOptions {
  /** Flush this long after the first entry waiting (ms). */
  readonly flushMs?: number;
  /** Flush as soon as this many entries wait; also the most rows one INSERT carries. */
  readonly batchSize?: number;
  /**
   * The most entries held in memory. A lookup that would pass it waits for a flush instead (backpressure): the
   * log stays complete, so the operator's count is exact, and memory stays bounded when the database is slow.
   */
  readonly maxPending?: number;
  /** A flush that failed (its entries stay and are tried again); default: ignored here, counted below. */
  readonly onError?: (error: unknown) => void;
}

/** What the buffer did, for tests and /metrics: noted = written + pending (+ lost only when a final flush failed). */
export interface AccessLogCounters {
  noted: number;
  written: number;
  flushes: number;
  failedFlushes: number;
  /** Notes that had to wait for a flush because the buffer was full. */
  waits: number;
  peakPending: number;
  /** Entries given up when close() could not write them. */
  lost: number;
}

export interface AccessLog {
  note(entries: readonly AccessEntry[]): Promise<void>;
  /** Writes every entry noted before the call. */
  flush(): Promise<void>;
  /** Writes what is left and stops the timer; a lookup noted afterwards is written at once. */
  close(): Promise<void>;
  readonly pending: number;
  readonly counters: Readonly<AccessLogCounters>;
}

export const ACCESS_LOG_DEFAULTS = { flushMs: 1000, batchSize: 500, maxPending: 10_000 } as const;
/** Decree 13/2023: keep personal data no longer than needed; a year covers a school year's questions. */
export const DEFAULT_RETENTION_DAYS = 365;
/** The migration's guard refuses to delete younger lookups, whatever is asked (docs/SECURITY.md). */
export const MIN_RETENTION_DAYS = 30;

export function createAccessLog(db: Db, options: AccessLogOptions = {}): AccessLog {
  const flushMs = options.flushMs ?? ACCESS_LOG_DEFAULTS.flushMs;
  const batchSize = options.batchSize ?? ACCESS_LOG_DEFAULTS.batchSize;
  const maxPending = options.maxPending ?? ACCESS_LOG_DEFAULTS.maxPending;
  const counters: AccessLogCounters = { noted: 0, written: 0, flushes: 0, failedFlushes: 0, waits: 0, peakPending: 0, lost: 0 };
  let pending: AccessEntry[] = [];
  let inFlight: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  // One writer at a time; it keeps going while entries wait, so a flush() covers everything noted before it.
  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending.slice(0, batchSize);
      pending = pending.slice(batch.length);
      try {
        await db.insert(accessLog).values(batch.map((entry) => ({ ...entry })));
        counters.written += batch.length;
        counters.flushes += 1;
      } catch (error) {
        pending = [...batch, ...pending];
        counters.failedFlushes += 1;
        throw error;
      }
    }
  }

  async function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    // Loops: an entry noted while the last writer was finishing is still written before this resolves.
    while (pending.length > 0 || inFlight) {
      inFlight ??= drain().finally(() => {
        inFlight = null;
        if (pending.length > 0) schedule();
      });
      await inFlight;
    }
  }

  function background(): void {
    flush().catch((error: unknown) => {
      options.onError?.(error);
      schedule();
    });
  }

  function schedule(): void {
    if (closed || timer || inFlight) return;
    timer = setTimeout(background, flushMs);
    // A pending flush never keeps a process alive; close() is what writes the last entries.
    timer.unref();
  }

  return {
    async note(entries) {
      if (entries.length === 0) return;
      // Bounded: wait for room rather than drop (an entry larger than the bound alone goes into an empty buffer).
      while (pending.length > 0 && pending.length + entries.length > maxPending) {
        counters.waits += 1;
        await flush();
      }
      pending.push(...entries);
      counters.noted += entries.length;
      counters.peakPending = Math.max(counters.peakPending, pending.length);
      if (closed || pending.length >= batchSize) background();
      else schedule();
    },
    flush,
    async close() {
      closed = true;
      try {
        await flush();
      } catch (error) {
        counters.lost += pending.length;
        pending = [];
        options.onError?.(error);
      }
    },
    get pending() {
      return pending.length;
    },
    counters,
  };
}

/** How many times a record was looked up since `since` (all kept lookups when absent); never who asked. Null: no such record. */
export async function countLookups(db: Db, lookupCode: string, since?: Date): Promise<{ lookups: number; since: Date | null } | null> {
  const [record] = await db.select({ lookupCode: records.lookupCode }).from(records).where(eq(records.lookupCode, lookupCode)).limit(1);
  if (!record) return null;
  const where = since ? and(eq(accessLog.lookupCode, lookupCode), gte(accessLog.at, since)) : eq(accessLog.lookupCode, lookupCode);
  const [row] = await db.select({ n: count(), first: min(accessLog.at) }).from(accessLog).where(where);
  const first = row?.first ? new Date(row.first) : null;
  return { lookups: Number(row?.n ?? 0), since: since ?? first };
}

/**
 * Deletes the lookups older than `days` (≥ MIN_RETENTION_DAYS) before `now`, through the migration's
 * hocba_prune_access_log: the only deletion the table's guard lets through. Answers how many rows went.
 */
export async function pruneAccessLog(db: Db, options: { days?: number; now: Date }): Promise<number> {
  const days = options.days ?? DEFAULT_RETENTION_DAYS;
  if (!Number.isSafeInteger(days) || days < MIN_RETENTION_DAYS) throw new RangeError(`retention must be a whole number of days ≥ ${MIN_RETENTION_DAYS}`);
  const rows = rowsOf<{ deleted: string | number }>(await db.execute(sql`select hocba_prune_access_log(${days}::integer, ${options.now.toISOString()}::timestamptz) as deleted`));
  return Number(rows[0]?.deleted ?? 0);
}
