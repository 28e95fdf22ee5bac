// How the portal writes times, dates and scores: Vietnam time (UTC+7), dd/MM/yyyy, a decimal comma in Vietnamese.
import type { Lang } from './paths.ts';

// Dates and times are written by api/vietnam-time.ts, which the command line uses too: one format on every door.
export { vietnamDateText as toDate, vietnamTimeText as toDateTime } from '../../api/index.ts';

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
