// A per-address request budget for the portal's on-demand pages (lookups, uploads, bundles), in a fixed window.
// In-process like the API's: each process behind a load balancer enforces its own share.

export interface PortalLimiter {
  /** Null when the request may go on; otherwise the seconds to wait (Retry-After). */
  check(key: string): number | null;
}

export function createPortalLimiter({ limit = 120, windowMs = 60_000, now = Date.now, maxKeys = 100_000 }: {
  limit?: number; windowMs?: number; now?: () => number; maxKeys?: number;
} = {}): PortalLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    check(key) {
      const at = now();
      let window = windows.get(key);
      if (!window || at - window.start >= windowMs) {
        if (windows.size >= maxKeys) windows.clear();
        window = { start: at, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      return window.count > limit ? Math.max(1, Math.ceil((window.start + windowMs - at) / 1000)) : null;
    },
  };
}
