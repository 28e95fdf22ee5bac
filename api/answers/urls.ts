// Every public URL the registry prints, encodes or links (QR, PDF footer, links in answers): paths here, absolute
// URLs only from the configured public origin, never from a request's Host header (SPEC §3). site/lib/paths.ts
// re-exports these for the portal's own links.
import { HocbaError } from '../errors.ts';

const API = '/api/v1';

/** The code as a URL carries it: 32 upper-case hex characters (callers read typed input first). */
function upper(code: string): string {
  return encodeURIComponent(code.toUpperCase());
}

/** The record page (SPEC §6): the QR on every paper copy points here. */
export function recordPath(code: string, lang: 'vi' | 'en' = 'vi'): string {
  return `${lang === 'en' ? '/en' : ''}/tra-cuu/${upper(code)}`;
}

/** The ZIP for an independent check (signed XML, certificates, trust list, PDF), POSTed with the student's id (SPEC §9); the same for both languages. */
export function bundlePath(code: string): string {
  return `/tra-cuu/${upper(code)}/bundle.zip`;
}

function recordApiPath(code: string): string {
  return `${API}/records/${upper(code)}`;
}

export function recordPdfPath(code: string): string {
  return `${recordApiPath(code)}/pdf`;
}

/** The acceptance entry's inclusion proof as a `.tlog-proof` file (GET /records/{code}/proof, docs/log.md). */
export function recordLogProofPath(code: string): string {
  return `${recordApiPath(code)}/proof?format=tlog-proof`;
}

/** An absolute URL on the public origin. */
function toAbsoluteUrl(path: string, origin: string): string {
  return new URL(path, origin.endsWith('/') ? origin : `${origin}/`).toString();
}

/** The QR target printed on a copy: `https://<portal>/tra-cuu/<CODE>`. */
export function recordUrl(code: string, origin: string): string {
  return toAbsoluteUrl(recordPath(code), origin);
}

/** `https://host[:port]` of a configured URL; throws a plain Error for the CLI to turn into a usage error. */
export function toPublicOrigin(given: string): string {
  const url = new URL(given);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`not an http(s) URL: ${given}`);
  return url.origin;
}

/**
 * Where the public origin comes from: the configured one, else (dev and tests only) the loopback address the
 * server is bound to, else nothing — and then no URL is printed (`public_url_missing`).
 */
export type OriginSource = () => string | null;

export function requireOrigin(source: OriginSource): string {
  const origin = source();
  if (!origin) throw new HocbaError('public_url_missing');
  return origin;
}

/** A server bound to loopback (and not behind a proxy) can name itself; anything else must be configured. */
export function loopbackOrigin(host: string, port: number): string | null {
  const bare = host.replace(/^\[|\]$/g, '');
  const loopback = bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
  if (!loopback) return null;
  return `http://${bare.includes(':') ? `[${bare}]` : bare}:${port}`;
}
