// Issue 11: a school's 31 MB batch cost 3 s of main-thread CPU (the body decoded and parsed in one block, every
// package inflated on the event loop, and 500 refused bombs inflating 2 MB each outside the batch's budget). Here,
// through the real app on a registry whose verification workers decode: the body is read in steps that yield,
// the event loop inflates nothing, and a refused bomb is charged to the batch budget. Counted, never timed.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../api/http/app.ts';
import { JSON_STEP_BYTES, type JsonStreamWork } from '../../../api/http/json-stream.ts';
import { decodePackageCounted, inflatedInThisThread } from '../../../api/index.ts';
import type { IngestCounters, PackageResult } from '../../../api/registry/index.ts';
import { wireRegistry, type WiredRegistry } from '../../../api/registry/open.ts';
import { createUploadVerifier } from '../../../api/server/verify-upload.ts';
import type { Database } from '../../../db/client.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { enrolFixtures, makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';
import { bearer } from './setup.ts';

const MiB = 1024 * 1024;
/** 20 MiB of spaces, gzipped: about 20 KB of base64 that the codec refuses as a bomb after inflating its 2 MiB cap. */
const BOMB = gzipSync(Buffer.alloc(20 * MiB, 0x20), { level: 9 }).toString('base64');

const BOMBS = 30;
/** What a socket hands over at a time. */
const CHUNK = 16 * 1024;

/** The body as it arrives from the network: a chunk at a time. */
function arrivingInChunks(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + CHUNK));
      at += CHUNK;
    },
  });
}

let fx: Fixtures;
let genuine: string[];
beforeAll(async () => {
  fx = await makeFixtures();
  genuine = [await fx.packaged(SCHOOLS.a, 7_001), await fx.packaged(SCHOOLS.a, 7_002)];
}, 120_000);

describe.each(databasesUnderTest())('a big school batch on $name', ({ open }) => {
  let database: Database;
  let wired: WiredRegistry;
  let token: string;
  const counters: IngestCounters = { decodedAlive: 0, peakDecodedAlive: 0, inflatedAlive: 0, peakInflatedAlive: 0 };
  const work: JsonStreamWork = { bytes: 0, yields: 0, largestStep: 0 };
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    database = await open();
    // One verification worker decodes and verifies, as in a server; a batch may inflate 8 MiB (four bombs).
    wired = wireRegistry(database, { workers: 1, clock: () => fx.now, counters, ingest: { batchInflatedBytes: 8 * MiB } });
    token = (await enrolFixtures(wired.registry, fx, [SCHOOLS.a])).get(SCHOOLS.a.code)!;
    const uploads = createUploadVerifier({ registry: wired.registry, workers: 0 });
    app = createApp({ registry: wired.registry, verifyUpload: uploads.verifyUpload, clock: () => fx.now, pushBodyWork: work });
  }, 120_000);
  afterAll(async () => {
    await wired.close();
    await database.close();
  });

  it('decodes on the worker (nothing inflated on the event loop), reads the body in yielding steps, and charges bombs to the budget', async () => {
    const batch = [genuine[0]!, ...Array<string>(BOMBS).fill(BOMB), genuine[1]!];
    const body = Buffer.from(JSON.stringify({ packages: batch }));
    // Bigger than what may be handled between two turns of the event loop (a step, the chunk that ends it, one string).
    const mostPerStep = 2 * (JSON_STEP_BYTES + CHUNK) + BOMB.length;
    expect(body.length).toBeGreaterThan(mostPerStep);
    const inflatedBefore = inflatedInThisThread();
    const response = await app.request('/api/v1/packages', {
      method: 'POST', body: arrivingInChunks(body), duplex: 'half',
      headers: { ...bearer(token), 'Content-Length': String(body.length) },
    } as RequestInit);
    expect(response.status).toBe(200);
    const { results } = await response.json() as { results: PackageResult[] };
    const codes = results.map((result) => (result.status === 'accepted' ? 'accepted' : result.errors[0]!.code));
    // Four bombs spend the 8 MiB budget (each is charged its 2 MiB cap): the rest, the genuine one included, are refused unread.
    expect(codes).toEqual(['accepted', ...Array(4).fill('package_bomb'), ...Array(BOMBS - 4 + 1).fill('batch_inflated_too_large')]);
    // The event loop inflated nothing: the packages were decoded on the verification worker.
    expect(inflatedInThisThread() - inflatedBefore).toBe(0);
    // The counter counts: a package decoded here, in this thread, shows up in it.
    expect(decodePackageCounted(BOMB).inflatedBytes).toBe(2 * MiB);
    expect(inflatedInThisThread() - inflatedBefore).toBe(2 * MiB);
    // The body was read in steps with a turn of the event loop between them, never as one block.
    expect(work.bytes).toBe(body.length);
    expect(work.yields).toBeGreaterThanOrEqual(Math.floor(body.length / mostPerStep));
    expect(work.largestStep).toBeLessThanOrEqual(mostPerStep);
    expect(counters).toMatchObject({ decodedAlive: 0, inflatedAlive: 0 });
  });

  it('costs one job on the workers per package: decoded and verified together, the XML sent back once (issue 14)', async () => {
    const batch = [await fx.packaged(SCHOOLS.a, 7_003), await fx.packaged(SCHOOLS.a, 7_004), await fx.packaged(SCHOOLS.a, 7_005)];
    // The batch before this one may still have jobs it asked for ahead and never needed (bombs past its budget).
    await vi.waitFor(() => expect(wired.verifier.stats()).toMatchObject({ running: { school: 0 }, queued: { school: 0 } }));
    const before = wired.verifier.stats()!.posted;
    const response = await app.request('/api/v1/packages', {
      method: 'POST', body: JSON.stringify({ packages: [...batch, 'not a package!'] }), headers: { ...bearer(token), 'Content-Type': 'application/json' },
    });
    const { results } = await response.json() as { results: PackageResult[] };
    expect(results.map((result) => (result.status === 'accepted' ? 'accepted' : result.errors[0]!.code)))
      .toEqual(['accepted', 'accepted', 'accepted', 'package_not_base64']);
    // Before: a decode job and then a verification job for each package that decoded (7 here).
    expect(wired.verifier.stats()!.posted - before).toBe(4);
  });

  it('keeps the answers of a malformed, wrongly shaped or wrongly typed body, and of a body over the cap', async () => {
    const malformed = await app.request('/api/v1/packages', { method: 'POST', body: '{"packages":["a",', headers: bearer(token) });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'invalid_request', path: 'body' });
    const wrongType = await app.request('/api/v1/packages', { method: 'POST', body: '{"packages":["a",7]}', headers: bearer(token) });
    expect(await wrongType.json()).toMatchObject({ code: 'invalid_request', path: 'packages.1' });
    // A JSON body declared as text/plain (a cross-site form needs no preflight) is still refused unread.
    const plain = await app.request('/api/v1/packages', { method: 'POST', body: '{"package":"a"}', headers: { ...bearer(token), 'Content-Type': 'text/plain' } });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toMatchObject({ code: 'unsupported_media_type' });
    const small = createApp({ registry: wired.registry, verifyUpload: async () => { throw new Error('unused'); }, limits: { pushBodyBytes: 1024 } });
    // Chunked (no Content-Length): the cap is applied while the body streams in.
    const stream = new Blob([JSON.stringify({ packages: [BOMB] })]).stream();
    const over = await small.request('/api/v1/packages', { method: 'POST', body: stream, headers: bearer(token), duplex: 'half' } as RequestInit);
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ code: 'body_too_large' });
  });
});
