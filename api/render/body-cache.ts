// Bodies of copies, kept per record (issue 15 "Speed"): painting a record (fonts subset and embedded, deflate, save)
// is most of a copy's cost and is the same for every copy of that record in that status; a copy then costs its
// stamp and seal only. Bounded by entries and bytes, least recently used out first.
import type { RenderedBody } from './stamp.ts';

/** Bumped whenever the layout changes, so a body painted by older code is never stamped. */
export const RENDER_VERSION = 2;

export interface BodyCacheOptions {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

export const DEFAULT_BODY_CACHE: BodyCacheOptions = { maxEntries: 256, maxBytes: 32 * 1024 * 1024 };

export interface BodyCache {
  /** The body under `key`, painted by `paint` on a miss (concurrent misses for one key paint once). */
  get(key: string, paint: () => Promise<RenderedBody>): Promise<RenderedBody>;
  readonly stats: { hits: number; misses: number };
}

export function createBodyCache(options: Partial<BodyCacheOptions> = {}): BodyCache {
  const { maxEntries, maxBytes } = { ...DEFAULT_BODY_CACHE, ...options };
  const entries = new Map<string, Promise<RenderedBody>>();
  const sizes = new Map<string, number>();
  let bytes = 0;
  const stats = { hits: 0, misses: 0 };
  const drop = (key: string) => {
    entries.delete(key);
    bytes -= sizes.get(key) ?? 0;
    sizes.delete(key);
  };
  return {
    stats,
    async get(key, paint) {
      const found = entries.get(key);
      if (found) {
        stats.hits += 1;
        // Re-inserting moves it to the end: Map order is the recency order.
        entries.delete(key);
        entries.set(key, found);
        return found;
      }
      stats.misses += 1;
      const painting = paint();
      entries.set(key, painting);
      let body: RenderedBody;
      try {
        body = await painting;
      } catch (error) {
        drop(key);
        throw error;
      }
      if (entries.get(key) === painting) {
        sizes.set(key, body.painted.bytes.length);
        bytes += body.painted.bytes.length;
        for (const oldest of entries.keys()) {
          if (entries.size <= maxEntries && bytes <= maxBytes) break;
          if (oldest !== key) drop(oldest);
        }
      }
      return body;
    },
  };
}

/** What a body depends on: the record (immutable per code), its lifecycle state and successor, and the QR's origin. */
export function bodyKey(parts: { lookupCode: string; status: string; replacedBy: string | null; recordUrl: string }): string {
  return JSON.stringify([RENDER_VERSION, parts.lookupCode, parts.status, parts.replacedBy, parts.recordUrl]);
}
