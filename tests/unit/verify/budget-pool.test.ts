// The budget pool (issue 11): a job past its deadline or memory cap ends alone with a coded outcome, its worker is
// replaced, the pool keeps its size; public jobs never take the last worker from schools; clients are bounded.
import { afterEach, describe, expect, it } from 'vitest';
import { createBudgetPool, type BudgetPool, type BudgetPoolOptions, type Lane } from '../../../api/verify/budget-pool.ts';
import { HocbaError } from '../../../api/index.ts';

const script = new URL('./support/budget-worker.ts', import.meta.url);
let pools: BudgetPool<unknown>[] = [];

function pool(options: Partial<BudgetPoolOptions> = {}): BudgetPool<unknown> {
  const created = createBudgetPool<unknown>({ script, size: 2, deadlineMs: 60_000, memoryMb: 64, maxPerClient: 2, maxPublicQueue: 100, ...options });
  pools.push(created);
  return created;
}

/** A gate the test opens: the worker holding it stays busy until then. */
function gate() {
  const buffer = new SharedArrayBuffer(4);
  return { buffer, open: () => { Atomics.store(new Int32Array(buffer), 0, 1); Atomics.notify(new Int32Array(buffer), 0); } };
}

const echo = (value: unknown) => () => ({ op: 'echo', value });
const hold = (buffer: SharedArrayBuffer, value: unknown) => () => ({ op: 'hold', gate: buffer, value });
const op = (name: string) => () => ({ op: name });
const school: { lane: Lane } = { lane: 'school' };
const publicLane: { lane: Lane } = { lane: 'public' };

afterEach(async () => {
  await Promise.all(pools.map((each) => each.close()));
  pools = [];
});

describe('budget pool: a job past its budget', () => {
  it('ends past its deadline with over_budget, alone; its worker is replaced and the next job succeeds', async () => {
    const tested = pool();
    const held = gate();
    const other = tested.run(hold(held.buffer, 'other job'), school);
    const spun = await tested.run(op('spin'), { lane: 'school', deadlineMs: 50 });
    expect(spun).toEqual({ kind: 'over_budget', budget: 'deadline', limit: '50 ms' });
    held.open();
    expect(await other).toEqual({ kind: 'done', result: 'other job' });
    expect(await tested.run(echo('next'), school)).toEqual({ kind: 'done', result: 'next' });
    expect(tested.stats()).toMatchObject({ workers: 2, overBudget: 1, replaced: 1, running: { school: 0, public: 0 } });
  });

  it('ends past the memory cap with over_budget, alone; its worker is replaced and the next job succeeds', async () => {
    const tested = pool({ memoryMb: 32 });
    const held = gate();
    const other = tested.run(hold(held.buffer, 'other job'), school);
    expect(await tested.run(op('hog'), publicLane)).toEqual({ kind: 'over_budget', budget: 'memory', limit: '32 MiB' });
    held.open();
    expect(await other).toEqual({ kind: 'done', result: 'other job' });
    expect(await tested.run(echo('next'), publicLane)).toEqual({ kind: 'done', result: 'next' });
    expect(tested.stats()).toMatchObject({ workers: 2, overBudget: 1, replaced: 1 });
  });

  it('takes a per-job deadline tighter than the pool\'s, never a looser one', async () => {
    const tested = pool({ size: 1, deadlineMs: 60_000 });
    expect(await tested.run(op('spin'), { lane: 'school', deadlineMs: 20 })).toEqual({ kind: 'over_budget', budget: 'deadline', limit: '20 ms' });
    const capped = pool({ size: 1, deadlineMs: 30 });
    expect(await capped.run(op('spin'), { lane: 'school', deadlineMs: 600_000 })).toEqual({ kind: 'over_budget', budget: 'deadline', limit: '30 ms' });
  });

  it('fails only the job of a worker that crashed (a bug), and replaces that worker', async () => {
    const tested = pool();
    const held = gate();
    const other = tested.run(hold(held.buffer, 'other job'), school);
    await expect(tested.run(op('crash'), school)).rejects.toThrow('a bug in the worker');
    await expect(tested.run(op('fail'), school)).rejects.toThrow('reported failure');
    held.open();
    expect(await other).toEqual({ kind: 'done', result: 'other job' });
    expect(await tested.run(echo('next'), school)).toEqual({ kind: 'done', result: 'next' });
    expect(tested.stats()).toMatchObject({ workers: 2, overBudget: 0, replaced: 1 });
  });
});

describe('budget pool: replacing workers', () => {
  it('keeps replacing workers however many jobs kill theirs (hostile inputs cannot switch the pool off)', async () => {
    const tested = pool({ size: 1, memoryMb: 32 });
    for (let i = 0; i < 12; i++) {
      expect((await tested.run(op(i % 2 ? 'hog' : 'spin'), { lane: 'public', deadlineMs: 200 })).kind).toBe('over_budget');
    }
    expect(await tested.run(echo('still here'), school)).toEqual({ kind: 'done', result: 'still here' });
    expect(tested.stats()).toMatchObject({ workers: 1, overBudget: 12, replaced: 12 });
  });
});

describe('budget pool: starting', () => {
  it('whenReady resolves once every worker has loaded its script, before any job ran (issue 14: a server warms up first)', async () => {
    const tested = pool({ size: 2 });
    expect(tested.stats()).toMatchObject({ workers: 2, ready: 0 });
    await tested.whenReady();
    expect(tested.stats()).toMatchObject({ workers: 2, ready: 2, running: { school: 0, public: 0 } });
    expect(await tested.run(echo('first'), school)).toEqual({ kind: 'done', result: 'first' });
  });
});

describe('budget pool: workers that cannot start', () => {
  it('gives up with an error after 5 × size failed starts instead of respawning forever', async () => {
    const tested = pool({ size: 1, script: new URL('./support/unstartable-worker.ts', import.meta.url) });
    const ready = tested.whenReady();
    await expect(tested.run(echo('never'), school)).rejects.toThrow(/keep stopping before they are ready/);
    // Waiting for readiness ends too (a server then fails on its first job, with this error, rather than hanging).
    await ready;
    expect(tested.stats()).toMatchObject({ workers: 0, ready: 0, replaced: 4 });
    await expect(tested.run(echo('still never'), school)).rejects.toThrow(/keep stopping before they are ready/);
  });
});

describe('budget pool: lanes', () => {
  it('keeps one worker for schools while the public holds the others', async () => {
    const tested = pool({ size: 2 });
    const held = gate();
    const uploads = [tested.run(hold(held.buffer, 'u1'), publicLane), tested.run(hold(held.buffer, 'u2'), publicLane)];
    // Both uploads are held; the push still gets the second worker (it would wait forever if the public had it).
    expect(await tested.run(echo('push'), school)).toEqual({ kind: 'done', result: 'push' });
    expect(tested.stats()).toMatchObject({ running: { school: 0, public: 1 }, queued: { school: 0, public: 1 } });
    held.open();
    expect((await Promise.all(uploads)).map((outcome) => outcome.kind)).toEqual(['done', 'done']);
  });

  it('serves queued school jobs before queued public jobs', async () => {
    const tested = pool({ size: 1 });
    const held = gate();
    const order: string[] = [];
    const first = tested.run(hold(held.buffer, 'first'), publicLane);
    const upload = tested.run(echo('upload'), publicLane).then(() => order.push('upload'));
    const push = tested.run(echo('push'), school).then(() => order.push('push'));
    held.open();
    await Promise.all([first, upload, push]);
    expect(order).toEqual(['push', 'upload']);
  });

  it('refuses a client\'s public job beyond its bound in flight (uploads_in_flight), others and schools not', async () => {
    const tested = pool({ size: 2, maxPerClient: 2 });
    const held = gate();
    const mine = [tested.run(hold(held.buffer, 1), { lane: 'public', client: 'c1' }), tested.run(hold(held.buffer, 2), { lane: 'public', client: 'c1' })];
    const refused = await tested.run(echo(3), { lane: 'public', client: 'c1' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HocbaError);
    expect(refused).toMatchObject({ code: 'uploads_in_flight', params: { limit: 2 } });
    const theirs = tested.run(echo('theirs'), { lane: 'public', client: 'c2' });
    expect(await tested.run(echo('push'), { lane: 'school', client: 'c1' })).toEqual({ kind: 'done', result: 'push' });
    held.open();
    await Promise.all([...mine, theirs]);
    expect(await tested.run(echo('again'), { lane: 'public', client: 'c1' })).toEqual({ kind: 'done', result: 'again' });
  });

  it('refuses a public job when the public queue is full (verification_busy)', async () => {
    const tested = pool({ size: 1, maxPublicQueue: 1 });
    const held = gate();
    const running = tested.run(hold(held.buffer, 'running'), publicLane);
    await expect.poll(() => tested.stats().running.public).toBe(1);
    const queued = tested.run(echo('queued'), publicLane);
    await expect(tested.run(echo('refused'), publicLane)).rejects.toMatchObject({ code: 'verification_busy' });
    held.open();
    await Promise.all([running, queued]);
  });
});
