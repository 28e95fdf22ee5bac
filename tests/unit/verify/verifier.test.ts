// createVerifier (api/verify/verifier.ts) on its own, with the real engine: in this thread (workers: 0, the CLI and
// tests) and on a worker thread (the server) it gives the same report and, for a batch's package, the same XML, and a change of
// trust material between two calls takes effect in both modes: the prepared-trust cache and the pool's setTrust
// are keyed by the material's content, so a stale key would verify against the old trust list.
import { createHash } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, encodePackage, type Report, type TrustMaterial, type Verifier } from '../../../api/index.ts';
import { makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';

let fx: Fixtures;
beforeAll(async () => {
  fx = await makeFixtures();
});

let opened: Verifier[] = [];
afterEach(async () => {
  await Promise.all(opened.map((verifier) => verifier.close()));
  opened = [];
});

function open(workers: number): Verifier {
  const verifier = createVerifier({ workers });
  opened.push(verifier);
  return verifier;
}

function codes(report: Report): string[] {
  return [...report.issues, ...report.signatures.flatMap((signature) => signature.issues)].map((found) => found.code);
}

describe('createVerifier', () => {
  it('starts its threads before any trust is known, and the first job still verifies against the trust it brings', async () => {
    const verifier = open(2);
    await verifier.start();
    const signed = Buffer.from(await fx.signed(SCHOOLS.a, 502));
    const report = await verifier.verify(signed, { now: fx.now, trust: fx.trustMaterial });
    expect([report.verdict, codes(report)]).toEqual(['valid', []]);
    // Without the school's CA the same record is refused: the threads did not keep the empty trust they started with.
    const without = { ...fx.trustMaterial, anchors: [], intermediates: [] };
    expect((await verifier.verify(signed, { now: fx.now, trust: without })).verdict).not.toBe('valid');
    await expect(open(0).start()).resolves.toBeUndefined();
  });

  it('gives the same report in this thread as on a worker, for a valid record and a tampered one', async () => {
    const signed = await fx.signed(SCHOOLS.a, 501);
    const tampered = signed.replace(/<HoTen>[^<]+<\/HoTen>/, '<HoTen>Nguyễn Văn Giả</HoTen>');
    const context = { now: fx.now, trust: fx.trustMaterial };
    const [inThread, onWorker] = [open(0), open(1)];
    for (const xml of [signed, tampered]) {
      const bytes = Buffer.from(xml);
      const here = await inThread.verify(bytes, context);
      expect(await onWorker.verify(bytes, context)).toEqual(here);
      expect(await onWorker.verifyInput(bytes, context)).toEqual(here);
    }
    expect((await inThread.verify(Buffer.from(signed), context)).verdict).toBe('valid');
    expect(codes(await inThread.verify(Buffer.from(tampered), context))).toEqual(['digest_mismatch', 'digest_mismatch']);
  });

  for (const workers of [0, 1]) {
    it(`follows a change of trust material between calls (${workers === 0 ? 'in this thread' : 'on a worker'}), and back`, async () => {
      const verifier = open(workers);
      const xml = Buffer.from(await fx.signed(SCHOOLS.a, 502));
      const noAnchor: TrustMaterial = { ...fx.trustMaterial, anchors: [] };
      const verdicts: string[] = [];
      for (const trust of [fx.trustMaterial, noAnchor, fx.trustMaterial]) {
        const report = await verifier.verify(xml, { now: fx.now, trust });
        verdicts.push(`${report.verdict}:${codes(report).join(',')}`);
      }
      // Both signatures' chains end at a root that is no longer an anchor, then trusted again.
      expect(verdicts).toEqual(['valid:', 'invalid:cert_untrusted,cert_untrusted', 'valid:']);
    });
  }

  it('checks a package of a batch (decoded and verified in one job) to the same XML and report in this thread as on a worker', async () => {
    const signed = await fx.signed(SCHOOLS.a, 503);
    const text = encodePackage(signed);
    const context = { now: fx.now, trust: fx.trustMaterial };
    const [here, there] = [await open(0).check(text, context), await open(1).check(text, context)];
    // A worker hands back a Uint8Array where this thread has a Buffer: the bytes are compared, not the classes.
    const plain = (checked: typeof here) => ({ ...checked, xml: Buffer.from(checked.xml!).toString('utf8') });
    expect(plain(here)).toMatchObject({ xml: signed, issue: null, inflatedBytes: Buffer.byteLength(signed) });
    expect([here.report?.verdict, codes(here.report!)]).toEqual(['valid', []]);
    expect(plain(there)).toEqual(plain(here));
    // Whatever the engine was asked about the same XML on its own, it answers in the one job.
    expect(here.report).toEqual(await open(0).verify(Buffer.from(signed), context));
  });

  it('checks a package that does not decode to its coded refusal, with the digest of the text, on a worker as in this thread', async () => {
    const text = 'not a package!';
    const [here, there] = [await open(0).check(text, { now: fx.now, trust: fx.trustMaterial }), await open(1).check(text, { now: fx.now, trust: fx.trustMaterial })];
    expect(here).toMatchObject({ xml: null, report: null, digest: createHash('sha256').update(text).digest('hex') });
    // 'not a package!': whitespace is dropped first, and '!' (position 11 of 'notapackage!') is what base64 cannot hold.
    expect(here.issue).toEqual({ code: 'package_not_base64', severity: 'error', params: { position: 11 } });
    expect(there).toEqual(here);
  });
});
