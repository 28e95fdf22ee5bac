// The front door's one limiter (API routes, failed-auth throttle, portal): fixed windows on an injected clock,
// counted answers only (no wall time), and a bounded in-process store.
import { describe, expect, it } from 'vitest';
import { createLimiter, createMemoryStore } from '../../../api/http/limiter.ts';

function clockAt(start: number) {
  const clock = { at: start, now: () => clock.at };
  return clock;
}

describe('createLimiter', () => {
  it('lets `limit` hits through per key and window, then answers limited with the seconds left', async () => {
    const clock = clockAt(1_000_000);
    const limiter = createLimiter({ limit: 3, windowMs: 60_000, now: clock.now });
    const verdicts = [];
    for (let i = 0; i < 5; i++) verdicts.push(await limiter.hit('a'));
    expect(verdicts.map((v) => [v.limited, v.remaining])).toEqual([[false, 2], [false, 1], [false, 0], [true, 0], [true, 0]]);
    expect(verdicts[3]!.retryAfter).toBe(60);
    clock.at += 59_001;
    expect(await limiter.hit('a')).toEqual({ limited: true, remaining: 0, retryAfter: 1 });
    // Another key has its own budget.
    expect((await limiter.hit('b')).limited).toBe(false);
    // The window ends: a fresh budget.
    clock.at += 999;
    expect(await limiter.hit('a')).toEqual({ limited: false, remaining: 2, retryAfter: 60 });
  });

  it('peeks without counting and is limited once `limit` events were counted', async () => {
    const clock = clockAt(0);
    const limiter = createLimiter({ limit: 2, windowMs: 10_000, now: clock.now });
    for (let i = 0; i < 5; i++) expect((await limiter.peek('x')).limited).toBe(false);
    await limiter.hit('x');
    expect((await limiter.peek('x')).limited).toBe(false);
    await limiter.hit('x');
    expect(await limiter.peek('x')).toEqual({ limited: true, remaining: 0, retryAfter: 10 });
  });

  it('starts afresh when the clock steps back before the window (never a Retry-After of hours)', async () => {
    const clock = clockAt(1_000_000);
    const limiter = createLimiter({ limit: 1, windowMs: 60_000, now: clock.now });
    await limiter.hit('a');
    expect((await limiter.hit('a')).limited).toBe(true);
    clock.at -= 3_600_000;
    expect(await limiter.hit('a')).toEqual({ limited: false, remaining: 0, retryAfter: 60 });
  });
});

describe('createMemoryStore', () => {
  it('keeps at most maxKeys windows, dropping the one opened longest ago', async () => {
    const store = createMemoryStore({ maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) await store.add(key, 2, 0, 1000);
    await store.add('d', 1, 1, 1000);
    expect(store.size).toBe(3);
    expect((await store.add('a', 0, 2, 1000)).count).toBe(0);
    expect((await store.add('b', 0, 2, 1000)).count).toBe(2);
    // A read opens nothing.
    await store.add('e', 0, 2, 1000);
    expect(store.size).toBe(3);
  });
});
