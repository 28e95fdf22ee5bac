import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderRecordPdf } from '../../../api/render/index.ts';
import { inputFor, sampleRecord } from './tools.ts';

const RESULTS = fileURLToPath(new URL('../../../test-results/render/', import.meta.url));
const WARM_RUNS = 15;
/** The budget of the brief: ≤ 60 ms per record once fonts and cmaps are cached. */
const BUDGET_MS = 60;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;

describe('renderRecordPdf timing (cold = first render of the level in this process)', () => {
  it('renders each level within the warm budget and writes the numbers to test-results/render/timing.json', async () => {
    const report: Record<string, { pages: number; coldMs: number; warmWallMs: number; warmCpuMs: number }> = {};
    for (const [level, grade] of [['TH', 5], ['THCS', 9], ['THPT', 12]] as const) {
      const input = inputFor(sampleRecord(level, grade));
      let started = performance.now();
      const first = await renderRecordPdf(input);
      const coldMs = performance.now() - started;
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++) {
        started = performance.now();
        const usage = process.cpuUsage();
        await renderRecordPdf(input);
        const spent = process.cpuUsage(usage);
        wall.push(performance.now() - started);
        cpu.push((spent.user + spent.system) / 1000);
      }
      const pages = (Buffer.from(first).toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
      report[level] = { pages, coldMs: round(coldMs), warmWallMs: round(median(wall)), warmCpuMs: round(median(cpu)) };
    }
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(`${RESULTS}timing.json`, `${JSON.stringify(report, null, 2)}\n`);
    console.log('render timing (median of warm runs):', report);
    // CPU time, not wall time: the suite runs test files in parallel, and wall time then measures the neighbours.
    for (const found of Object.values(report)) expect(found.warmCpuMs).toBeLessThanOrEqual(BUDGET_MS);
  });
});

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
