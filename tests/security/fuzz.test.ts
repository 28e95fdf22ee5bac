// Property-based fuzzing, short run (a few seconds in `npm test`; `npm run fuzz -- --runs N` is the long one):
// random mutations of valid packages never crash the engine or the ingest route, never answer 5xx, always end
// in a coded result, and nothing but the signed content is ever shown as valid. The seed is printed on failure;
// HOCBA_FUZZ_SEED=<seed> replays a run.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { bodyOf, mutantOf } from './fuzz/mutations.ts';
import { checkEngine, checkIngest, loadFuzzContext, type FuzzContext } from './fuzz/properties.ts';
import { loadCorpus } from './support/corpus.ts';
import { openCorpusRegistry, type CorpusRegistry } from './support/registry.ts';

const seed = process.env.HOCBA_FUZZ_SEED ? Number(process.env.HOCBA_FUZZ_SEED) : Date.now() % 2_147_483_647;
const runs = (fallback: number) => Number(process.env.HOCBA_FUZZ_RUNS ?? fallback);

describe('fuzzing (fast-check)', () => {
  const corpus = loadCorpus();
  let ctx: FuzzContext;
  let database: Database;
  let opened: CorpusRegistry;
  beforeAll(async () => {
    ctx = await loadFuzzContext(corpus);
    database = await openDatabase();
    opened = await openCorpusRegistry(database, corpus.kit, corpus.manifest.approvals);
  });
  afterAll(async () => {
    await opened?.close();
    await database?.close();
  });

  it('codec → xml → verify: mutated packages always end in a coded report, and valid only as signed', async () => {
    await fc.assert(fc.asyncProperty(mutantOf(ctx.seeds), async (mutant) => void await checkEngine(ctx, mutant)), { numRuns: runs(150), seed });
  });

  it('POST /api/v1/packages: hostile bodies never crash it, never get a 5xx, always get codes', async () => {
    await fc.assert(fc.asyncProperty(bodyOf(ctx.seeds), async (request) => void await checkIngest(ctx, opened, request)), { numRuns: runs(40), seed });
  });

  it('the properties can fail: a report with a code outside the catalogue or a 5xx is caught', async () => {
    const { assertCoded } = await import('./fuzz/properties.ts');
    const report = { verdict: 'valid', issues: [{ code: 'made_up', severity: 'error' }], signatures: [] } as never;
    let caught = '';
    try {
      assertCoded(report);
    } catch (error) {
      caught = (error as Error).message;
    }
    if (!caught.startsWith('issue code outside the catalogue')) throw new Error(`assertCoded let a made-up code through: ${caught}`);
  });
});
