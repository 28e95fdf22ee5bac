// Path building is bounded whatever KeyInfo holds: look-alike CA certificates (issue 11) cost counted, linear work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../api/pki/index.ts';
import { checkCertificate, type CertificateCheck } from '../../../api/trust/index.ts';
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
async function lookAlikes(count: number): Promise<Uint8Array[]> {
  const made: Uint8Array[] = [];
  for (let serial = 1; serial <= count; serial++) {
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial.toString(16).padStart(4, '0'), subject: issuingName, issuer: issuingName,
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
  it.each([8, 16, 64])('costs work linear in N = %i look-alikes that all verify the signer and each other', async (n) => {
    const result = await check(await attackerLeaf(), await lookAlikes(n));
    expect(codesOf(result)).toEqual(['cert_untrusted']);
    expect(result.chainStatus).toBe('untrusted');
    // One verification per (certificate, issuer key): the leaf and the first look-alike, each against the one key.
    expect(result.pathWork.signatureChecks).toBeLessThanOrEqual(2);
    expect(result.pathWork.certificatesVisited).toBeLessThanOrEqual(n + 1);
    expect(result.pathWork.issuersConsidered).toBeLessThanOrEqual(2 * n);
  });

  it.each([8, 16, 60])('still finds the real issuing CA placed after N = %i look-alikes, with the same few checks', async (n) => {
    const candidates = [...await lookAlikes(n), derOf(pki.entities.issuing!.certPem)];
    const result = await check(derOf(pki.entities['school-a']!.certPem), candidates);
    expect(result.issues).toEqual([]);
    expect(result.chainStatus).toBe('trusted');
    expect(result.chain.map((cert) => cert.commonName)).toEqual(['CA Thử nghiệm cấp tổ chức và cá nhân', 'Root CA Thử nghiệm Học bạ số']);
    // school-a against the attacker's key (fails once for all N), against the real key, the real CA against the root.
    expect(result.pathWork.signatureChecks).toBe(3);
    expect(result.pathWork.issuersConsidered).toBeLessThanOrEqual(n + 2);
  });

  it('answers cert_path_too_costly (indeterminate), not untrusted, when the issuer candidates exceed the cap', async () => {
    const n = PATH_LIMITS.issuersPerCertificate + 1;
    const result = await check(await attackerLeaf(), await lookAlikes(n));
    expect(codesOf(result)).toEqual(['cert_path_too_costly']);
    expect(result.issues[0]).toMatchObject({ severity: 'indeterminate', params: { certificate: 'Trường giả mạo' } });
    expect(result.chainStatus).toBe('untrusted');
    expect(result.pathWork.issuersConsidered).toBeLessThanOrEqual(PATH_LIMITS.issuersPerCertificate * (n + 1));
  });

  it('stops at the signature-check cap when look-alikes carry distinct keys, with cert_path_too_costly', async () => {
    // Each look-alike under its own key: no verification can be shared, so only the cap bounds the work.
    const candidates: Uint8Array[] = [];
    for (let serial = 1; serial <= PATH_LIMITS.signatureChecks + 8; serial++) {
      const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: serial.toString(16).padStart(4, '0'), subject: issuingName, issuer: issuingName,
        publicKey: keys.publicKey, signingKey: keys.privateKey, signingAlgorithm: ECDSA, ...validity,
        extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
      });
      candidates.push(new Uint8Array(cert.rawData));
    }
    const result = await check(await attackerLeaf(), candidates);
    expect(codesOf(result)).toEqual(['cert_path_too_costly']);
    expect(result.pathWork.signatureChecks).toBe(PATH_LIMITS.signatureChecks);
  });
});
