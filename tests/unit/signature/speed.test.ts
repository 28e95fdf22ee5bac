// How long one verification of a ~20 KB record with two signatures takes (the registry needs ~1,000/s on 2 cores).
import { beforeAll, describe, expect, it } from 'vitest';
import { readEnvelope } from '../../../api/record/envelope.ts';
import { verifySignatures } from '../../../api/signature/index.ts';
import { parseXml } from '../../../api/xml/index.ts';
import { makePki, signAs } from './support/check.ts';
import { sampleRecord } from './support/sample.ts';

let xml: string;

beforeAll(async () => {
  const pki = await makePki();
  xml = await signAs(sampleRecord({ kilobytes: 20 }), pki.entities['school-a']!, 'CoSoGiaoDuc');
  xml = await signAs(xml, pki.entities['principal-b']!, 'HieuTruong');
});

/** Best of several rounds: the machine is shared, the best round is the closest to the code's own cost. */
async function msPerRun(run: () => Promise<unknown> | unknown, rounds = 5, perRound = 100): Promise<number> {
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (let i = 0; i < perRound; i++) await run();
    best = Math.min(best, (performance.now() - started) / perRound);
  }
  return best;
}

describe('verifySignatures speed', () => {
  it('verifies a ~20 KB record with two signatures in a few milliseconds', async () => {
    const { document } = parseXml(xml);
    const envelope = readEnvelope(document).envelope!;
    const checks = await verifySignatures(document, envelope);
    expect(checks.map((c) => c.integrity)).toEqual(['intact', 'intact']);
    const signatures = await msPerRun(() => verifySignatures(document, envelope));
    const parse = await msPerRun(() => readEnvelope(parseXml(xml).document));
    console.log(`record ${Buffer.byteLength(xml)} bytes: verifySignatures ${signatures.toFixed(2)} ms, parseXml+readEnvelope ${parse.toFixed(2)} ms`);
    expect(signatures).toBeLessThan(10);
  });
});
