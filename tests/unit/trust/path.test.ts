// Path building is bounded whatever KeyInfo holds: look-alike CA certificates (issue 11) cost counted, linear work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../api/pki/index.ts';
import {
  checkCertificate, derToPem, prepareTrust, toTrustMaterial, type CertificateCheck,
} from '../../../api/trust/index.ts';
import { PATH_LIMITS } from '../../../api/trust/path.ts';
import { x509 } from '../../../api/trust/x509.ts';
import { codesOf, DAY, derOf, makeTestPki, NOW, trustOf } from './fixture.ts';

let pki: TestPki;
let cleanup: () => Promise<void>;
let attacker: CryptoKeyPair;
let issuingName: x509.Name;
beforeAll(async () => {
  ({ pki, cleanup } = await makeTestPki());
  attacker = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  issuingName = new x509.X509Certificate(pki.entities.issuing!.certPem).subjectName;
});
afterAll(async () => cleanup());

const ECDSA = { name: 'ECDSA', hash: 'SHA-256' };
const validity = { notBefore: new Date(NOW.getTime() - 30 * DAY), notAfter: new Date(NOW.getTime() + 30 * DAY) };

/**
 * N CA certificates named like the real issuing CA, self-issued, all with the attacker's one key (so each verifies
 * every other) and no key identifiers (so none is ruled out by AKI/SKI): the issue 11 KeyInfo.
 */
async function lookAlikes(count: number, issuer: x509.Name | string = issuingName): Promise<Uint8Array[]> {
  const made: Uint8Array[] = [];
  for (let serial = 1; serial <= count; serial++) {
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial.toString(16).padStart(4, '0'), subject: issuingName, issuer,
      publicKey: attacker.publicKey, signingKey: attacker.privateKey, signingAlgorithm: ECDSA, ...validity,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ],
    });
    made.push(new Uint8Array(cert.rawData));
  }
  return made;
}

/** A leaf "issued by" the issuing CA's name but signed with the attacker's key: every look-alike verifies it. */
async function attackerLeaf(): Promise<Uint8Array> {
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '7f01', subject: 'CN=Trường giả mạo', issuer: issuingName,
    publicKey: attacker.publicKey, signingKey: attacker.privateKey, signingAlgorithm: ECDSA, ...validity,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  return new Uint8Array(cert.rawData);
}

function check(signer: Uint8Array, candidates: Uint8Array[], cas: string[] = ['root']): Promise<CertificateCheck> {
  return checkCertificate({
    signer, candidates, trust: trustOf(pki, { cas }), signingTime: new Date(NOW.getTime() - DAY), now: NOW,
  });
}

describe('certification path building under look-alike CA certificates', () => {
  it.each([8, 12, 16])('costs work linear in N = %i look-alikes that all verify the signer and each other', async (n) => {
    const result = await check(await attackerLeaf(), await lookAlikes(n));
    expect(codesOf(result)).toEqual(['cert_untrusted']);
    expect(result.chainStatus).toBe('untrusted');
    // One verification per (certificate, issuer key): the leaf and the first look-alike, each against the one key.
    expect(result.pathWork.signatureChecks).toBeLessThanOrEqual(2);
    expect(result.pathWork.certificatesVisited).toBeLessThanOrEqual(n + 1);
    expect(result.pathWork.issuersConsidered).toBeLessThanOrEqual(2 * n);
  });

  it.each([1, 8, PATH_LIMITS.candidates - 1])('still finds the real issuing CA placed after N = %i look-alikes, with the same few checks', async (n) => {
    const candidates = [...await lookAlikes(n), derOf(pki.entities.issuing!.certPem)];
    const result = await check(derOf(pki.entities['school-a']!.certPem), candidates);
    expect(result.issues).toEqual([]);
    expect(result.chainStatus).toBe('trusted');
    expect(result.chain.map((cert) => cert.commonName)).toEqual(['CA Thử nghiệm cấp tổ chức và cá nhân', 'Root CA Thử nghiệm Học bạ số']);
    // school-a against the attacker's key (fails once for all N), against the real key, the real CA against the root.
    expect(result.pathWork.signatureChecks).toBe(3);
    expect(result.pathWork.issuersConsidered).toBeLessThanOrEqual(n + 2);
  });

  it.each([PATH_LIMITS.candidates + 1, 64, 256])('reads only the first KeyInfo certificates of %i and answers cert_path_too_costly (indeterminate), not untrusted', async (n) => {
    const result = await check(await attackerLeaf(), await lookAlikes(n));
    expect(codesOf(result)).toEqual(['cert_path_too_costly']);
    expect(result.issues[0]).toMatchObject({ severity: 'indeterminate', params: { certificate: 'Trường giả mạo' } });
    expect(result.chainStatus).toBe('untrusted');
    expect(result.pathWork).toEqual({ signatureChecks: 1, certificatesVisited: PATH_LIMITS.candidates + 1, issuersConsidered: PATH_LIMITS.candidates });
  });

  it('answers cert_path_too_costly when one certificate has more issuer candidates than the cap (trust list and KeyInfo together)', async () => {
    // The trust list may hold many CAs of one name; here the cap is reached with look-alike intermediates on it.
    const onTrustList = (await lookAlikes(PATH_LIMITS.issuersPerCertificate + 1, 'CN=Gốc giả mạo')).map((der) => derToPem(der, 'CERTIFICATE'));
    const trust = prepareTrust(toTrustMaterial({ cas: [pki.entities.root!.certPem, ...onTrustList] }));
    const result = await checkCertificate({ signer: await attackerLeaf(), candidates: [], trust, signingTime: new Date(NOW.getTime() - DAY), now: NOW });
    expect(codesOf(result)).toEqual(['cert_path_too_costly']);
    expect(result.pathWork.issuersConsidered).toBeLessThanOrEqual(PATH_LIMITS.issuersPerCertificate * (PATH_LIMITS.issuersPerCertificate + 1));
  });

  it('checks each distinct key once when look-alikes carry distinct keys: N checks, never N²', async () => {
    // Each look-alike under its own key: no verification can be shared; none verifies the leaf, so none is expanded.
    const candidates: Uint8Array[] = [];
    for (let serial = 1; serial <= PATH_LIMITS.candidates; serial++) {
      const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: serial.toString(16).padStart(4, '0'), subject: issuingName, issuer: issuingName,
        publicKey: keys.publicKey, signingKey: keys.privateKey, signingAlgorithm: ECDSA, ...validity,
        extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
      });
      candidates.push(new Uint8Array(cert.rawData));
    }
    const result = await check(await attackerLeaf(), candidates);
    expect(codesOf(result)).toEqual(['cert_signature_invalid']);
    expect(result.pathWork).toEqual({ signatureChecks: PATH_LIMITS.candidates, certificatesVisited: 1, issuersConsidered: PATH_LIMITS.candidates });
  });
});
