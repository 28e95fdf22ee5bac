// How the portal writes times, dates and scores: Vietnam time (UTC+7), dd/MM/yyyy, a decimal comma in Vietnamese.
import type { Lang } from './paths.ts';

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `27/05/2026` from an ISO date or instant, read in Vietnam time. */
export function toDate(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split('-');
    return `${d}/${m}/${y}`;
  }
  const at = new Date(new Date(iso).getTime() + VIETNAM_OFFSET_MS);
  if (Number.isNaN(at.getTime())) return iso;
  return `${pad(at.getUTCDate())}/${pad(at.getUTCMonth() + 1)}/${at.getUTCFullYear()}`;
}

/** `14:05 ngày 27/05/2026` (vi) or `27/05/2026 14:05` (en), always Vietnam time, which the page says once. */
export function toDateTime(iso: string, lang: Lang): string {
  const at = new Date(new Date(iso).getTime() + VIETNAM_OFFSET_MS);
  if (Number.isNaN(at.getTime())) return iso;
  const time = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
  const date = `${pad(at.getUTCDate())}/${pad(at.getUTCMonth() + 1)}/${at.getUTCFullYear()}`;
  return lang === 'vi' ? `${time} ngày ${date} (giờ Việt Nam)` : `${date} ${time} (Vietnam time, UTC+7)`;
}

/** A score with one decimal: `8,3` in Vietnamese, `8.3` in English; whole scores stay whole (TT 27 tests). */
export function toScore(value: number | undefined, lang: Lang, decimals = 1): string {
  if (value === undefined || Number.isNaN(value)) return '';
  const text = decimals === 0 ? String(value) : value.toFixed(decimals);
  return lang === 'vi' ? text.replace('.', ',') : text;
}

/** `dd/MM/yyyy` → its three parts, for "ngày … tháng … năm …". */
export function toDateParts(ddmmyyyy: string): [string, string, string] {
  const [d = '', m = '', y = ''] = ddmmyyyy.split('/');
  return [d, m, y];
}

/** `CN=…` of a distinguished name string, or the whole name when it has none. */
export function commonNameOf(name: string): string {
  const match = /(?:^|,\s*)CN=((?:\\,|[^,])+)/.exec(name);
  return match ? match[1]!.replace(/\\,/g, ',').trim() : name;
}
