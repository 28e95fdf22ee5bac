// Builds the server's `portal` handler from the built Astro app (dist/, @astrojs/node in middleware mode):
// security headers on everything, static files from dist/client, a request budget, then Astro with the registry in locals.
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isHocbaError, type Answers, type Registry, type Verifier } from '../index.ts';
import { budgetKeyOf, clientAddress, NO_TRUSTED_PROXIES, type TrustedProxies } from '../http/client-address.ts';
import { memoryLimiters, type MakeLimiter } from '../http/limiter.ts';
import { HSTS_VALUE, isOverTls } from '../http/middleware/security-headers.ts';
import { DEFAULT_HTTP_LIMITS, type ForwardRuns } from '../http/types.ts';
import type { PortalHandler } from './index.ts';
import { indexStaticFiles, sendStaticFile, toIndexKey } from './portal-static.ts';
import { createServerAnswers, type ServerAnswers } from './answers.ts';

export interface PortalOptions {
  readonly registry: Registry;
  /** The Astro build (default: dist/ of this checkout). */
  readonly distDir?: string;
  /** Threads that verify files uploaded to /kiem-tra; 0 verifies on the event loop. */
  readonly workers?: number;
  /** Share these threads (OpenedRegistry.verifier) instead of starting `workers` more. */
  readonly verifier?: Verifier;
  readonly clock?: () => Date;
  /** On-demand page requests per minute and client address (static files are not counted); 0: no budget. */
  readonly requestsPerMinute?: number;
  /** Makes the page budget (api/http/limiter.ts); default: counted in this process alone. */
  readonly limiters?: MakeLimiter;
  /** Reverse proxies whose X-Forwarded-For/-Proto are believed (parseTrustedProxies); default none. */
  readonly trustedProxies?: TrustedProxies;
  /** The answers shared with the API (createServerAnswers); default: made here (no public origin: no copies). */
  readonly answers?: ServerAnswers;
  readonly publicUrl?: string;
  /**
   * Console sign-in attempts (POST /quan-tri/dang-nhap) per minute and client address, besides the page budget: the
   * operator API's login budget (`--login-rate-limit`; the same budget name, so a shared store counts both doors as one).
   */
  readonly loginRequestsPerMinute?: number;
  /** The forwarding runs of `serve --forward-to` (the operator API's too): the console's "Forward now" starts one. */
  readonly forwardRuns?: ForwardRuns;
}

/** What the server hands every on-demand page (Astro.locals); site/lib/locals.ts names the same shape. */
export interface PortalLocals {
  readonly answers: Answers;
  readonly registry: Registry;
  /** The official PDF copy for the bundle: issued in-process, numbered and journaled under the asker; null on HEAD. */
  readonly loadPdf: (code: string) => Promise<Uint8Array | null>;
  /** Who looks, for the registry's journal: `portal:<keyed hash of the address>`, never the address. */
  readonly actor: string;
  readonly clock: () => Date;
  /**
   * The browser reached us over TLS (its own socket, or X-Forwarded-Proto from a trusted proxy): the console's
   * session cookie is then `Secure` with the `__Host-` prefix.
   */
  readonly overTls: boolean;
  /** The national store this registry forwards to (`serve --forward-to`), or null when none is configured. */
  readonly forward: ForwardRuns | null;
}

export interface Portal {
  readonly handler: PortalHandler;
  close(): Promise<void>;
}

type AstroHandler = (req: IncomingMessage, res: ServerResponse, next: undefined, locals: PortalLocals) => Promise<void>;

export const DEFAULT_PAGES_PER_MINUTE = 120;

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

// The pages with the QR scanner (site/components/QrScan.astro) may compile WebAssembly: without a native
// BarcodeDetector the reader is ZXing in WebAssembly, which Chromium refuses to compile under a CSP without
// 'wasm-unsafe-eval'. That source allows WebAssembly compilation only (never eval of JavaScript), and only here.
const SCANNER_PAGES = new Set(['/', '/index.html', '/en', '/en/', '/en/index.html']);
// The console's sign-in form (issue 20): its POSTs also spend the login budget, as the operator API's login does.
const SIGN_IN_PAGES = new Set(['/quan-tri/dang-nhap', '/en/quan-tri/dang-nhap']);
const SCANNER_CSP = SECURITY_HEADERS['Content-Security-Policy']!.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");

export async function createPortal(options: PortalOptions): Promise<Portal> {
  const dist = options.distDir ?? DEFAULT_DIST_DIR;
  const entry = join(dist, 'server', 'entry.mjs');
  if (!existsSync(entry)) throw new Error(`the portal is not built: ${entry} is missing (run: node scripts/build-site.ts)`);
  const { handler: astro } = (await import(pathToFileURL(entry).href)) as { handler: AstroHandler };
  const files = indexStaticFiles(join(dist, 'client'));
  const tooMany = files.get('/429');
  // The API's limiter: one budget per address and minute over the on-demand pages.
  const limiter = (options.limiters ?? memoryLimiters)('pages', { limit: options.requestsPerMinute ?? DEFAULT_PAGES_PER_MINUTE });
  const signIns = (options.limiters ?? memoryLimiters)('login', { limit: options.loginRequestsPerMinute ?? DEFAULT_HTTP_LIMITS.loginRequestsPerMinute });
  const trusted = options.trustedProxies ?? NO_TRUSTED_PROXIES;
  const owned = options.answers ? null : createServerAnswers({
    registry: options.registry, workers: options.workers ?? 0, trustedProxies: trusted,
    ...(options.verifier ? { verifier: options.verifier } : {}), ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const { answers } = options.answers ?? owned!;
  const clock = options.clock ?? (() => new Date());
  // Addresses are never written down: the journal gets a keyed hash whose key lives as long as the process.
  const key = randomBytes(32);

  const handler: PortalHandler = (req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (SCANNER_PAGES.has((req.url ?? '/').split('?')[0]!)) res.setHeader('Content-Security-Policy', SCANNER_CSP);
    const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
    const peer = req.socket.remoteAddress;
    const overTls = isOverTls({ forwardedProto: headerOf(req, 'x-forwarded-proto'), encrypted, peer }, trusted);
    if (overTls) res.setHeader('Strict-Transport-Security', HSTS_VALUE);
    const path = toIndexKey(req.url ?? '/');
    const file = path === null ? undefined : files.get(path);
    if (file && (req.method === 'GET' || req.method === 'HEAD')) return sendStaticFile(req, res, file);
    const client = clientAddress({ peer, forwardedFor: headerOf(req, 'x-forwarded-for') }, trusted);
    const budget = `address:${budgetKeyOf(client)}`;
    const signingIn = req.method === 'POST' && SIGN_IN_PAGES.has(path ?? '');
    void limiter.hit(budget).then(async (pageVerdict) => (pageVerdict.limited || !signingIn ? pageVerdict : signIns.hit(budget))).then((verdict) => {
      if (verdict.limited) {
        res.setHeader('Retry-After', String(verdict.retryAfter));
        if (tooMany) return sendStaticFile(req, res, tooMany, 429);
        res.writeHead(429, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Quá nhiều yêu cầu / Too many requests');
        return;
      }
      res.setHeader('Cache-Control', 'private, no-store');
      const asker = createHmac('sha256', key).update(client).digest('hex').slice(0, 16);
      const locals: PortalLocals = {
        answers,
        registry: options.registry,
        loadPdf: (code) => loadPdfInProcess(answers, req.method, code, asker),
        actor: `portal:${asker}`,
        clock,
        overTls,
        forward: options.forwardRuns ?? null,
      };
      return astro(req, res, undefined, locals);
    });
  };
  return { handler, close: async () => { await owned?.close(); } };
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The official PDF of the bundle, issued by api/answers in this process: numbered and journaled under this asker
 * (not the server's own address, not the API's rate budget). A HEAD issues nothing; no public origin, no copy.
 */
async function loadPdfInProcess(answers: Answers, method: string | undefined, code: string, asker: string): Promise<Uint8Array | null> {
  if (method === 'HEAD') return null;
  try {
    return (await answers.issueCopy(code, asker))?.bytes ?? null;
  } catch (error) {
    if (isHocbaError(error) && error.code === 'public_url_missing') return null;
    throw error;
  }
}
