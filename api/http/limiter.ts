// The one request budget of the front door (API rate limits, the failed-auth throttle, the portal's pages):
// at most `limit` counted events per key in a fixed window, answering how long to wait (Retry-After).
// Here the counts live in this process (`CounterStore`, bounded); behind a load balancer every budget is made by a
// `MakeLimiter` instead, which `shared-limits.ts` points at one store for all nodes (docs/DEPLOY.md "Limits").

/** The count of one key in its current window. */
export interface WindowCount {
  readonly count: number;
  /** When the window ends (ms since the epoch). */
  readonly resetAt: number;
}

export interface CounterStore {
  /**
   * Adds `by` to the count of `key` in the window open at `at`, opening a new window of `windowMs` when none
   * is open (or the clock went back before its start). `by` 0 only reads: no window is opened for it.
   */
  add(key: string, by: number, at: number, windowMs: number): Promise<WindowCount>;
}

export interface Verdict {
  /** The budget is spent: refuse with 429. */
  readonly limited: boolean;
  readonly remaining: number;
  /** Seconds until the window ends, at least 1 (Retry-After). */
  readonly retryAfter: number;
}

export interface Limiter {
  readonly limit: number;
  /** Counts `by` events (default one) and judges them: limited once the count passes `limit`. */
  hit(key: string, by?: number): Promise<Verdict>;
  /** Judges without counting: limited once `limit` events were counted (the failed-auth throttle counts only failures). */
  peek(key: string): Promise<Verdict>;
}

export interface LimiterOptions {
  /** Events allowed per key and window. */
  readonly limit: number;
  readonly windowMs?: number;
  /** Milliseconds since the epoch; tests move it instead of waiting. */
  readonly now?: () => number;
  readonly store?: CounterStore;
}

/** Makes each named budget of a process (`public`, `school`, …): the name keeps budgets apart in a shared store. */
export type MakeLimiter = (name: string, options: LimiterOptions) => Limiter;

/** The default: every budget counted in this process alone. */
export const memoryLimiters: MakeLimiter = (_name, options) => createLimiter(options);

/** Limit 0: the budget is off (a benchmark, or a proxy that limits instead); nothing is counted or refused. */
export const UNLIMITED: Limiter = {
  limit: 0,
  hit: async () => ({ limited: false, remaining: Number.POSITIVE_INFINITY, retryAfter: 1 }),
  peek: async () => ({ limited: false, remaining: Number.POSITIVE_INFINITY, retryAfter: 1 }),
};

export function createLimiter({ limit, windowMs = 60_000, now = Date.now, store = createMemoryStore() }: LimiterOptions): Limiter {
  if (limit <= 0) return UNLIMITED;
  const judge = (found: WindowCount, at: number, spent: boolean): Verdict => ({
    limited: spent,
    remaining: Math.max(0, limit - found.count),
    retryAfter: Math.max(1, Math.ceil((found.resetAt - at) / 1000)),
  });
  return {
    limit,
    async hit(key, by = 1) {
      const at = now();
      const found = await store.add(key, Math.max(1, by), at, windowMs);
      return judge(found, at, found.count > limit);
    },
    async peek(key) {
      const at = now();
      const found = await store.add(key, 0, at, windowMs);
      return judge(found, at, found.count >= limit);
    },
  };
}

/**
 * Counts in a Map of at most `maxKeys` keys. When full, the window opened longest ago is dropped first
 * (Map keeps insertion order and a new window is re-inserted): memory stays bounded, and a flood of new keys
 * forgets the oldest windows rather than every window at once.
 */
export function createMemoryStore({ maxKeys = 100_000 }: { maxKeys?: number } = {}): CounterStore & { readonly size: number } {
  const windows = new Map<string, { start: number; resetAt: number; count: number }>();
  return {
    get size() {
      return windows.size;
    },
    async add(key, by, at, windowMs) {
      let window = windows.get(key);
      if (window && (at >= window.resetAt || at < window.start)) {
        windows.delete(key);
        window = undefined;
      }
      if (!window) {
        if (by === 0) return { count: 0, resetAt: at + windowMs };
        while (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        window = { start: at, resetAt: at + windowMs, count: 0 };
        windows.set(key, window);
      }
      window.count += by;
      return { count: window.count, resetAt: window.resetAt };
    },
  };
}
