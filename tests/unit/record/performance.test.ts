import { describe, expect, it } from 'vitest';
import { parseRecord, validateRecord } from '../../../api/record/index.ts';
import { contentOf, sampleXml } from './helpers.ts';

// parseRecord runs for every pushed record; the target is well under 1 ms for parse + validate.
// CPU time of the best of several batches, so a busy machine does not make the test flaky.
function microsecondsPerRecord(content: Element): number {
  let best = Infinity;
  for (let batch = 0; batch < 8; batch++) {
    const start = process.cpuUsage();
    for (let i = 0; i < 100; i++) validateRecord(parseRecord(content).record!);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 100);
  }
  return best;
}

describe('parseRecord + validateRecord speed', () => {
  it.each([4, 9, 12])('takes well under a millisecond for a grade-%i record', (grade) => {
    const content = contentOf(sampleXml(grade, 7));
    for (let i = 0; i < 200; i++) validateRecord(parseRecord(content).record!);
    expect(microsecondsPerRecord(content)).toBeLessThan(1000);
  });
});
