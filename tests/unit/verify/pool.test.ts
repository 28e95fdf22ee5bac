// The verifier pool with the real engine (issue 11): a document that costs more than its budget gets an honest,
// coded report (`input_too_costly`, indeterminate), alone; the worker is replaced and the next record is verified.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, createVerifierPool, type Report, type VerifierPool } from '../../../api/index.ts';
import { makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';

let fx: Fixtures;
beforeAll(async () => {
  fx = await makeFixtures();
});

let pools: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  pools = [];
});

function codes(report: Report): string[] {
  return [...report.issues, ...report.signatures.flatMap((signature) => signature.issues)].map((found) => found.code);
}

/**
 * Deliberately costly yet within every parser cap: 1.8 MB and 32,000 nodes take tens of milliseconds to parse
 * even in a warm thread, so a deadline of a few milliseconds is always past (no race with a clock).
 */
function costlyXml(): Buffer {
  const item = `<a>${'x'.repeat(110)}</a>`;
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><HocBaSo>${item.repeat(16_000)}</HocBaSo>`);
}

function open(options: Partial<Parameters<typeof createVerifierPool>[0]> = {}): VerifierPool {
  const pool = createVerifierPool({ trust: fx.trustMaterial, size: 2, ...options });
  pools.push(pool);
  return pool;
}

describe('verifier pool budgets', () => {
  it('answers input_too_costly for a job past its deadline, alone, and verifies the next record on a full pool', async () => {
    const pool = open();
    const valid = Buffer.from(await fx.signed(SCHOOLS.b, 11));
    const costly = costlyXml();
    const [stopped, alongside] = await Promise.all([
      pool.verify({ kind: 'xml', payload: costly, now: fx.now, lane: 'school', deadlineMs: 5 }),
      pool.verify({ kind: 'xml', payload: valid, now: fx.now, lane: 'school' }),
    ]);
    expect(stopped.verdict).toBe('indeterminate');
    expect(stopped.issues).toEqual([{ code: 'input_too_costly', severity: 'indeterminate', params: { limit: '5 ms' } }]);
    expect(stopped.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(codes(alongside)).toEqual([]);
    expect(alongside.verdict).toBe('valid');

    const next = await pool.verify({ kind: 'xml', payload: valid, now: fx.now, lane: 'school' });
    expect(next.verdict).toBe('valid');
    expect(pool.stats()).toMatchObject({ workers: 2, overBudget: 1, replaced: 1 });
  });

  it('answers the report alone, for every kind: no job copies its document back to the main thread (issue 14)', async () => {
    const pool = open();
    const xml = Buffer.from(await fx.signed(SCHOOLS.a, 13));
    const answers = await Promise.all([
      pool.verify({ kind: 'xml', payload: xml, now: fx.now, lane: 'school' }),
      pool.verify({ kind: 'input', payload: xml, now: fx.now }),
      pool.verify({ kind: 'package', payload: await fx.packaged(SCHOOLS.a, 13), now: fx.now, lane: 'school' }),
    ]);
    // The engine's Report has no bytes in it; a worker's answer used to be { report, xml } with the XML copied.
    for (const answer of answers) expect(Object.keys(answer).sort()).toEqual(Object.keys(answers[0]!).sort());
    expect(answers.map((answer) => [answer.verdict, 'xml' in answer])).toEqual([['valid', false], ['valid', false], ['valid', false]]);
  });

  it('takes its deadline as an option of the pool', async () => {
    const pool = open({ size: 1, deadlineMs: 5 });
    const report = await pool.verify({ kind: 'input', payload: costlyXml(), now: fx.now });
    expect(codes(report)).toEqual(['input_too_costly']);
    expect(report.issues[0]!.params).toEqual({ limit: '5 ms' });
    expect(pool.stats()).toMatchObject({ workers: 1, overBudget: 1, replaced: 1 });
  });

  it('gives a push the same coded answer through createVerifier, so ingest rejects it', async () => {
    const verifier = createVerifier({ workers: 1, budget: { deadlineMs: 5 } });
    pools.push(verifier);
    const report = await verifier.verify(costlyXml(), { now: fx.now, trust: fx.trustMaterial });
    expect(report.verdict).toBe('indeterminate');
    expect(codes(report)).toEqual(['input_too_costly']);
  });

  it('bounds a client\'s uploads in flight through createVerifier (uploads_in_flight)', async () => {
    const verifier = createVerifier({ workers: 1, budget: { maxPerClient: 1 } });
    pools.push(verifier);
    const context = { now: fx.now, trust: fx.trustMaterial, client: 'address-hash-1' };
    const first = verifier.verifyInput(Buffer.from(await fx.signed(SCHOOLS.a, 12)), context);
    await expect(verifier.verifyInput(Buffer.from('second'), context)).rejects.toMatchObject({ code: 'uploads_in_flight' });
    expect((await first).verdict).toBe('valid');
    expect((await verifier.verifyInput(Buffer.from(await fx.signed(SCHOOLS.a, 13)), context)).verdict).toBe('valid');
  });
});
