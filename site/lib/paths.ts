// Every URL of the portal and the API links it shows, built in one place so the QR target and the links cannot drift.
// Plain TypeScript (no Astro): the server, the PDF route and the tests import it too.

export type Lang = 'vi' | 'en';

/** The query parameter of the lookup form (`/tra-cuu?ma=…`): "mã" is what a Vietnamese reader calls the code. */
export const LOOKUP_PARAM = 'ma';
const API = '/api/v1';

function prefix(lang: Lang): string {
  return lang === 'en' ? '/en' : '';
}

/** The code as the URL carries it: 32 upper-case hex characters (callers normalise typed input first). */
function upper(code: string): string {
  return encodeURIComponent(code.toUpperCase());
}

export function homePath(lang: Lang = 'vi'): string {
  return lang === 'en' ? '/en/' : '/';
}

/** Target of the lookup form (GET `?ma=`): it forgives spaces, hyphens and case, then redirects to the record. */
export function lookupPath(lang: Lang = 'vi', typed?: string): string {
  const path = `${prefix(lang)}/tra-cuu`;
  return typed === undefined ? path : `${path}?${LOOKUP_PARAM}=${encodeURIComponent(typed)}`;
}

/** The record page (SPEC §6): the QR on every paper copy points here. */
export function recordPath(code: string, lang: Lang = 'vi'): string {
  return `${prefix(lang)}/tra-cuu/${upper(code)}`;
}

/** The ZIP for an independent check (signed XML, certificates, trust list, PDF), POSTed with the student's id (SPEC §9). */
export function bundlePath(code: string): string {
  return `/tra-cuu/${upper(code)}/bundle.zip`;
}

export function recordPdfPath(code: string): string {
  return `${API}/records/${upper(code)}/pdf`;
}

export function recordApiPath(code: string): string {
  return `${API}/records/${upper(code)}`;
}

export function checkPath(lang: Lang = 'vi'): string {
  return `${prefix(lang)}/kiem-tra`;
}

export function bulkPath(lang: Lang = 'vi'): string {
  return `${prefix(lang)}/xac-minh-hang-loat`;
}

/** POST target that answers the bulk results as a CSV file (UTF-8 with BOM). */
export function bulkCsvPath(lang: Lang = 'vi'): string {
  return `${prefix(lang)}/xac-minh-hang-loat/ket-qua.csv`;
}

export function helpPath(lang: Lang = 'vi', section?: string): string {
  return `${prefix(lang)}/huong-dan${section ? `#${section}` : ''}`;
}

export function apiDocsPath(): string {
  return `${API}/openapi.json`;
}

/** An absolute URL on the portal's public origin (the QR and the PDF footer need one). */
export function toAbsoluteUrl(path: string, origin: string): string {
  return new URL(path, origin.endsWith('/') ? origin : `${origin}/`).toString();
}

/** The QR target printed on a copy: `https://<portal>/tra-cuu/<CODE>`. */
export function recordUrl(code: string, origin: string): string {
  return toAbsoluteUrl(recordPath(code), origin);
}

/** The same page in the other language: `/kiem-tra` ⇄ `/en/kiem-tra`. */
export function switchLanguage(pathname: string, to: Lang): string {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const bare = trimmed === '/en' ? '/' : trimmed.startsWith('/en/') ? trimmed.slice(3) : trimmed;
  if (to === 'vi') return bare;
  return bare === '/' ? '/en/' : `/en${bare}`;
}

/** The language a path is in. */
export function langOfPath(pathname: string): Lang {
  return pathname === '/en' || pathname.startsWith('/en/') ? 'en' : 'vi';
}

/** Reads a lookup code out of anything a QR may hold: our record URL, a URL with `?ma=`, or the bare code. */
export function codeFromScan(text: string): string | null {
  const inUrl = /\/tra-cuu\/([0-9a-f][0-9a-f\s-]{30,60})/i.exec(text);
  const candidate = inUrl?.[1] ?? new RegExp(`[?&]${LOOKUP_PARAM}=([^&#]+)`).exec(text)?.[1] ?? text;
  const compact = decodeURIComponent(candidate).replace(/[\s\-\u2010-\u2015\u2212]/g, '');
  return /^[0-9a-f]{32}$/i.test(compact) ? compact.toUpperCase() : null;
}
