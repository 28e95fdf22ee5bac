// The portal's own links (pages, forms). Public record URLs (record page, PDF, XML, bundle, the QR target) are built
// by api/answers/urls.ts, re-exported here, so the QR target and the links cannot drift. api/ never imports this.
export { bundlePath, recordLogProofPath, recordPath, recordPdfPath, recordUrl } from '../../api/index.ts';

export type Lang = 'vi' | 'en';

/** The query parameter of the lookup form (`/tra-cuu?ma=…`): "mã" is what a Vietnamese reader calls the code. */
export const LOOKUP_PARAM = 'ma';

function prefix(lang: Lang): string {
  return lang === 'en' ? '/en' : '';
}

export function homePath(lang: Lang = 'vi'): string {
  return lang === 'en' ? '/en/' : '/';
}

/** Target of the lookup form (GET `?ma=`): it forgives spaces, hyphens and case, then redirects to the record. */
export function lookupPath(lang: Lang = 'vi', typed?: string): string {
  const path = `${prefix(lang)}/tra-cuu`;
  return typed === undefined ? path : `${path}?${LOOKUP_PARAM}=${encodeURIComponent(typed)}`;
}

export function checkPath(lang: Lang = 'vi'): string {
  return `${prefix(lang)}/kiem-tra`;
}

export function bulkPath(lang: Lang = 'vi'): string {
  return `${prefix(lang)}/xac-minh-hang-loat`;
}

/** `/doi-chieu`: an admissions office's claims list against the records (issue 18). */
export function claimsPath(lang: Lang = 'vi'): string {
  return `${prefix(lang)}/doi-chieu`;
}

/** POST target that answers the bulk results as a CSV file (UTF-8 with BOM). */
export function bulkCsvPath(lang: Lang = 'vi'): string {
  return `${prefix(lang)}/xac-minh-hang-loat/ket-qua.csv`;
}

export function helpPath(lang: Lang = 'vi', section?: string): string {
  return `${prefix(lang)}/huong-dan${section ? `#${section}` : ''}`;
}

export function apiDocsPath(): string {
  return '/api/v1/openapi.json';
}

/** The transparency log's public files served beside the API (SPEC §5 "Log"): the latest signed checkpoint, the key. */
export function logPath(file: 'checkpoint' | 'key'): string {
  return `/log/${file}`;
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


/** The operator console's pages (issue 20), under `/quan-tri` (and `/en/quan-tri`). */
export const CONSOLE_PAGES = {
  overview: '', signIn: '/dang-nhap', signOut: '/dang-xuat', refusals: '/loi-nop', refusalsCsv: '/loi-nop.csv',
  trust: '/chung-thu', actions: '/thao-tac', journal: '/nhat-ky',
} as const;
export type ConsolePage = keyof typeof CONSOLE_PAGES;

/** A console page with its query (empty values left out), e.g. consolePath('en', 'journal', { truong: '01001001' }). */
export function consolePath(lang: Lang, page: ConsolePage = 'overview', query: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  const search = params.toString();
  return `${prefix(lang)}/quan-tri${CONSOLE_PAGES[page]}${search ? `?${search}` : ''}`;
}

/** Whether a path is the console's (where a session is required, but for the sign-in page). */
export function isConsolePath(pathname: string): boolean {
  return /^(\/en)?\/quan-tri(\/|\.|$)/.test(pathname);
}
