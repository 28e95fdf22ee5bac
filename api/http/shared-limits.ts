// One budget per client across every node (SPEC §3 "rate limits hold across all processes"): the counts live in
// Redis, kept by rate-limiter-flexible (one Lua INCRBY+PEXPIRE per request), so the second node refuses once the
// first has spent a client's budget. Why Redis and not PostgreSQL: a count is a write, and on PostgreSQL every
// lookup would write WAL on the primary and ship it to every replica — the read path exists to spare the primary
// (docs/DEPLOY.md "Limits"). While Redis is away each node counts alone in its own bounded memory (limiter.ts):
// a budget is then at most `limit` × nodes, never unlimited, and never a failed request. Keys are SHA-256 of the
// budget key (no client address is written to the shared store) and expire with their window.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { createLimiter, createMemoryStore, UNLIMITED, type Limiter, type LimiterOptions, type MakeLimiter, type Verdict } from './limiter.ts';

export interface SharedLimits {
  /** Makes each named budget in the shared store, with its in-memory fallback. */
  readonly limiters: MakeLimiter;
  /** Decisions taken in memory because the store was away (tests, /metrics). */
  readonly counters: { fallbacks: number; shared: number };
  /** Is the store reachable now (the connection is ready)? */
  readonly connected: boolean;
  close(): Promise<void>;
}

export interface SharedLimitsOptions {
  /** Keys of the fallback's memory per budget, at most (createMemoryStore). */
  readonly fallbackKeys?: number;
  /** Prefix of every key, so several registries may share one Redis. */
  readonly prefix?: string;
}

/** `redis://[:password@]host:port[/db]` → budgets counted there. Connects lazily; never waits for Redis. */
export function connectSharedLimits(url: string, options: SharedLimitsOptions = {}): SharedLimits {
  if (!/^rediss?:\/\//.test(url)) throw new RangeError(`the limits store is a redis:// URL (got "${url.split(':')[0]}:…")`);
  const client = new Redis(url, {
    // A command while Redis is away fails at once (the fallback answers) instead of queueing behind a reconnect.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    commandTimeout: 500,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: false,
  });
  // A refused or lost connection is reported here; ioredis reconnects by itself, the fallback counts meanwhile.
  client.on('error', () => {});
  const prefix = options.prefix ?? 'hocba:limit';
  const counters = { fallbacks: 0, shared: 0 };

  const limiters: MakeLimiter = (name, limiterOptions) => {
    if (limiterOptions.limit <= 0) return UNLIMITED;
    return sharedLimiter(client, `${prefix}:${name}`, limiterOptions, counters, options.fallbackKeys ?? 100_000);
  };
  return {
    limiters,
    counters,
    get connected() {
      return client.status === 'ready';
    },
    async close() {
      client.disconnect();
    },
  };
}

function sharedLimiter(client: Redis, keyPrefix: string, options: LimiterOptions, counters: SharedLimits['counters'], fallbackKeys: number): Limiter {
  const windowMs = options.windowMs ?? 60_000;
  const limit = options.limit;
  const shared = new RateLimiterRedis({
    storeClient: client, keyPrefix, points: limit, duration: Math.max(1, Math.round(windowMs / 1000)), rejectIfRedisNotReady: true,
  });
  // The fallback is this process's own bounded counter, not the library's RateLimiterMemory: that one keeps a Map
  // entry and a timer per key with no bound, which a flood of addresses would grow while Redis is away.
  const fallback = createLimiter({ limit, windowMs, store: createMemoryStore({ maxKeys: fallbackKeys }) });
  const hashed = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 22);
  const verdictOf = (res: RateLimiterRes, limited: boolean): Verdict => ({
    limited, remaining: Math.max(0, res.remainingPoints), retryAfter: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  });
  return {
    limit,
    async hit(key, by = 1) {
      try {
        const res = await shared.consume(hashed(key), Math.max(1, by));
        counters.shared += 1;
        return verdictOf(res, false);
      } catch (error) {
        // The library rejects with the count itself when the budget is spent, with an Error when Redis fails.
        if (error instanceof RateLimiterRes) {
          counters.shared += 1;
          return verdictOf(error, true);
        }
        counters.fallbacks += 1;
        return fallback.hit(key, by);
      }
    },
    async peek(key) {
      try {
        const res = await shared.get(hashed(key));
        counters.shared += 1;
        if (!res) return { limited: false, remaining: limit, retryAfter: 1 };
        return verdictOf(res, res.consumedPoints >= limit);
      } catch {
        counters.fallbacks += 1;
        return fallback.peek(key);
      }
    },
  };
}
