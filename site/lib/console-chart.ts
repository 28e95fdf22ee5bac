// The overview's chart (issue 20) as plain geometry: one bar per Vietnam day with acceptances, the lock dates as
// vertical lines, on a time axis from the first acceptance (or a month before the main lock) to the last day shown.
// Drawn server-side as inline SVG by site/components/console/DayChart.astro: no script, and the table beside it has every figure.
const DAY_MS = 86_400_000;
export const CHART = { width: 720, height: 220, left: 36, right: 12, top: 16, bottom: 28 } as const;

export interface ChartBar { readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly day: string; readonly accepted: number }
export interface ChartLine { readonly x: number; readonly label: string; readonly day: string }
export interface ChartGeometry { readonly bars: ChartBar[]; readonly locks: ChartLine[]; readonly max: number; readonly from: string; readonly to: string }

const dayNumber = (iso: string) => Math.floor(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS);
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export function chartOf(perDay: readonly { day: string; accepted: number }[], locks: readonly { day: string; label: string }[]): ChartGeometry {
  const lockDays = locks.map((lock) => dayNumber(lock.day));
  const days = perDay.map((row) => dayNumber(row.day));
  const first = Math.min(...days, Math.min(...lockDays) - 30);
  const last = Math.max(...days, ...lockDays) + 1;
  const span = Math.max(last - first, 1);
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const max = Math.max(1, ...perDay.map((row) => row.accepted));
  const step = plotWidth / span;
  const xOf = (day: number) => CHART.left + (day - first) * step;
  return {
    bars: perDay.map((row, i) => {
      const height = (row.accepted / max) * plotHeight;
      return { x: round(xOf(days[i]!)), y: round(CHART.top + plotHeight - height), width: round(Math.max(step * 0.8, 1)), height: round(height), day: row.day, accepted: row.accepted };
    }),
    locks: locks.map((lock, i) => ({ x: round(xOf(lockDays[i]!) + step), label: lock.label, day: lock.day })),
    max,
    from: isoOf(first),
    to: isoOf(last - 1),
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
