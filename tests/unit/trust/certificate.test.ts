import { X509Certificate as NodeCertificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HocbaError } from '../../../api/errors.ts';
import type { TestPki } from '../../../api/pki/index.ts';
import { describeCertificate, fingerprintOf } from '../../../api/trust/index.ts';
import type { CertificateSummary } from '../../../api/verify/report.ts';
import { derOf, makeTestPki } from './fixture.ts';

let pki: TestPki;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ pki, cleanup } = await makeTestPki()));
afterAll(async () => cleanup());

// Typed as the report's summary: tsc fails here if trust's shape drifts from api/verify/report.ts.
const summaryOf = (name: string): CertificateSummary => describeCertificate(derOf(pki.entities[name]!.certPem));

describe('describeCertificate', () => {
  it('reads a school\'s organisation certificate with its Vietnamese fields exact and the MST', () => {
    expect(summaryOf('school-a')).toMatchObject({
      subject: 'C=VN, ST=Hà Nội, O=Trường Tiểu học Kim Đồng, UID=MST:0101234567, CN=Trường Tiểu học Kim Đồng',
      commonName: 'Trường Tiểu học Kim Đồng',
      organisation: 'Trường Tiểu học Kim Đồng',
      taxCode: '0101234567',
      personalId: null,
      issuer: 'C=VN, O=Học bạ số Thử nghiệm, CN=CA Thử nghiệm cấp tổ chức và cá nhân',
      publicKey: 'RSA 2048',
    });
    expect(summaryOf('school-a').commonName).toBe('Trường Tiểu học Kim Đồng'.normalize('NFC'));
  });

  it('reads a person\'s CCCD and name', () => {
    expect(summaryOf('principal-a')).toMatchObject({
      commonName: 'Nguyễn Thị Thu Hà', organisation: 'Trường Tiểu học Kim Đồng', personalId: '001178012345', taxCode: null,
    });
    expect(summaryOf('teacher-b')).toMatchObject({ commonName: 'Phạm Thị Ngọc Ánh', personalId: '001192045678' });
  });

  it('names the key as RSA bits or ECDSA curve', () => {
    expect(['school-b', 'school-c', 'school-weak'].map((name) => summaryOf(name).publicKey))
      .toEqual(['ECDSA P-256', 'RSA 3072', 'RSA 1024']);
  });

  it('gives serial, validity and fingerprint as OpenSSL does', () => {
    const der = derOf(pki.entities['teacher-a']!.certPem);
    const node = new NodeCertificate(der);
    const summary = describeCertificate(der);
    expect(summary.serial).toBe(node.serialNumber.toUpperCase().replace(/^(00)+(?=..)/, ''));
    expect(summary.serial).toMatch(/^[0-9A-F]+$/);
    expect(summary.fingerprint).toBe(node.fingerprint256.replaceAll(':', '').toLowerCase());
    expect(summary.fingerprint).toBe(fingerprintOf(der));
    expect(summary.notBefore).toBe(new Date(node.validFrom).toISOString());
    expect(summary.notAfter).toBe(new Date(node.validTo).toISOString());
  });

  it('rejects bytes that are not a certificate with cert_malformed', () => {
    const error = (() => {
      try { describeCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])); } catch (caught) { return caught; }
    })();
    expect(error).toBeInstanceOf(HocbaError);
    expect((error as HocbaError).code).toBe('cert_malformed');
  });
});
