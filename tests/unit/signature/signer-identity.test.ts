// Who signed, and as whom: the codes for a signature whose signer cannot be named (no certificate, no CertDigest),
// whose key is of a kind we do not verify (Ed25519), or that claims two roles at once. Real signatures by xmlsec1
// (or our signer), changed only where the signature does not cover (KeyInfo) or before signing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../api/pki/index.ts';
import { rejectionCode } from '../../helpers/error-codes.ts';
import { checkXml, codesOf, makePki, signAs } from './support/check.ts';
import { sampleRecord } from './support/sample.ts';
import { addSlot, template, type TemplateOptions } from './support/templates.ts';
import { xmlsecSign } from './support/xmlsec.ts';

const CONTENT_ID = 'DuLieu-0a1b2c3d';
const BASE = 'DSCKS/CKS[1]/Signature';
const PROPERTIES = 'Object/QualifyingProperties/SignedProperties/SignedSignatureProperties';
let pki: TestPki;
let ed25519: { keyPem: string; certPem: string };
const dir = mkdtempSync(join(tmpdir(), 'hocba-ed25519-'));

beforeAll(async () => {
  pki = await makePki();
  // A self-signed Ed25519 certificate (openssl): a sound key of a kind XMLDSig here never verifies with.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ed25519', '-nodes', '-subj', '/CN=Ed25519 school seal',
    '-days', '30', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  ed25519 = { keyPem: readFileSync(join(dir, 'key.pem'), 'utf8'), certPem: readFileSync(join(dir, 'cert.pem'), 'utf8') };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A record whose only signature xmlsec1 made (key of school-a) from this template, `edit`ed before signing. */
function xmlsecSigned(options: Partial<TemplateOptions> = {}, edit = (slot: string) => slot): string {
  const signer = pki.entities['school-a']!;
  const slot = edit(template({ id: 'Sig-1', contentId: CONTENT_ID, certificatePem: signer.certPem, ...options }));
  return xmlsecSign(addSlot(sampleRecord(), slot), 1, signer);
}

function replaceOnce(xml: string, from: RegExp, to: string): string {
  const changed = xml.replace(from, to);
  expect(changed).not.toBe(xml);
  return changed;
}

describe('a signature whose signer cannot be identified', () => {
  it('is whole when nothing is missing (the control)', async () => {
    const [check] = await checkXml(xmlsecSigned());
    expect(codesOf(check!)).toEqual([]);
    expect(check!.integrity).toBe('intact');
  });

  it('refuses a KeyInfo without certificates with signing_certificate_missing', async () => {
    // KeyInfo is outside SignedInfo: removing its certificates leaves the signature otherwise intact.
    const xml = replaceOnce(xmlsecSigned(), /<ds:X509Data>[\s\S]*?<\/ds:X509Data>/, '<ds:X509Data/>');
    const [check] = await checkXml(xml);
    expect(codesOf(check!)).toEqual(['signing_certificate_missing']);
    expect(check!.issues[0]).toMatchObject({ path: `${BASE}/KeyInfo`, params: { detail: 'no certificate in KeyInfo/X509Data' } });
  });

  it('refuses signed properties without SigningCertificateV2 with signing_certificate_missing', async () => {
    const xml = xmlsecSigned({}, (slot) => replaceOnce(slot, /<xades:SigningCertificateV2>[\s\S]*?<\/xades:SigningCertificateV2>/, ''));
    const [check] = await checkXml(xml);
    expect(codesOf(check!)).toEqual(['signing_certificate_missing']);
    expect(check!.issues[0]).toMatchObject({ path: `${BASE}/${PROPERTIES}`, params: { detail: 'no SigningCertificateV2/Cert/CertDigest' } });
  });
});

describe('a signer key of a kind we do not verify', () => {
  it('is refused by our signer with key_refused', async () => {
    const code = await rejectionCode(signAs(sampleRecord(), { ...pki.entities['school-a']!, keyPem: ed25519.keyPem, certPem: ed25519.certPem, chainPem: '' }, 'CoSoGiaoDuc'));
    expect(code).toBe('key_refused');
  });

  it('is refused in a signature with key_refused, before any verification', async () => {
    // The CertDigest names the Ed25519 certificate and KeyInfo carries it: the signer is identified, its key refused.
    const signed = xmlsecSigned({ certificatePem: ed25519.certPem });
    const base64 = ed25519.certPem.replace(/-----[^-]+-----|\s/g, '');
    const xml = replaceOnce(signed, /<ds:X509Data>[\s\S]*?<\/ds:X509Data>/, `<ds:X509Data><ds:X509Certificate>${base64}</ds:X509Certificate></ds:X509Data>`);
    const [check] = await checkXml(xml);
    expect(codesOf(check!)).toEqual(['key_refused']);
    expect(check!.issues[0]).toMatchObject({ path: `${BASE}/KeyInfo`, params: { detail: 'ed25519 key' } });
  });
});

describe('a signature claiming two roles', () => {
  it('is refused with role_ambiguous, naming both', async () => {
    const xml = xmlsecSigned({ role: 'CoSoGiaoDuc</xades:ClaimedRole><xades:ClaimedRole>GVCN' });
    const [check] = await checkXml(xml);
    expect(codesOf(check!)).toEqual(['role_ambiguous']);
    expect(check!.issues[0]).toMatchObject({ path: `${BASE}/${PROPERTIES}/SignerRole`, params: { roles: 'CoSoGiaoDuc, GVCN' } });
    expect(check!.role).toBeNull();
  });
});
