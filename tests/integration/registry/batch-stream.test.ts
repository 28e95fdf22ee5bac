// Batches streamed (issue 11): a push batch is decoded, verified and written a slice at a time, so one request
// holds a bounded number of decoded packages whatever its length; a batch's total inflated size is capped.
// Bounds are asserted by counting (decoded packages and inflated bytes alive at once), never by RSS or time.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodePackage, encodePackage } from '../../../api/index.ts';
import type { IngestCounters, IngestLimits, PackageResult } from '../../../api/registry/index.ts';
import type { SetUpOptions } from './setup.ts';
import type { Database } from '../../../db/client.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import type { Fixtures } from '../../helpers/signed-records.ts';
import { recordPackage } from './records.ts';
import { BEFORE_LOCK, makeRegistryFixtures, newLookupCode, SCHOOL_A, setUpRegistry, type Fixture } from './setup.ts';

let pki: Fixtures;
let packages: string[];
let largest: number;
const WINDOW = 2;
const MiB = 1024 * 1024;
/** What a package that is not base64 is refused with. */
const JUNK_CODE = 'package_not_base64';
beforeAll(async () => {
  pki = await makeRegistryFixtures();
  packages = [];
  for (let i = 0; i < 5; i++) packages.push(await recordPackage(pki, { lookupCode: newLookupCode(), schoolCode: SCHOOL_A }));
  largest = Math.max(...packages.map((text) => decodePackage(text).length));
});

function freshCounters(): IngestCounters {
  return { decodedAlive: 0, peakDecodedAlive: 0, inflatedAlive: 0, peakInflatedAlive: 0 };
}

function statuses(results: PackageResult[]): string[] {
  return results.map((result) => (result.status === 'accepted' ? 'accepted' : result.errors.map((error) => error.code).join('+')));
}

describe.each(databasesUnderTest())('streamed batches on $name', ({ open }) => {
  const databases: Database[] = [];
  afterAll(async () => {
    for (const database of databases) await database.close();
  });

  /** A registry on a fresh database with these ingest limits (window 4 unless said otherwise). */
  async function registryWith(limits: Partial<IngestLimits>, options: SetUpOptions = {}): Promise<{ fx: Fixture; counters: IngestCounters }> {
    const database = await open();
    databases.push(database);
    const counters = freshCounters();
    return { fx: await setUpRegistry(database, pki, { ...options, ingest: { window: WINDOW, ...limits }, counters }), counters };
  }

  it('holds at most one window of decoded packages, answers every package in order and lets go of all of them', async () => {
    const { fx, counters } = await registryWith({ sliceBytes: Number.MAX_SAFE_INTEGER });
    const batch = [...packages.slice(0, 4), 'không phải base64', packages[0]!, packages[4]!];
    const results = await fx.registry.submitPackages(SCHOOL_A, batch, BEFORE_LOCK);
    expect(statuses(results)).toEqual([...Array(4).fill('accepted'), JUNK_CODE, 'accepted', 'accepted']);
    // The repeat in a later slice gets the first one's receipt.
    expect(results[5]).toEqual(results[0]);
    expect(counters.peakDecodedAlive).toBe(WINDOW);
    expect(counters.peakInflatedAlive).toBeLessThanOrEqual(WINDOW * largest);
    expect(counters).toMatchObject({ decodedAlive: 0, inflatedAlive: 0 });
  });

  it('ends a slice at its byte budget: the decoded bytes held stay within it and one package more', async () => {
    const { fx, counters } = await registryWith({ window: 100, sliceBytes: largest * 2 });
    const results = await fx.registry.submitPackages(SCHOOL_A, packages.slice(0, 4), BEFORE_LOCK);
    expect(statuses(results)).toEqual(Array(4).fill('accepted'));
    expect(counters.peakInflatedAlive).toBeLessThanOrEqual(largest * 3);
    expect(counters.peakDecodedAlive).toBeGreaterThan(1);
    expect(counters.peakDecodedAlive).toBeLessThanOrEqual(3);
  });

  it('refuses the package that passes the batch inflated-size cap and every one after it, with a code', async () => {
    const cap = Math.floor(largest * 2.5);
    const { fx, counters } = await registryWith({ batchInflatedBytes: cap });
    const results = await fx.registry.submitPackages(SCHOOL_A, packages.slice(0, 4), BEFORE_LOCK);
    expect(statuses(results)).toEqual(['accepted', 'accepted', 'batch_inflated_too_large', 'batch_inflated_too_large']);
    const refused = results[2]!;
    expect(refused.status === 'rejected' && refused.errors[0]!.message).toContain('Gói thứ 3 ');
    // Only the package that crossed the cap was inflated; the ones after it never were.
    expect(counters.peakInflatedAlive).toBeLessThanOrEqual(cap + largest);
    // Pushed again in a later request, the refused packages are judged like any other.
    expect(statuses(await fx.registry.submitPackages(SCHOOL_A, packages.slice(2, 4), BEFORE_LOCK))).toEqual(['accepted', 'accepted']);
  });

  it('charges a package stopped at its verification deadline what it may have inflated, so such a batch stops at its cap too', async () => {
    // One verification thread and a 1 ms deadline: a 1 MB document of 9,000 elements (random text, so it inflates
    // within the ratio cap) cannot be decoded, parsed and checked in time, and every one is stopped.
    const { fx } = await registryWith({ batchInflatedBytes: 4 * MiB, window: 32 }, { workers: 1, verifierBudget: { deadlineMs: 1 } });
    try {
      const costly = Array.from({ length: 10 }, () => encodePackage(`<?xml version="1.0" encoding="UTF-8"?><HocBaSo>${
        Array.from({ length: 9_000 }, () => `<a>${randomBytes(50).toString('hex')}</a>`).join('')}</HocBaSo>`));
      const results = await fx.registry.submitPackages(SCHOOL_A, costly, BEFORE_LOCK);
      // Each stopped package is charged the 2 MiB its text could inflate to: the third passes the 4 MiB cap (and keeps
      // its own refusal, as a bomb does); every later one is refused unread. Before: ten times input_too_costly.
      expect(statuses(results)).toEqual([...Array(3).fill('input_too_costly'), ...Array(7).fill('batch_inflated_too_large')]);
      // Jobs asked for ahead run once asked for; none was asked for once the cap was passed. The packages sent to the
      // thread: the three up to the one that passed the cap, and three more asked for ahead (a look-ahead of 4).
      await vi.waitFor(() => expect(fx.verifier.stats()).toMatchObject({ running: { school: 0 }, queued: { school: 0 } }), { timeout: 30_000 });
      expect(fx.verifier.stats()!.posted).toBe(6);
    } finally {
      await fx.verifier.close();
    }
  });
});
