// How every door writes a date or an instant for people: Vietnam time (UTC+7), dd/MM/yyyy. The portal (through
// site/lib/format.ts), the command line and the PDF copy print the same text, so a time read on one can be found on
// the other. The one place that turns an instant into Vietnam's wall clock.
import type { Lang } from './errors.ts';

// Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact (lock dates and the signing
// template read it from here too).
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** An instant on Vietnam's wall clock: `date` dd/MM/yyyy, `minute` HH:mm, `second` HH:mm:ss; null for no instant. */
function wallClock(at: Date): { date: string; minute: string; second: string } | null {
  const local = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  if (Number.isNaN(local.getTime())) return null;
  const minute = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  return {
    date: `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`,
    minute,
    second: `${minute}:${pad(local.getUTCSeconds())}`,
  };
}

/** `27/05/2026` from an ISO date or instant, read in Vietnam time; anything else is returned as given. */
export function vietnamDateText(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split('-');
    return `${d}/${m}/${y}`;
  }
  return wallClock(new Date(iso))?.date ?? iso;
}

/** `14:05 ngày 27/05/2026 (giờ Việt Nam)` (vi) or `27/05/2026 14:05 (Vietnam time, UTC+7)` (en); anything that is no
 * instant is returned as given. */
export function vietnamTimeText(iso: string, lang: Lang): string {
  const clock = wallClock(new Date(iso));
  if (clock === null) return iso;
  return lang === 'vi' ? `${clock.minute} ngày ${clock.date} (giờ Việt Nam)` : `${clock.date} ${clock.minute} (Vietnam time, UTC+7)`;
}

/** `10:04:05 ngày 22/11/2026`: to the second, as the PDF copy prints when it was issued (the line says the zone). */
export function vietnamSecondText(at: Date): string {
  const clock = wallClock(at);
  return clock === null ? String(at) : `${clock.second} ngày ${clock.date}`;
}

/** `28/05/2025 09:15:00`: to the second, date first, as the PDF's signature table prints a signing time. */
export function vietnamDateSecondText(at: Date): string {
  const clock = wallClock(at);
  return clock === null ? String(at) : `${clock.date} ${clock.second}`;
}
