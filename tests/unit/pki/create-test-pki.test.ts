import { X509Certificate as NodeCertificate, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, loadTestPki, type TestPki } from '../../../api/pki/index.ts';
import { x509 } from '../../../api/trust/x509.ts';

const NOW = new Date('2026-06-15T08:00:00.000Z');
const DAY = 86_400_000;
let dir: string;
let pki: TestPki;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hocba-pki-'));
  pki = await createTestPki({ outDir: dir, now: NOW });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const certOf = (name: string) => new x509.X509Certificate(pki.entities[name]!.certPem);
const daysFromNow = (date: Date) => Math.round((date.getTime() - NOW.getTime()) / DAY);

describe('createTestPki', () => {
  it('makes every entity and CRL of the plan', () => {
    expect(Object.keys(pki.entities).sort()).toEqual([
      'issuing', 'principal-a', 'principal-b', 'principal-c', 'registry-seal', 'registry-seal-ec', 'root', 'school-a', 'school-b', 'school-c',
      'school-expired', 'school-no-signing-usage', 'school-not-yet-valid', 'school-untrusted', 'school-weak',
      'teacher-a', 'teacher-b', 'teacher-c', 'teacher-revoked', 'untrusted-root',
    ]);
    expect(Object.keys(pki.crls).sort()).toEqual(['issuing', 'issuing-stale', 'root']);
    expect(pki.now).toBe(NOW.toISOString());
  });

  it('writes school A\'s organisation subject in Vietnamese, UTF-8, NFC, in the Vietnamese order', async () => {
    const school = pki.entities['school-a']!;
    const expected = 'C=VN, ST=Hà Nội, O=Trường Tiểu học Kim Đồng, UID=MST:0101234567, CN=Trường Tiểu học Kim Đồng';
    expect(school.subject).toBe(expected);
    expect(school.subject).toBe(school.subject.normalize('NFC'));
    expect(school.schoolCode).toBe('01001001');
    // Node's own parser (OpenSSL) reads the same text back: the bytes are UTF8String, not Latin-1.
    const node = new NodeCertificate(await readFile(school.certPath));
    expect(node.subject).toContain('O=Trường Tiểu học Kim Đồng');
    expect(node.subject).toContain('UID=MST:0101234567');
  });

  it('gives schools and persons the planned keys and identifiers', () => {
    const e = pki.entities;
    expect([e['school-a']!.keyAlgorithm, e['school-b']!.keyAlgorithm, e['school-c']!.keyAlgorithm])
      .toEqual(['RSA 2048', 'ECDSA P-256', 'RSA 3072']);
    expect(e['school-b']!.subject).toContain('O=Trường THCS Giảng Võ');
    expect(e['school-c']!.subject).toContain('O=Trường THPT Phan Đình Phùng');
    expect(e['principal-b']!.keyAlgorithm).toBe('ECDSA P-256');
    expect(e['school-weak']!.keyAlgorithm).toBe('RSA 1024');
    for (const name of ['principal-a', 'teacher-a', 'principal-b', 'teacher-b', 'principal-c', 'teacher-c']) {
      expect(e[name]!.subject).toMatch(/UID=CCCD:\d{12}, CN=\p{L}+( \p{L}+)+$/u);
    }
    expect(new Set(['school-a', 'school-b', 'school-c'].map((n) => e[n]!.subject.match(/MST:\d+/)![0])).size).toBe(3);
  });

  it('makes the registry\'s seal certificates (RSA and ECDSA) under the issuing CA, for the Sở', () => {
    const e = pki.entities;
    expect([e['registry-seal']!.keyAlgorithm, e['registry-seal-ec']!.keyAlgorithm]).toEqual(['RSA 2048', 'ECDSA P-256']);
    for (const name of ['registry-seal', 'registry-seal-ec']) {
      expect(e[name]!.role).toBe('registry-seal');
      expect(e[name]!.subject).toBe('C=VN, ST=Hà Nội, O=Sở Giáo dục và Đào tạo Hà Nội, UID=MST:0101111111, CN=Sở Giáo dục và Đào tạo Hà Nội – Cổng Học bạ số');
      expect(certOf(name).issuer).toBe(certOf('issuing').subject);
    }
  });

  it('marks leaves for signing and CAs for certificate and CRL signing', () => {
    const F = x509.KeyUsageFlags;
    const leaf = certOf('teacher-a');
    expect(leaf.getExtension(x509.KeyUsagesExtension)).toMatchObject({ critical: true, usages: F.digitalSignature | F.nonRepudiation });
    expect(leaf.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    const ca = certOf('issuing');
    expect(ca.getExtension(x509.KeyUsagesExtension)?.usages).toBe(F.keyCertSign | F.cRLSign);
    expect(ca.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(true);
    expect(leaf.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId)
      .toBe(ca.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
    expect(certOf('school-no-signing-usage').getExtension(x509.KeyUsagesExtension)?.usages).toBe(F.keyEncipherment);
  });

  it('sets validity relative to now for the normal and the failure cases', () => {
    expect([daysFromNow(certOf('root').notBefore), daysFromNow(certOf('root').notAfter)]).toEqual([-365, 7300]);
    expect([daysFromNow(certOf('teacher-revoked').notBefore), daysFromNow(certOf('teacher-revoked').notAfter)]).toEqual([-30, 730]);
    expect(daysFromNow(certOf('school-expired').notAfter)).toBe(-365);
    expect(daysFromNow(certOf('school-expired').notBefore)).toBe(-1095);
    expect(daysFromNow(certOf('school-not-yet-valid').notBefore)).toBe(365);
    expect(certOf('school-untrusted').issuer).toBe(certOf('untrusted-root').subject);
    expect(pki.entities['school-untrusted']!.chainPem).toBe(pki.entities['untrusted-root']!.certPem);
  });

  it('lists only teacher-revoked in the issuing CA\'s CRL, revoked a day ago', () => {
    const crl = new x509.X509Crl(pki.crls.issuing!.pem);
    expect(crl.entries).toHaveLength(1);
    expect(crl.findRevoked(certOf('teacher-revoked'))?.revocationDate).toEqual(new Date(NOW.getTime() - DAY));
    expect(crl.thisUpdate).toEqual(new Date(NOW.getTime() - 3_600_000));
    expect(crl.nextUpdate).toEqual(new Date(NOW.getTime() + 7 * DAY));
    expect(new x509.X509Crl(pki.crls.root!.pem).entries).toHaveLength(0);
    expect(new x509.X509Crl(pki.crls['issuing-stale']!.pem).nextUpdate!.getTime()).toBeLessThan(NOW.getTime());
    expect(pki.crls.issuing!.pem).toMatch(/^-----BEGIN X509 CRL-----/);
  });

  it('writes PKCS#8 keys that belong to their certificates', () => {
    for (const name of ['school-a', 'school-b', 'principal-b', 'school-c']) {
      const entity = pki.entities[name]!;
      expect(entity.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      const data = Buffer.from('Học bạ số');
      const signature = sign('sha256', data, createPrivateKey(entity.keyPem));
      expect(verify('sha256', data, createPublicKey(entity.certPem), signature)).toBe(true);
    }
  });

  it('gives each leaf a chain of issuing CA then root, and none to CAs', () => {
    const e = pki.entities;
    expect(e['teacher-a']!.chainPem).toBe(e.issuing!.certPem + e.root!.certPem);
    expect(e.root!.chainPem).toBe('');
    expect(e.issuing!.chainPem).toBe('');
  });
});

describe('loadTestPki', () => {
  it('reads back what createTestPki returned from pki.json and the PEM files', async () => {
    expect(loadTestPki(dir)).toEqual(pki);
    const manifest = JSON.parse(await readFile(join(dir, 'pki.json'), 'utf8'));
    expect(manifest.entities['school-a']).toMatchObject({
      role: 'school', subject: pki.entities['school-a']!.subject, certPath: 'school-a.cert.pem', keyPath: 'school-a.key.pem',
    });
    expect(manifest.crls.issuing).toEqual({ issuer: 'issuing', path: 'issuing.crl.pem' });
  });
});
