// How every door writes a date or an instant for people: Vietnam time (UTC+7), dd/MM/yyyy. The portal (through
// site/lib/format.ts) and the command line print the same text, so a time read on one can be found on the other.
import type { Lang } from './errors.ts';

// Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact.
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `27/05/2026` from an ISO date or instant, read in Vietnam time; anything else is returned as given. */
export function vietnamDateText(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split('-');
    return `${d}/${m}/${y}`;
  }
  const at = new Date(new Date(iso).getTime() + VIETNAM_OFFSET_MS);
  if (Number.isNaN(at.getTime())) return iso;
  return `${pad(at.getUTCDate())}/${pad(at.getUTCMonth() + 1)}/${at.getUTCFullYear()}`;
}

/** `14:05 ngày 27/05/2026 (giờ Việt Nam)` (vi) or `27/05/2026 14:05 (Vietnam time, UTC+7)` (en); anything that is no
 * instant is returned as given. */
export function vietnamTimeText(iso: string, lang: Lang): string {
  const at = new Date(new Date(iso).getTime() + VIETNAM_OFFSET_MS);
  if (Number.isNaN(at.getTime())) return iso;
  const time = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
  const date = `${pad(at.getUTCDate())}/${pad(at.getUTCMonth() + 1)}/${at.getUTCFullYear()}`;
  return lang === 'vi' ? `${time} ngày ${date} (giờ Việt Nam)` : `${date} ${time} (Vietnam time, UTC+7)`;
}
