import { describe, expect, it } from 'vitest';
import { mapInOrder } from '../../api/map-in-order.ts';

describe('mapInOrder', () => {
  it('keeps input order when later tasks finish first, and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const release: Array<() => void> = [];
    const done = mapInOrder([0, 1, 2, 3, 4, 5, 6], 3, async (item, index) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => release.push(resolve));
      running--;
      return `${item}:${index}`;
    });
    // Finish the tasks in reverse order of start, three at a time, until all seven have run.
    while (release.length > 0 || running > 0) {
      await Promise.resolve();
      const waiting = release.splice(0);
      for (const resolve of waiting.reverse()) resolve();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await done).toEqual(['0:0', '1:1', '2:2', '3:3', '4:4', '5:5', '6:6']);
    expect(peak).toBe(3);
  });

  it('runs each item exactly once and handles an empty list and a limit larger than the list', async () => {
    const seen: number[] = [];
    expect(await mapInOrder([], 4, async (item: number) => item)).toEqual([]);
    expect(await mapInOrder([5, 6], 10, async (item) => { seen.push(item); return item * 2; })).toEqual([10, 12]);
    expect(seen.sort()).toEqual([5, 6]);
  });
});
