// PAdES seal on a copy (issue 15), judged by tools that know nothing of this code: poppler's pdfsig with an NSS
// database trusting the test root, and `openssl cms -verify` on the CMS cut out by /ByteRange.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../api/pki/index.ts';
import { renderRecordPdf, type Sealer } from '../../../api/render/index.ts';
import { sealFromPem } from '../../../api/render/seal/seal-key.ts';
import { appendInfoUpdate, inputFor, nssTrusting, opensslCmsVerify, pdfAttachments, pdfInfo, pdfsig, pdfText, sampleRecord, signedParts } from './tools.ts';

let dir: string;
let pki: TestPki;
let nss: string;
const sealers: Record<string, Sealer> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hocba-seal-'));
  pki = await createTestPki({ outDir: join(dir, 'pki') });
  nss = nssTrusting(pki.entities.root!.certPem, dir);
  for (const name of ['registry-seal', 'registry-seal-ec']) {
    const entity = pki.entities[name]!;
    sealers[name] = { key: sealFromPem({ keyPem: entity.keyPem, certPem: entity.certPem, chainPem: entity.chainPem }) };
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['registry-seal', 'registry-seal-ec'])('a copy sealed with %s', (name) => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await renderRecordPdf({ ...inputFor(sampleRecord('THCS', 8)), seal: sealers[name]! });
  });

  it('opens in pdfsig as a valid PAdES seal over the whole file, by the registry, trusted through the test root', () => {
    const report = pdfsig(bytes, nss);
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Certificate Validation: Certificate is Trusted.');
    expect(report).toContain('Total document signed');
    expect(report).toContain('Signer Certificate Common Name: Sở Giáo dục và Đào tạo Hà Nội – Cổng Học bạ số');
    // /M carries the time (PAdES): the copy's issue time, 03:04:05 UTC.
    expect(report).toContain('Signing Time: Nov 22 2026 03:04:05');
  });

  it('verifies with openssl cms: B-B signed attributes, no signing-time, the chain included', () => {
    const { cms, signed } = signedParts(bytes);
    const verified = opensslCmsVerify(cms, signed, pki.entities.root!.certPem);
    expect(verified.output).toContain('Verification successful');
    expect(verified.ok).toBe(true);
    expect(verified.printed).toContain('contentType');
    expect(verified.printed).toContain('messageDigest');
    expect(verified.printed).toMatch(/signingCertificateV2|id-smime-aa-signingCertificateV2/);
    expect(verified.printed).not.toContain('signingTime');
    // The seal certificate and the chain it was configured with (issuing CA, root): the path builds offline.
    expect(verified.printed.match(/cert_info:/g)?.length).toBe(3);
  });

  it('prints the copy number, time, record code and "sealed" inside the sealed bytes', () => {
    const text = pdfText(bytes);
    expect(text).toContain('Bản sao số 12, cấp lúc 10:04:05 ngày 22/11/2026');
    expect(text).toContain('Có dấu điện tử của Cổng Học bạ số (PAdES)');
    expect(pdfInfo(bytes).Subject).toBe('Bản thể hiện của Học bạ số, bản sao số 12');
    const { signed } = signedParts(bytes);
    // Everything but the /Contents hole is signed: the update with the stamp lies inside the first range.
    expect(signed.length + signedParts(bytes).cms.length * 2 + 2).toBe(bytes.length);
  });

  it('carries an attached file (the log proof) inside the sealed update: pdfdetach saves it byte for byte, the seal stays valid over the whole file, and changing the attachment breaks it', async () => {
    const proof = new TextEncoder().encode('c2sp.org/tlog-proof@v1\nextra aG9jYmE=\nindex 7\n');
    const attachment = { name: 'hoc-ba-abc.tlog-proof', description: 'Bằng chứng nhật ký minh bạch', mime: 'text/plain', bytes: proof };
    const attached = await renderRecordPdf({ ...inputFor(sampleRecord('THCS', 8)), copy: { number: 3, issuedAt: new Date('2026-11-22T03:04:05Z'), attachment }, seal: sealers[name]! });
    expect([...pdfAttachments(attached)].map(([file, content]) => [file, content.toString('utf8')])).toEqual([['hoc-ba-abc.tlog-proof', Buffer.from(proof).toString('utf8')]]);
    const report = pdfsig(attached, nss);
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Total document signed');
    const changed = Uint8Array.from(attached);
    const at = Buffer.from(changed).indexOf('index 7');
    changed[at + 6] = '8'.charCodeAt(0);
    expect(pdfsig(changed, nss)).not.toContain('Signature Validation: Signature is Valid.');
  });

  it('is no longer valid in pdfsig when one byte of the page content changes', () => {
    const tampered = Buffer.from(bytes);
    const at = tampered.indexOf('stream\n', 2000, 'latin1') + 20;
    tampered[at] = tampered[at]! ^ 0x01;
    const report = pdfsig(tampered, nss);
    expect(report).not.toContain('Signature is Valid');
    expect(report).toMatch(/Digest Mismatch|Signature is Invalid/);
  });

  it('is no longer "total document signed" once an incremental update is appended', () => {
    const report = pdfsig(appendInfoUpdate(bytes, 'Ban sao so 99'), nss);
    expect(report).not.toContain('Total document signed');
  });
});

describe('a copy without a seal configured', () => {
  it('says plainly that it is unsealed, and carries no signature', async () => {
    const bytes = await renderRecordPdf(inputFor(sampleRecord('TH', 5)));
    const text = pdfText(bytes);
    expect(text).toContain('BẢN KHÔNG CÓ DẤU ĐIỆN TỬ');
    expect(text).toContain('UNSEALED');
    expect(pdfsig(bytes, nss)).toMatch(/does not contain any signatures/);
  });
});
