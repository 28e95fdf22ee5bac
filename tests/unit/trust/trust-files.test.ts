// Trust material as Vietnamese CAs publish it (issue 16): files built by openssl — DER certificates, PKCS#7 bundles
// (.p7b, DER and PEM, `openssl crl2pkcs7 -nocrl -certfile …`), CRLs in DER and PEM — read into the very DER openssl
// wrote, and everything else refused with its code, never skipped.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCertificateFile, decodeCrlFile, MAX_BUNDLE_CERTIFICATES, pemToDer } from '../../../api/index.ts';
import { loadTestPki } from '../../../api/pki/index.ts';

const pki = loadTestPki('tests/fixtures/attacks/pki');
const work = mkdtempSync(join(tmpdir(), 'hocba-trust-files-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const path = (name: string) => join(work, name);
const derOf = (name: string) => Buffer.from(pemToDer(pki.entities[name]!.certPem)[0]!);
const hex = (list: Uint8Array[]) => list.map((der) => Buffer.from(der).toString('hex'));

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return { code: (error as { code?: string }).code, detail: (error as { params?: { detail?: string } }).params?.detail };
  }
  return 'no error';
}

// The national root CA publishes its chain as a .p7b: root and the CA below it, as openssl writes one.
const chain = path('chain.pem');
writeFileSync(chain, pki.entities.root!.certPem + pki.entities.issuing!.certPem);
openssl('crl2pkcs7', '-nocrl', '-certfile', chain, '-outform', 'DER', '-out', path('chain.p7b'));
openssl('crl2pkcs7', '-nocrl', '-certfile', chain, '-outform', 'PEM', '-out', path('chain-pem.p7b'));
openssl('x509', '-in', pki.entities.root!.certPath, '-outform', 'DER', '-out', path('root.cer'));
openssl('crl', '-in', pki.crls.issuing!.path, '-outform', 'DER', '-out', path('issuing.crl'));

describe('decodeCertificateFile', () => {
  it.each([
    ['a DER certificate (openssl x509 -outform DER)', () => readFileSync(path('root.cer')), ['root']],
    ['a DER PKCS#7 bundle (openssl crl2pkcs7 -nocrl -outform DER)', () => readFileSync(path('chain.p7b')), ['root', 'issuing']],
    ['a PEM PKCS#7 bundle (-----BEGIN PKCS7-----)', () => readFileSync(path('chain-pem.p7b'), 'utf8'), ['root', 'issuing']],
    ['the PEM bundle as bytes', () => readFileSync(path('chain-pem.p7b')), ['root', 'issuing']],
    ['the DER bundle as base64 (the operator API carries it in JSON)', () => readFileSync(path('chain.p7b')).toString('base64'), ['root', 'issuing']],
    ['a DER certificate as base64 with line breaks', () => readFileSync(path('root.cer')).toString('base64').replace(/.{64}/g, '$&\n'), ['root']],
    ['PEM certificates and a PKCS#7 bundle in one file', () => pki.entities['school-a']!.certPem + readFileSync(path('chain-pem.p7b'), 'utf8'), ['school-a', 'root', 'issuing']],
  ] as const)('reads %s into the certificates openssl put there, in order', (_name, input, names) => {
    expect(hex(decodeCertificateFile(input()))).toEqual(hex(names.map(derOf)));
  });

  it.each([
    ['text that is no certificate', 'not a certificate', 'neither PEM, DER nor base64 DER'],
    ['a private key in PEM', pki.entities.root!.keyPem, 'a PEM block of PRIVATE KEY'],
    ['a CRL given as a certificate', pki.crls.issuing!.pem, 'a PEM block of X509 CRL'],
    ['a DER CRL given as a certificate', () => readFileSync(path('issuing.crl')), 'not an X.509 certificate'],
    ['an empty PKCS#7 bundle (crl2pkcs7 -nocrl with no -certfile)', () => openssl('crl2pkcs7', '-nocrl', '-outform', 'DER'), 'a PKCS#7 bundle with no certificate'],
    ['a PKCS#7 bundle holding only a CRL (crl2pkcs7 without -nocrl)', () => openssl('crl2pkcs7', '-in', pki.crls.issuing!.path, '-outform', 'DER'), 'not a PKCS#7 certificate bundle'],
    ['a truncated bundle', () => readFileSync(path('chain.p7b')).subarray(0, 300), 'not a PKCS#7 certificate bundle'],
    ['a certificate PEM block of junk', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', 'not an X.509 certificate'],
  ])('refuses %s with certificate_unreadable', (_name, input, detail) => {
    const value = typeof input === 'function' ? input() : input;
    expect(codeOf(() => decodeCertificateFile(value))).toEqual({ code: 'certificate_unreadable', detail });
  });

  it(`refuses a bundle of more than ${MAX_BUNDLE_CERTIFICATES} certificates (a cost cap on one file)`, () => {
    const many = path('many.pem');
    writeFileSync(many, pki.entities.root!.certPem.repeat(MAX_BUNDLE_CERTIFICATES + 1));
    const bundle = openssl('crl2pkcs7', '-nocrl', '-certfile', many, '-outform', 'DER');
    expect(codeOf(() => decodeCertificateFile(bundle))).toEqual({ code: 'certificate_unreadable', detail: `more than ${MAX_BUNDLE_CERTIFICATES} certificates` });
    writeFileSync(many, pki.entities.root!.certPem.repeat(MAX_BUNDLE_CERTIFICATES));
    expect(decodeCertificateFile(openssl('crl2pkcs7', '-nocrl', '-certfile', many, '-outform', 'DER'))).toHaveLength(MAX_BUNDLE_CERTIFICATES);
  });
});

describe('decodeCrlFile', () => {
  const expected = Buffer.from(pemToDer(pki.crls.issuing!.pem)[0]!).toString('hex');
  it.each([
    ['a PEM CRL', () => pki.crls.issuing!.pem],
    ['a DER CRL (openssl crl -outform DER)', () => readFileSync(path('issuing.crl'))],
    ['a DER CRL as base64', () => readFileSync(path('issuing.crl')).toString('base64')],
  ])('reads %s', (_name, input) => {
    expect(Buffer.from(decodeCrlFile(input())).toString('hex')).toBe(expected);
  });

  it.each([
    ['a certificate given as a CRL', () => pki.entities.root!.certPem, 'a PEM block of CERTIFICATE'],
    ['two CRLs in one file', () => pki.crls.issuing!.pem + pki.crls.root!.pem, '2 PEM blocks (one CRL per file)'],
    ['a DER certificate given as a CRL', () => readFileSync(path('root.cer')), 'not an X.509 CRL'],
    ['text that is no CRL', () => 'CRL?', 'neither PEM, DER nor base64 DER'],
  ])('refuses %s with crl_unreadable', (_name, input, detail) => {
    expect(codeOf(() => decodeCrlFile(input()))).toEqual({ code: 'crl_unreadable', detail });
  });
});
