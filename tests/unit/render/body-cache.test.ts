// The kept bodies of copies (issue 15 "Speed"): painted once per key, bounded, a failed paint not kept.
import { describe, expect, it } from 'vitest';
import { bodyKey, createBodyCache, type RenderedBody } from '../../../api/render/index.ts';

const body = (size: number): RenderedBody => ({ painted: { bytes: new Uint8Array(size) } as RenderedBody['painted'], lookupCode: 'x', recordUrl: 'u', copyBaseline: 0 });

describe('the body cache', () => {
  it('paints a key once, also for concurrent misses, and counts hits', async () => {
    const cache = createBodyCache();
    let paints = 0;
    const paint = async () => { paints += 1; return body(10); };
    const [a, b] = await Promise.all([cache.get('k', paint), cache.get('k', paint)]);
    await cache.get('k', paint);
    expect(paints).toBe(1);
    expect(a).toBe(b);
    expect(cache.stats).toEqual({ hits: 2, misses: 1 });
  });

  it('drops the least recently used body past its entry and byte bounds', async () => {
    const cache = createBodyCache({ maxEntries: 2, maxBytes: 100 });
    let paints = 0;
    const paint = (size: number) => async () => { paints += 1; return body(size); };
    await cache.get('a', paint(10));
    await cache.get('b', paint(10));
    await cache.get('a', paint(10)); // a is now the most recent
    await cache.get('c', paint(10)); // b goes
    expect(paints).toBe(3);
    await cache.get('a', paint(10));
    expect(paints).toBe(3);
    await cache.get('b', paint(10));
    expect(paints).toBe(4);
    await cache.get('big', paint(95)); // over the bytes: everything older goes
    await cache.get('a', paint(10));
    expect(paints).toBe(6);
  });

  it('keeps no failed paint', async () => {
    const cache = createBodyCache();
    await expect(cache.get('k', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await cache.get('k', async () => body(1))).toBeDefined();
    expect(cache.stats.misses).toBe(2);
  });

  it('keys a body by record, state, successor, origin and render version', () => {
    const base = { lookupCode: 'c', status: 'valid', replacedBy: null, recordUrl: 'https://a/tra-cuu/c' };
    const keys = new Set([
      bodyKey(base), bodyKey({ ...base, status: 'replaced', replacedBy: 'd' }), bodyKey({ ...base, recordUrl: 'https://b/tra-cuu/c' }), bodyKey({ ...base, lookupCode: 'e' }),
    ]);
    expect(keys.size).toBe(4);
  });
});
