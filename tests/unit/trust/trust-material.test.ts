import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HocbaError } from '../../../api/errors.ts';
import type { TestPki } from '../../../api/pki/index.ts';
import {
  fingerprintOf, isApprovedFor, prepareTrust, toTrustMaterial, type SchoolApproval,
} from '../../../api/trust/index.ts';
import { derOf, makeTestPki } from './fixture.ts';

let pki: TestPki;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ pki, cleanup } = await makeTestPki()));
afterAll(async () => cleanup());

const fingerprint = (name: string) => fingerprintOf(derOf(pki.entities[name]!.certPem));

describe('toTrustMaterial', () => {
  it('makes self-signed CAs anchors and the others intermediates, from one or several PEM texts', () => {
    const e = pki.entities;
    const material = toTrustMaterial({ cas: [e.root!.certPem + e.issuing!.certPem, e['untrusted-root']!.certPem], crls: [pki.crls.issuing!.pem] });
    expect(material.anchors.map(fingerprintOf)).toEqual([fingerprint('root'), fingerprint('untrusted-root')]);
    expect(material.intermediates.map(fingerprintOf)).toEqual([fingerprint('issuing')]);
    expect(material.crls).toHaveLength(1);
    expect(material.approvals).toEqual([]);
  });

  it('refuses a CA text without a certificate and a CRL text without a CRL', () => {
    const codeOf = (run: () => unknown) => { try { run(); } catch (error) { return (error as HocbaError).code; } return null; };
    expect(codeOf(() => toTrustMaterial({ cas: [pki.crls.root!.pem] }))).toBe('pem_malformed');
    expect(codeOf(() => toTrustMaterial({ cas: [], crls: [pki.entities.root!.certPem] }))).toBe('pem_malformed');
    const notCrl = pki.entities.root!.certPem.replaceAll('CERTIFICATE', 'X509 CRL');
    expect(codeOf(() => toTrustMaterial({ cas: [], crls: [notCrl] }))).toBe('crl_malformed');
  });
});

describe('prepareTrust', () => {
  it('indexes CAs by subject (anchors first) and CRLs by issuer', () => {
    const e = pki.entities;
    const trust = prepareTrust(toTrustMaterial({ cas: [e.issuing!.certPem, e.root!.certPem], crls: [pki.crls.issuing!.pem, pki.crls['issuing-stale']!.pem] }));
    expect(trust.anchorFingerprints).toEqual(new Set([fingerprint('root')]));
    expect([...trust.casBySubject.values()].flat().map((cert) => cert.summary.commonName))
      .toEqual(['Root CA Thử nghiệm Học bạ số', 'CA Thử nghiệm cấp tổ chức và cá nhân']);
    expect([...trust.crlsByIssuer.values()].map((crls) => crls.length)).toEqual([2]);
  });
});

describe('isApprovedFor', () => {
  const at = (iso: string) => new Date(iso);
  const approvals = (): SchoolApproval[] => [
    { schoolCode: '01001001', fingerprint: fingerprint('school-a').toUpperCase(), approvedAt: '2026-01-01T00:00:00Z', withdrawnAt: '2026-09-01T00:00:00Z' },
    { schoolCode: '01001002', fingerprint: fingerprint('school-b'), approvedAt: '2026-01-01T00:00:00Z', withdrawnAt: null },
  ];
  const trust = () => prepareTrust(toTrustMaterial({ cas: [pki.entities.root!.certPem], approvals: approvals() }));

  it('approves a certificate for its school while the approval is in force', () => {
    expect(isApprovedFor(fingerprint('school-a'), '01001001', trust(), at('2026-06-15T00:00:00Z'))).toBe(true);
    expect(isApprovedFor(fingerprint('school-b'), '01001002', trust(), at('2030-01-01T00:00:00Z'))).toBe(true);
  });

  it('refuses another school, a time before approval, and a time after withdrawal', () => {
    expect(isApprovedFor(fingerprint('school-a'), '01001002', trust(), at('2026-06-15T00:00:00Z'))).toBe(false);
    expect(isApprovedFor(fingerprint('school-a'), '01001001', trust(), at('2025-12-31T23:59:59Z'))).toBe(false);
    expect(isApprovedFor(fingerprint('school-a'), '01001001', trust(), at('2026-09-01T00:00:00Z'))).toBe(false);
    expect(isApprovedFor(fingerprint('school-expired'), '01001001', trust(), at('2026-06-15T00:00:00Z'))).toBe(false);
  });
});
