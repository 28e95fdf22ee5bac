import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subIndicationOf } from '../../../api/errors.ts';
import type { TestPki } from '../../../api/pki/index.ts';
import { checkCertificate, derToPem, describeCertificate, pemToDer, prepareTrust, toTrustMaterial } from '../../../api/trust/index.ts';
import { x509 } from '../../../api/trust/x509.ts';
import { checkEntity, codesOf, DAY, derOf, HOUR, makeTestPki, NOW, trustOf } from './fixture.ts';

let pki: TestPki;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ pki, cleanup } = await makeTestPki()));
afterAll(async () => cleanup());

async function privateKeyOf(name: string): Promise<CryptoKey> {
  const der = pemToDer(pki.entities[name]!.keyPem, 'PRIVATE KEY')[0]!;
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return crypto.subtle.importKey('pkcs8', der as Uint8Array<ArrayBuffer>, algorithm, false, ['sign']);
}

/** A CRL naming `issuer` but signed with `signer`'s key, revoking `revoked` a day ago. */
async function makeCrl(issuer: string, signer: string, revoked: string[]): Promise<string> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: new x509.X509Certificate(pki.entities[issuer]!.certPem).subjectName,
    thisUpdate: new Date(NOW.getTime() - HOUR), nextUpdate: new Date(NOW.getTime() + DAY),
    signingKey: await privateKeyOf(signer), signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5' },
    entries: revoked.map((name) => ({
      serialNumber: new x509.X509Certificate(pki.entities[name]!.certPem).serialNumber,
      revocationDate: new Date(NOW.getTime() - DAY),
    })),
  });
  return derToPem(new Uint8Array(crl.rawData), 'X509 CRL');
}

describe('checkCertificate', () => {
  describe('when the certificate is in order', () => {
    it.each(['school-a', 'school-b', 'school-c', 'principal-a', 'teacher-a', 'principal-b', 'teacher-b', 'principal-c', 'teacher-c'])(
      'trusts %s with good revocation and no issues', async (name) => {
        const check = await checkEntity(pki, trustOf(pki), name);
        expect(check.issues).toEqual([]);
        expect(check.chainStatus).toBe('trusted');
        expect(check.revocation).toBe('good');
        expect(check.chain.map((cert) => cert.commonName))
          .toEqual(['CA Thử nghiệm cấp tổ chức và cá nhân', 'Root CA Thử nghiệm Học bạ số']);
        expect(check.signer).toEqual(describeCertificate(derOf(pki.entities[name]!.certPem)));
      });

    it('takes the issuing CA from KeyInfo when the trust list holds only the root', async () => {
      const trust = trustOf(pki, { cas: ['root'] });
      expect((await checkEntity(pki, trust, 'school-a')).chainStatus).toBe('trusted');
      const alone = await checkEntity(pki, trust, 'school-a', { candidates: [] });
      expect(codesOf(alone)).toEqual(['cert_untrusted']);
    });

    it('judges validity at the signing time, not now', async () => {
      const threeYearsOn = new Date(NOW.getTime() + 3 * 365 * DAY); // teacher-a has expired by then
      const check = await checkEntity(pki, trustOf(pki), 'teacher-a', { now: threeYearsOn });
      expect(check.chainStatus).toBe('trusted');
      expect(codesOf(check)).toEqual(['revocation_stale', 'revocation_stale']); // today's CRLs are old by then
    });

    it('stamps the signature slot on every issue', async () => {
      const check = await checkEntity(pki, trustOf(pki), 'school-weak', { signature: 3 });
      expect(check.issues.map((found) => found.signature)).toEqual([3]);
    });
  });

  describe('when the signer\'s certificate was revoked', () => {
    it('rejects a signature made after the revocation with cert_revoked', async () => {
      const check = await checkEntity(pki, trustOf(pki), 'teacher-revoked');
      expect(codesOf(check)).toEqual(['cert_revoked']);
      expect(check.issues[0]).toMatchObject({ severity: 'error', params: { depth: 0, revokedAt: new Date(NOW.getTime() - DAY).toISOString() } });
      expect(subIndicationOf('cert_revoked')).toBe('REVOKED');
      expect(check.revocation).toBe('revoked');
    });

    it('leaves a signature claimed before the revocation indeterminate with cert_revoked_no_poe', async () => {
      const check = await checkEntity(pki, trustOf(pki), 'teacher-revoked', { signingTime: new Date(NOW.getTime() - 2 * DAY) });
      expect(codesOf(check)).toEqual(['cert_revoked_no_poe']);
      expect(check.issues[0]!.severity).toBe('indeterminate');
    });

    it('accepts it when a proof of existence predates the revocation', async () => {
      const twoDaysAgo = new Date(NOW.getTime() - 2 * DAY);
      const check = await checkEntity(pki, trustOf(pki), 'teacher-revoked', { signingTime: twoDaysAgo, proofOfExistence: twoDaysAgo });
      expect(check.issues).toEqual([]);
      expect(check.revocation).toBe('good');
      const late = await checkEntity(pki, trustOf(pki), 'teacher-revoked', { signingTime: twoDaysAgo, proofOfExistence: new Date(NOW.getTime() - HOUR) });
      expect(codesOf(late)).toEqual(['cert_revoked_no_poe']);
    });

    it('rejects every leaf when the root\'s CRL revokes the issuing CA', async () => {
      const trust = prepareTrust(toTrustMaterial({
        cas: [pki.entities.root!.certPem, pki.entities.issuing!.certPem],
        crls: [pki.crls.issuing!.pem, await makeCrl('root', 'root', ['issuing'])],
      }));
      const check = await checkEntity(pki, trust, 'school-a');
      expect(codesOf(check)).toEqual(['cert_revoked']);
      expect(check.issues[0]!.params).toMatchObject({ depth: 1, certificate: 'CA Thử nghiệm cấp tổ chức và cá nhân' });
    });
  });

  describe('when the certificate is not acceptable', () => {
    it.each([
      ['school-expired', 'cert_expired_at_signing', 'EXPIRED'],
      ['school-not-yet-valid', 'cert_not_yet_valid_at_signing', 'NOT_YET_VALID'],
      ['school-weak', 'key_too_weak', 'CRYPTO_CONSTRAINTS_FAILURE'],
      ['school-no-signing-usage', 'cert_key_usage', 'SIG_CONSTRAINTS_FAILURE'],
    ] as const)('rejects %s with %s', async (name, code, subIndication) => {
      const check = await checkEntity(pki, trustOf(pki), name);
      expect(codesOf(check)).toEqual([code]);
      expect(check.issues[0]).toMatchObject({ severity: 'error', params: { depth: 0 } });
      expect(subIndicationOf(code)).toBe(subIndication);
      expect(check.chainStatus).toBe('invalid');
    });

    it('rejects a signing time before the certificate was issued', async () => {
      const check = await checkEntity(pki, trustOf(pki), 'teacher-a', { signingTime: new Date(NOW.getTime() - 31 * DAY) });
      expect(codesOf(check)).toEqual(['cert_not_yet_valid_at_signing']);
    });

    it('rejects a certificate of another root as cert_untrusted, even with that root in KeyInfo', async () => {
      const check = await checkEntity(pki, trustOf(pki), 'school-untrusted');
      expect(codesOf(check)).toEqual(['cert_untrusted']);
      expect(subIndicationOf('cert_untrusted')).toBe('NO_CERTIFICATE_CHAIN_FOUND');
      expect(check.chainStatus).toBe('untrusted');
      expect(check.revocation).toBe('unknown');
      expect(check.chain.map((cert) => cert.commonName)).toEqual(['Root CA Không tin cậy (thử nghiệm)']);
    });

    it('rejects a certificate whose CA signature was tampered with as cert_signature_invalid', async () => {
      const der = derOf(pki.entities['school-a']!.certPem).slice();
      der[der.length - 1]! ^= 0xff; // last byte of the signature value
      const forged = await checkCertificate({ signer: der, candidates: [], trust: trustOf(pki), signingTime: NOW, now: NOW });
      expect(codesOf(forged)).toEqual(['cert_signature_invalid']);
      expect(forged.chainStatus).toBe('invalid');
    });
    it('rejects a certificate issued by a leaf (school-a is not a CA) with cert_not_ca', async () => {
      const schoolA = new x509.X509Certificate(pki.entities['school-a']!.certPem);
      const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
      const fake = await x509.X509CertificateGenerator.create({
        subject: 'CN=Giáo viên giả', issuer: schoolA.subjectName, publicKey: keys.publicKey,
        signingKey: await privateKeyOf('school-a'), signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5' },
        notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + DAY),
        extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
      });
      const check = await checkCertificate({
        signer: new Uint8Array(fake.rawData), candidates: [derOf(pki.entities['school-a']!.certPem)],
        trust: trustOf(pki), signingTime: NOW, now: NOW,
      });
      expect(check.issues).toMatchObject([{ code: 'cert_not_ca', params: { depth: 1 } }, { code: 'revocation_unknown', params: { depth: 0 } }]);
      expect(check.chainStatus).toBe('invalid');
    });
  });

  describe('when revocation cannot be checked', () => {
    it('is indeterminate with revocation_unknown for each CA without a CRL', async () => {
      const none = await checkEntity(pki, trustOf(pki, { crls: [] }), 'school-a');
      expect(codesOf(none)).toEqual(['revocation_unknown', 'revocation_unknown']);
      expect(none.issues.map((found) => found.severity)).toEqual(['indeterminate', 'indeterminate']);
      expect(none.revocation).toBe('unknown');
      expect(none.chainStatus).toBe('trusted');
      const noRootCrl = await checkEntity(pki, trustOf(pki, { crls: ['issuing'] }), 'school-a');
      expect(noRootCrl.issues).toMatchObject([{ code: 'revocation_unknown', params: { depth: 1, issuer: 'Root CA Thử nghiệm Học bạ số' } }]);
    });

    it('is indeterminate with revocation_stale when the only CRL is past its next update', async () => {
      const check = await checkEntity(pki, trustOf(pki, { crls: ['issuing-stale', 'root'] }), 'school-a');
      expect(codesOf(check)).toEqual(['revocation_stale']);
      expect(check.issues[0]!.severity).toBe('indeterminate');
      expect(subIndicationOf('revocation_stale')).toBe('TRY_LATER');
    });

    it('ignores a CRL that names the CA but carries another key\'s signature', async () => {
      const trust = prepareTrust(toTrustMaterial({
        cas: [pki.entities.root!.certPem, pki.entities.issuing!.certPem],
        crls: [await makeCrl('issuing', 'untrusted-root', ['school-a']), pki.crls.root!.pem],
      }));
      const check = await checkEntity(pki, trust, 'school-a');
      expect(codesOf(check)).toEqual(['revocation_unknown']);
    });
  });
});
