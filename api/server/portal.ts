// Builds the server's `portal` handler from the built Astro app (dist/, @astrojs/node in middleware mode):
// security headers on everything, static files from dist/client, a request budget, then Astro with the registry in locals.
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIPv6 } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Registry, Verifier } from '../index.ts';
import { budgetKeyOf, clientAddress, NO_TRUSTED_PROXIES, type TrustedProxies } from '../http/client-address.ts';
import { createLimiter } from '../http/limiter.ts';
import { HSTS_VALUE, isOverTls } from '../http/middleware/security-headers.ts';
import type { PortalHandler } from './index.ts';
import { indexStaticFiles, sendStaticFile, toIndexKey } from './portal-static.ts';
import { createUploadVerifier } from './verify-upload.ts';
import type { PortalLocals } from '../../site/lib/locals.ts';
import { recordPdfPath } from '../../site/lib/paths.ts';

export interface PortalOptions {
  readonly registry: Registry;
  /** The Astro build (default: dist/ of this checkout). */
  readonly distDir?: string;
  /** Threads that verify files uploaded to /kiem-tra; 0 verifies on the event loop. */
  readonly workers?: number;
  /** Share these threads (OpenedRegistry.verifier) instead of starting `workers` more. */
  readonly verifier?: Verifier;
  readonly clock?: () => Date;
  /** On-demand page requests per minute and client address (static files are not counted). */
  readonly requestsPerMinute?: number;
  /** Reverse proxies whose X-Forwarded-For/-Proto are believed (parseTrustedProxies); default none. */
  readonly trustedProxies?: TrustedProxies;
}

export interface Portal {
  readonly handler: PortalHandler;
  close(): Promise<void>;
}

type AstroHandler = (req: IncomingMessage, res: ServerResponse, next: undefined, locals: PortalLocals) => Promise<void>;

export const DEFAULT_DIST_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

// 'self' only and nothing inline (astro.config.mjs keeps scripts and styles external); blob: for the QR photo.
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:", "font-src 'self'",
    "connect-src 'self'", "media-src 'self' blob:", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), payment=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export async function createPortal(options: PortalOptions): Promise<Portal> {
  const dist = options.distDir ?? DEFAULT_DIST_DIR;
  const entry = join(dist, 'server', 'entry.mjs');
  if (!existsSync(entry)) throw new Error(`the portal is not built: ${entry} is missing (run: node scripts/build-site.ts)`);
  const { handler: astro } = (await import(pathToFileURL(entry).href)) as { handler: AstroHandler };
  const files = indexStaticFiles(join(dist, 'client'));
  const tooMany = files.get('/429');
  // The API's limiter: one budget per address and minute over the on-demand pages.
  const limiter = createLimiter({ limit: options.requestsPerMinute ?? 120 });
  const trusted = options.trustedProxies ?? NO_TRUSTED_PROXIES;
  const uploads = createUploadVerifier({ registry: options.registry, workers: options.workers ?? 0, ...(options.verifier ? { verifier: options.verifier } : {}) });
  const clock = options.clock ?? (() => new Date());
  // Addresses are never written down: the journal gets a keyed hash whose key lives as long as the process.
  const key = randomBytes(32);

  const handler: PortalHandler = (req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
    const peer = req.socket.remoteAddress;
    if (isOverTls({ forwardedProto: headerOf(req, 'x-forwarded-proto'), encrypted, peer }, trusted)) {
      res.setHeader('Strict-Transport-Security', HSTS_VALUE);
    }
    const path = toIndexKey(req.url ?? '/');
    const file = path === null ? undefined : files.get(path);
    if (file && (req.method === 'GET' || req.method === 'HEAD')) return sendStaticFile(req, res, file);
    const client = clientAddress({ peer, forwardedFor: headerOf(req, 'x-forwarded-for') }, trusted);
    void limiter.hit(`address:${budgetKeyOf(client)}`).then((verdict) => {
      if (verdict.limited) {
        res.setHeader('Retry-After', String(verdict.retryAfter));
        if (tooMany) return sendStaticFile(req, res, tooMany, 429);
        res.writeHead(429, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Quá nhiều yêu cầu / Too many requests');
        return;
      }
      res.setHeader('Cache-Control', 'private, no-store');
      const locals: PortalLocals = {
        registry: options.registry,
        verifyUpload: uploads.verifyUpload,
        loadPdf: (code) => loadPdfOverLoopback(req, code),
        actor: `portal:${createHmac('sha256', key).update(client).digest('hex').slice(0, 16)}`,
        clock,
      };
      return astro(req, res, undefined, locals);
    });
  };
  return { handler, close: () => uploads.close() };
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The official PDF comes from the API route (it numbers and logs the copy, SPEC §9); the portal asks its own
 * server for it on the address the request arrived at. Null when there is no such route or it refuses.
 */
async function loadPdfOverLoopback(req: IncomingMessage, code: string): Promise<Uint8Array | null> {
  const address = req.socket.localAddress;
  const port = req.socket.localPort;
  if (!address || !port) return null;
  const host = address.startsWith('::ffff:') ? address.slice(7) : address;
  try {
    const response = await fetch(`http://${isIPv6(host) ? `[${host}]` : host}:${port}${recordPdfPath(code)}`, {
      signal: AbortSignal.timeout(20_000),
    });
    if (!response.ok || !(response.headers.get('content-type') ?? '').startsWith('application/pdf')) return null;
    return new Uint8Array(await response.arrayBuffer());
  } catch {
    return null;
  }
}
