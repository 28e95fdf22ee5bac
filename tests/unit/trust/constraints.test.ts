// RFC 5280 constraints on a built path that the test PKI never breaks: a CA's path length and a critical extension
// the verifier does not understand. Real certificates under the real issuing CA, checked by checkCertificate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../api/pki/index.ts';
import { checkCertificate, prepareTrust, toTrustMaterial } from '../../../api/trust/index.ts';
import { x509 } from '../../../api/trust/x509.ts';
import { codesOf, DAY, HOUR, makeTestPki, NOW } from './fixture.ts';

let pki: TestPki;
let cleanup: () => Promise<void>;
let issuing: { cert: x509.X509Certificate; key: CryptoKey };
beforeAll(async () => {
  ({ pki, cleanup } = await makeTestPki());
  const entity = pki.entities.issuing!;
  const der = x509.PemConverter.decode(entity.keyPem)[0]!;
  const key = await crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  issuing = { cert: new x509.X509Certificate(entity.certPem), key };
});
afterAll(async () => cleanup());

const ECDSA = { name: 'ECDSA', hash: 'SHA-256' };
const validity = { notBefore: new Date(NOW.getTime() - 30 * DAY), notAfter: new Date(NOW.getTime() + 30 * DAY) };
let serial = 0x100;

interface Made { cert: x509.X509Certificate; key: CryptoKey }

/** A certificate issued (and signed) by `issuer`: a CA when `pathLength` is given or `ca` is set, else a signing leaf. */
async function issue(issuer: Made, name: string, options: { ca?: boolean; pathLength?: number; extra?: x509.Extension[] } = {}): Promise<Made> {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const ca = options.ca || options.pathLength !== undefined;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16), subject: `CN=${name}`, issuer: issuer.cert.subjectName,
    publicKey: keys.publicKey, signingKey: issuer.key, ...validity,
    signingAlgorithm: issuer === issuing ? { name: 'RSASSA-PKCS1-v1_5' } : ECDSA,
    extensions: [
      new x509.BasicConstraintsExtension(ca, options.pathLength, true),
      new x509.KeyUsagesExtension(ca ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.cert.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ...(options.extra ?? []),
    ],
  });
  return { cert, key: keys.privateKey };
}

/** A current, empty CRL of `issuer`, so revocation is answered for every certificate it issued. */
async function crlOf(issuer: Made): Promise<string> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: issuer.cert.subjectName, thisUpdate: new Date(NOW.getTime() - HOUR), nextUpdate: new Date(NOW.getTime() + 7 * DAY),
    signingKey: issuer.key, signingAlgorithm: issuer === issuing ? { name: 'RSASSA-PKCS1-v1_5' } : ECDSA,
    extensions: [await x509.AuthorityKeyIdentifierExtension.create(issuer.cert.publicKey)],
  });
  return x509.PemConverter.encode(crl.rawData, 'X509 CRL');
}

const der = (made: Made) => new Uint8Array(made.cert.rawData);

async function check(signer: Made, intermediates: Made[]) {
  const crls = [pki.crls.root!.pem, pki.crls.issuing!.pem, ...await Promise.all(intermediates.map(crlOf))];
  const trust = prepareTrust(toTrustMaterial({ cas: [pki.entities.root!.certPem, pki.entities.issuing!.certPem], crls, approvals: [] }));
  return checkCertificate({ signer: der(signer), candidates: intermediates.map(der), trust, signingTime: new Date(NOW.getTime() - HOUR), now: NOW });
}

describe('checkCertificate on path constraints', () => {
  it('accepts a leaf under a sub-CA of the issuing CA (the control: the same shapes, no defect)', async () => {
    const sub = await issue(issuing, 'Sub CA', { pathLength: 1 });
    const below = await issue(sub, 'Sub-sub CA', { ca: true });
    const result = await check(await issue(below, 'Leaf'), [below, sub]);
    expect(codesOf(result)).toEqual([]);
  });

  it('refuses a CA with pathLength 0 that has another CA below it with cert_path_too_long', async () => {
    const sub = await issue(issuing, 'Sub CA pathLen 0', { pathLength: 0 });
    const below = await issue(sub, 'Sub-sub CA', { ca: true });
    const result = await check(await issue(below, 'Leaf'), [below, sub]);
    expect(codesOf(result)).toEqual(['cert_path_too_long']);
    expect(result.issues[0]!.params).toMatchObject({ certificate: 'Sub CA pathLen 0', depth: 2, pathLength: 0 });
  });

  it('refuses a leaf with a critical extension it does not understand with cert_unsupported_critical_extension', async () => {
    const sub = await issue(issuing, 'Sub CA', { pathLength: 0 });
    const unknown = new x509.Extension('1.3.6.1.4.1.99999.1', true, new Uint8Array([0x05, 0x00]));
    const result = await check(await issue(sub, 'Leaf with unknown critical', { extra: [unknown] }), [sub]);
    expect(codesOf(result)).toEqual(['cert_unsupported_critical_extension']);
    expect(result.issues[0]!.params).toMatchObject({ certificate: 'Leaf with unknown critical', depth: 0, extension: '1.3.6.1.4.1.99999.1' });
  });

  it('ignores the same extension when it is not critical', async () => {
    const sub = await issue(issuing, 'Sub CA', { pathLength: 0 });
    const unknown = new x509.Extension('1.3.6.1.4.1.99999.1', false, new Uint8Array([0x05, 0x00]));
    const result = await check(await issue(sub, 'Leaf with unknown non-critical', { extra: [unknown] }), [sub]);
    expect(codesOf(result)).toEqual([]);
  });
});
