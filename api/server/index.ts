// One Node server (SPEC §3): Hono answers /api/*, /log/*, /healthz and /metrics; everything else goes to the
// portal handler (the Astro app, plugged in by the portal work), or a 404 JSON without one.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Logger } from 'pino';
import type { Registry, Verifier } from '../index.ts';
import { createApp } from '../http/app.ts';
import type { TrustedProxies } from '../http/client-address.ts';

// The CLI reaches the front door through this entry (dependency-cruiser): how `serve` reads --trusted-proxies.
export { NO_TRUSTED_PROXIES, parseTrustedProxies, type TrustedProxies } from '../http/client-address.ts';
import type { ForwardRuns, HttpLimits } from '../http/types.ts';
export { forwardOnce, type ForwardOptions, type ForwardProgress, type ForwardRun } from './forwarder.ts';
export { createForwardRuns } from './forward-runs.ts';
import type { MakeLimiter } from '../http/limiter.ts';
import { createServerAnswers, type ServerAnswers } from './answers.ts';

/** A Node request handler in the connect style: `next()` hands the request back (answered 404 by the API). */
export type PortalHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface StartServerOptions {
  readonly registry: Registry;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly portal?: PortalHandler;
  /** Threads that verify uploads to POST /verify; 0 verifies on the event loop (tests). */
  readonly workers?: number;
  /** Share these threads (OpenedRegistry.verifier) instead of starting `workers` more. */
  readonly verifier?: Verifier;
  /** `select 1` on the database, for GET /healthz. */
  readonly ping?: () => Promise<unknown>;
  readonly logger?: Logger;
  readonly limits?: Partial<HttpLimits>;
  /** Reverse proxies whose X-Forwarded-For/-Proto are believed (parseTrustedProxies); default none. */
  readonly trustedProxies?: TrustedProxies;
  readonly clock?: () => Date;
  /**
   * Public origin printed in the QR of PDF copies (e.g. https://hocba.hanoi.edu.vn), SPEC §3. Without one, a server
   * bound to loopback (and not trusting a proxy) uses its own address; any other refuses copies (public_url_missing).
   */
  readonly publicUrl?: string;
  /** Makes every request budget (api/http/limiter.ts; shared-limits.ts for one budget across nodes). */
  readonly limiters?: MakeLimiter;
  /** The answers shared with the portal (createServerAnswers); default: made here from the options above. */
  readonly answers?: ServerAnswers;
  /** National mode (issue 19): provinces forward into this instance (POST /api/v1/national/batches). */
  readonly national?: boolean;
  /** A province registry's forwarding runs (createForwardRuns), for POST/GET /api/v1/operator/forward. */
  readonly forwardRuns?: ForwardRuns;
}

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

const API_PATHS = /^\/(api(\/|$)|log\/|healthz$|metrics$)/;

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const owned = options.answers ? null : createServerAnswers({
    registry: options.registry, workers: options.workers ?? 0,
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
    ...(options.verifier ? { verifier: options.verifier } : {}), ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.clock ? { clock: options.clock } : {}), ...(options.limiters ? { limiters: options.limiters } : {}),
  });
  const shared = options.answers ?? owned!;
  const app = createApp({
    registry: options.registry,
    answers: shared.answers,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.ping ? { ping: options.ping } : {}),
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.limiters ? { limiters: options.limiters } : {}),
    ...(options.national ? { national: true } : {}),
    ...(options.forwardRuns ? { forwardRuns: options.forwardRuns } : {}),
  });
  // The verification threads load the engine before the first request, not during it (issue 14).
  await options.verifier?.start();
  const api = getRequestListener(app.fetch);
  const portal = options.portal;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    if (!portal || API_PATHS.test(path)) void api(req, res);
    else portal(req, res, () => void api(req, res));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4321, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  shared.bound(host, port);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    async close() {
      // Stop accepting, let requests in flight finish, then drop idle keep-alive connections.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await owned?.close();
    },
  };
}
