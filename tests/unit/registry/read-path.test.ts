// The read path's choices, one by one, with stand-in databases (the real streaming replica is in
// tests/integration/registry/read-replica.test.ts): replicas taken in turn, a miss asked of the primary, a failing
// replica resting for retryMs, a replica's miss answered as-is only when the primary is unavailable.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { createReadPath } from '../../../api/registry/read-path.ts';

const primary = { name: 'primary' } as unknown as Db;
const r1 = { name: 'r1' } as unknown as Db;
const r2 = { name: 'r2' } as unknown as Db;
const nameOf = (db: Db) => (db as unknown as { name: string }).name;
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('the read path', () => {
  it('takes the replicas in turn and never the primary while they find what is asked', async () => {
    const path = createReadPath(primary, [r1, r2]);
    const asked: string[] = [];
    for (let i = 0; i < 4; i += 1) await path.read(async (db) => asked.push(nameOf(db)), () => true);
    expect(asked).toEqual(['r1', 'r2', 'r1', 'r2']);
    expect(path.counters).toMatchObject({ replica: 4, primary: 0, missFallbacks: 0 });
  });

  it('asks the primary again on a miss and answers what the primary found', async () => {
    const path = createReadPath(primary, [r1]);
    const answer = await path.read(async (db) => (db === primary ? 'row' : null), (found) => found !== null);
    expect(answer).toBe('row');
    expect(path.counters.missFallbacks).toBe(1);
  });

  it('rests a failing replica for retryMs: one failed attempt, then the primary, then the replica again', async () => {
    let now = 1_000;
    const path = createReadPath(primary, [r1], { retryMs: 500, now: () => now });
    const asked: string[] = [];
    const query = async (db: Db) => {
      asked.push(nameOf(db));
      if (db === r1 && now < 1_400) throw refused();
      return 'row';
    };
    expect(await path.read(query, () => true)).toBe('row');
    expect(await path.read(query, () => true)).toBe('row');
    now = 1_499;
    expect(await path.read(query, () => true)).toBe('row');
    now = 1_500;
    expect(await path.read(query, () => true)).toBe('row');
    expect(asked).toEqual(['r1', 'primary', 'primary', 'primary', 'r1']);
    expect(path.counters).toMatchObject({ errorFallbacks: 1, primary: 2, replica: 1 });
  });

  it('answers the replica\'s miss when the primary is unavailable, but lets any other primary error through', async () => {
    const path = createReadPath(primary, [r1]);
    const away = await path.read(async (db) => {
      if (db === primary) throw refused();
      return null;
    }, (found) => found !== null);
    expect(away).toBeNull();
    expect(path.counters.primaryAway).toBe(1);
    const bug = new Error('column "nope" does not exist');
    await expect(path.read(async (db) => {
      if (db === primary) throw bug;
      return null;
    }, (found) => found !== null)).rejects.toBe(bug);
  });

  it('with no replica, every read is the primary\'s, misses included', async () => {
    const path = createReadPath(primary, []);
    expect(await path.read(async (db) => nameOf(db), () => false)).toBe('primary');
    expect(path.counters).toMatchObject({ primary: 1, missFallbacks: 0 });
  });
});
