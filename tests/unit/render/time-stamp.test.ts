// B-T (issue 15): `--tsa URL` time-stamps the seal's signature (RFC 3161, unsigned attribute signature-time-stamp).
// The authority is the test's own: `openssl ts -reply` behind a tiny node HTTP handler, on a port of its own.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../api/pki/index.ts';
import { renderRecordPdf, type Sealer } from '../../../api/render/index.ts';
import { readCopyFacts } from '../../../api/render/pdf-facts.ts';
import { sealFromPem } from '../../../api/render/seal/seal-key.ts';
import { httpTimeStamper } from '../../../api/render/seal/tsa.ts';
import { rejectionCode } from '../../helpers/error-codes.ts';
import { inputFor, nssTrusting, opensslCmsVerify, pdfsig, sampleRecord, signedParts } from './tools.ts';

let dir: string;
let pki: TestPki;
let nss: string;
let key: Sealer['key'];
let server: Server;
let url: string;
let replies = 0;
let mode: 'ok' | 'error' | 'garbage' = 'ok';

/** A time-stamp authority certificate (critical timeStamping EKU) and openssl's `ts` configuration for it. */
function makeAuthority(folder: string): string {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(folder, 'tsa.key'), '-out', join(folder, 'tsa.pem'),
    '-days', '30', '-subj', '/C=VN/O=TSA Thử nghiệm/CN=Test Time-Stamp Authority', '-addext', 'extendedKeyUsage=critical,timeStamping',
    '-addext', 'keyUsage=critical,digitalSignature'], { stdio: 'ignore' });
  writeFileSync(join(folder, 'serial'), '01\n');
  const config = join(folder, 'tsa.cnf');
  writeFileSync(config, `[ tsa ]\ndefault_tsa = tsa_config\n[ tsa_config ]\nserial = ${join(folder, 'serial')}\ncrypto_device = builtin\n`
    + `signer_cert = ${join(folder, 'tsa.pem')}\nsigner_key = ${join(folder, 'tsa.key')}\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\n`
    + 'digests = sha256\naccuracy = secs:1\nordering = no\ntsa_name = no\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n');
  return config;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hocba-tsa-'));
  pki = await createTestPki({ outDir: join(dir, 'pki') });
  nss = nssTrusting(pki.entities.root!.certPem, dir);
  const entity = pki.entities['registry-seal']!;
  key = sealFromPem({ keyPem: entity.keyPem, certPem: entity.certPem, chainPem: entity.chainPem });
  const config = makeAuthority(dir);
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      replies += 1;
      if (mode === 'error') { response.writeHead(500).end(); return; }
      if (mode === 'garbage') { response.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(Buffer.from('30030201ff', 'hex')); return; }
      const query = join(dir, `q${replies}.tsq`);
      const reply = join(dir, `r${replies}.tsr`);
      writeFileSync(query, Buffer.concat(chunks));
      execFileSync('openssl', ['ts', '-reply', '-config', config, '-section', 'tsa_config', '-queryfile', query, '-out', reply], { stdio: 'ignore' });
      response.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(readFileSync(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('a copy sealed with a time-stamp authority configured (PAdES B-T)', () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    mode = 'ok';
    bytes = await renderRecordPdf({ ...inputFor(sampleRecord('THPT', 11)), seal: { key, timeStamp: httpTimeStamper(url) } });
  });

  it('asked the authority once and still opens in pdfsig as a valid ETSI.CAdES.detached seal over the whole file', () => {
    expect(replies).toBe(1);
    const report = pdfsig(bytes, nss);
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Total document signed');
  });

  it('carries the token as the unsigned attribute signature-time-stamp, and openssl cms still verifies the seal', () => {
    const { cms, signed } = signedParts(bytes);
    const verified = opensslCmsVerify(cms, signed, pki.entities.root!.certPem);
    expect(verified.ok).toBe(true);
    expect(verified.printed).toMatch(/unsignedAttrs:[\s\S]*(id-smime-aa-timeStampToken|1\.2\.840\.113549\.1\.9\.16\.2\.14)/);
  });

  it('is read back by the upload check with the time-stamp time (the token covers this signature)', () => {
    const facts = readCopyFacts(bytes);
    expect(facts.seal.kind).toBe('signed');
    const at = facts.seal.kind === 'signed' ? facts.seal.timeStampedAt : null;
    expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Number.isNaN(Date.parse(at!))).toBe(false);
  });
});

describe('a time-stamp authority that fails', () => {
  it('issues no sealed copy (time_stamp_unavailable) when it answers an error or a reply that is not a time-stamp', async () => {
    for (const failing of ['error', 'garbage'] as const) {
      mode = failing;
      const render = renderRecordPdf({ ...inputFor(sampleRecord('TH', 2)), seal: { key, timeStamp: httpTimeStamper(url) } });
      expect(await rejectionCode(render)).toBe('time_stamp_unavailable');
    }
    mode = 'ok';
  });

  it('issues no sealed copy when nothing listens there', async () => {
    const render = renderRecordPdf({ ...inputFor(sampleRecord('TH', 2)), seal: { key, timeStamp: httpTimeStamper('http://127.0.0.1:9/tsa', { timeoutMs: 2000 }) } });
    expect(await rejectionCode(render)).toBe('time_stamp_unavailable');
  });
});
