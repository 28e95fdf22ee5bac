// Attacks through who signs and how: unknown and weak algorithms, key-length and curve downgrades, defective,
// forged or misused certificates, and signers the school policy does not allow (SPEC §7 "The checks").
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { x509 } from '../../../api/trust/x509.ts';
import { URI } from '../../unit/signature/support/templates.ts';
import { contentIdOf, replaceOnce } from './text.ts';
import type { Kit } from './kit.ts';
import type { Recipe } from './types.ts';

const DAY = 86_400_000;
const certBase64 = (pem: string) => new X509Certificate(pem).raw.toString('base64');

/** Puts `pem` first in the last signature's X509Data (KeyInfo is not signed: anyone may add certificates). */
function injectCertificate(xml: string, pem: string): string {
  const at = xml.lastIndexOf('<ds:X509Data>') + '<ds:X509Data>'.length;
  if (at < '<ds:X509Data>'.length) throw new Error('recipe: no X509Data');
  return `${xml.slice(0, at)}<ds:X509Certificate>${certBase64(pem)}</ds:X509Certificate>${xml.slice(at)}`;
}

/**
 * `count` CA certificates named like the trusted issuing CA, self-issued with the forged issuing CA's key, no key
 * identifiers: each verifies school-forged-chain's seal and every other one (issue 11: a depth-first path search
 * tried count!/(count−8)! orderings of them).
 */
async function lookAlikeCas(kit: Kit, count: number): Promise<string[]> {
  const forged = kit.entity('forged-issuing');
  const name = new x509.X509Certificate(kit.entity('issuing').certPem).subjectName;
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const der = x509.PemConverter.decode(forged.keyPem)[0]!;
  const signingKey = await crypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
  const publicKey = new x509.X509Certificate(forged.certPem).publicKey;
  const made: string[] = [];
  for (let serial = 1; serial <= count; serial++) {
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: (0x1000 + serial).toString(16), subject: name, issuer: name, publicKey, signingKey, signingAlgorithm: algorithm,
      notBefore: new Date(kit.now.getTime() - 30 * DAY), notAfter: new Date(kit.now.getTime() + 30 * DAY),
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    });
    made.push(cert.toString('pem'));
  }
  return made;
}

async function withLookAlikes(kit: Kit, seed: number, count: number): Promise<string> {
  let xml = await kit.sign(kit.unsigned(seed), 'school-forged-chain');
  for (const pem of await lookAlikeCas(kit, count)) xml = injectCertificate(xml, pem);
  return xml;
}

export const SIGNERS: Recipe[] = [
  {
    file: 'algorithms/rsa-sha1.xml', category: 'algorithms', expected: 'algorithm_refused', expectedCodes: ['algorithm_refused', 'algorithm_refused', 'algorithm_refused'], verdict: 'invalid', ingest: true,
    technique: 'RSA-SHA1 signature with SHA-1 digests (still common in Vietnamese e-documents), made by xmlsec1',
    build: (kit) => kit.xmlsec(kit.unsigned(501), 'school-a', { signatureMethod: URI.rsaSha1, digest: URI.sha1 }),
  },
  {
    file: 'algorithms/sha1-digest-under-rsa-sha256.xml', category: 'algorithms', expected: 'algorithm_refused', expectedCodes: ['algorithm_refused', 'algorithm_refused'], verdict: 'invalid',
    technique: 'SHA-1 reference digests under an RSA-SHA256 signature, made by xmlsec1',
    build: (kit) => kit.xmlsec(kit.unsigned(502), 'school-a', { digest: URI.sha1 }),
  },
  {
    file: 'algorithms/md5-digest-method.xml', category: 'algorithms', expected: 'algorithm_refused', expectedCodes: ['algorithm_refused', 'signature_invalid'], verdict: 'invalid',
    technique: 'The content reference DigestMethod switched to MD5',
    build: async (kit) => replaceOnce(await kit.sealed(503), `<ds:DigestMethod Algorithm="${URI.sha256}"/>`, '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#md5"/>'),
  },
  {
    file: 'algorithms/unknown-signature-method.xml', category: 'algorithms', expected: 'algorithm_unsupported', verdict: 'invalid',
    technique: 'A SignatureMethod URI nobody implements',
    build: async (kit) => replaceOnce(await kit.sealed(504), URI.rsaSha256, 'http://www.w3.org/2001/04/xmldsig-more#rsa-whirlpool'),
  },
  {
    file: 'algorithms/unknown-canonicalization.xml', category: 'algorithms', expected: 'algorithm_unsupported', verdict: 'invalid',
    technique: 'A CanonicalizationMethod outside the four accepted (C14N 1.1)',
    build: async (kit) => replaceOnce(await kit.sealed(505), `<ds:CanonicalizationMethod Algorithm="${URI.c14n}"/>`, '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2006/12/xml-c14n11"/>'),
  },
  {
    file: 'algorithms/hmac-keyed-with-public-certificate.xml', category: 'algorithms', expected: 'algorithm_unsupported', verdict: 'invalid', ingest: true,
    technique: "Key confusion: an HMAC-SHA256 'signature' keyed with the school's public certificate, which anyone has (xmlsec1)",
    build(kit) {
      const seal = kit.entity('school-a');
      const dir = mkdtempSync(join(tmpdir(), 'hocba-hmac-'));
      const key = join(dir, 'hmac.key');
      writeFileSync(key, new X509Certificate(seal.certPem).raw);
      const xml = kit.xmlsec(kit.unsigned(506), 'school-a', { signatureMethod: 'http://www.w3.org/2001/04/xmldsig-more#hmac-sha256' }, ['--hmackey', key]);
      return xml.includes('<ds:X509Certificate>') ? xml : injectCertificate(xml.replace('<ds:X509Data/>', '<ds:X509Data></ds:X509Data>'), seal.certPem);
    },
  },
  {
    file: 'algorithms/ecdsa-method-with-rsa-key.xml', category: 'algorithms', expected: 'signature_invalid', verdict: 'invalid',
    technique: 'SignatureMethod switched to ECDSA-SHA256 while the signer key is RSA (algorithm/key confusion)',
    build: async (kit) => replaceOnce(await kit.sealed(507), URI.rsaSha256, URI.ecdsaSha256),
  },
  {
    file: 'keys/rsa-1024.xml', category: 'key-strength', expected: 'key_too_weak', verdict: 'invalid', ingest: true,
    technique: 'Key-length downgrade: an approved seal certificate with an RSA 1024-bit key, signed by xmlsec1',
    build: (kit) => kit.xmlsec(kit.unsigned(511), 'school-weak'),
  },
  {
    file: 'keys/ecdsa-p192.xml', category: 'key-strength', expected: 'key_too_weak', verdict: 'invalid', ingest: true,
    technique: 'Curve downgrade: an approved seal certificate on P-192',
    build: (kit) => kit.sign(kit.unsigned(512), 'school-p192'),
  },
  {
    file: 'keys/ecdsa-secp256k1.xml', category: 'key-strength', expected: 'key_too_weak', verdict: 'invalid',
    technique: 'Curve substitution: an approved seal certificate on secp256k1 (not a NIST curve the policy allows)',
    build: (kit) => kit.sign(kit.unsigned(513), 'school-secp256k1'),
  },
  {
    file: 'keys/certificate-signed-with-sha1.xml', category: 'key-strength', expected: 'cert_algorithm_too_weak', verdict: 'invalid',
    technique: 'Hash downgrade in the certificate: the CA signed the approved seal certificate with SHA-1',
    build: (kit) => kit.sign(kit.unsigned(514), 'school-sha1-cert'),
  },
  {
    file: 'certificates/no-signing-usage.xml', category: 'certificates', expected: 'cert_key_usage', verdict: 'invalid', ingest: true,
    technique: 'A certificate for key encipherment only (no digitalSignature or nonRepudiation) used to seal',
    build: (kit) => kit.sign(kit.unsigned(521), 'school-no-signing-usage'),
  },
  {
    file: 'certificates/expired-at-signing.xml', category: 'certificates', expected: 'cert_expired_at_signing', verdict: 'invalid', ingest: true,
    technique: 'A seal certificate that had expired a year before the signing time',
    build: (kit) => kit.sign(kit.unsigned(522), 'school-expired'),
  },
  {
    file: 'certificates/not-yet-valid-at-signing.xml', category: 'certificates', expected: 'cert_not_yet_valid_at_signing', verdict: 'invalid',
    technique: 'A seal certificate valid only from a year after the signing time',
    build: (kit) => kit.sign(kit.unsigned(523), 'school-not-yet-valid'),
  },
  {
    file: 'certificates/revoked-at-signing.xml', category: 'certificates', expected: 'cert_revoked', verdict: 'invalid', ingest: true,
    technique: "A homeroom teacher's co-signature made a day after the certificate was revoked (in the CA's CRL)",
    build: async (kit) => kit.sign(await kit.sealed(524), 'teacher-revoked', 'GVCN'),
  },
  {
    file: 'certificates/revoked-backdated-signing-time.xml', category: 'certificates', expected: 'cert_revoked_no_poe', verdict: 'indeterminate', ingest: true,
    technique: 'A revoked key used with the claimed signing time backdated before the revocation (no proof it existed then)',
    build: async (kit) => kit.sign(await kit.sealed(525), 'teacher-revoked', 'GVCN', { signingTime: new Date(kit.now.getTime() - 2 * DAY) }),
  },
  {
    file: 'certificates/untrusted-ca.xml', category: 'certificates', expected: 'cert_untrusted', verdict: 'invalid', ingest: true,
    technique: 'A seal certificate from a CA outside the trust list (its root carried in KeyInfo)',
    build: (kit) => kit.sign(kit.unsigned(526), 'school-untrusted'),
  },
  {
    file: 'certificates/self-signed-lookalike.xml', category: 'certificates', expected: 'cert_untrusted', verdict: 'invalid',
    technique: "A self-signed certificate with the school seal's exact subject",
    build: (kit) => kit.sign(kit.unsigned(527), 'school-self-signed'),
  },
  {
    file: 'certificates/forged-intermediate.xml', category: 'certificates', expected: 'cert_signature_invalid', verdict: 'invalid', ingest: true,
    technique: 'Chain injection: KeyInfo carries a CA certificate named like the trusted issuing CA, made with the attacker key',
    build: (kit) => kit.sign(kit.unsigned(528), 'school-forged-chain'),
  },
  {
    file: 'certificates/keyinfo-certificate-swap.xml', category: 'certificates', expected: 'signature_invalid', verdict: 'invalid', ingest: true,
    technique: "Signed with an attacker key, CertDigest and KeyInfo naming the school's genuine certificate (KeyInfo is unsigned)",
    build(kit) {
      const attacker = kit.entity('school-untrusted');
      const xml = kit.xmlsec(kit.unsigned(529), 'school-untrusted', { certificatePem: kit.entity('school-a').certPem },
        ['--privkey-pem', `${attacker.keyPath},${attacker.certPath}`]);
      return injectCertificate(xml, kit.entity('school-a').certPem);
    },
  },
  {
    file: 'certificates/signing-time-in-future.xml', category: 'certificates', expected: 'signing_time_in_future', verdict: 'invalid',
    technique: 'A signing time claimed a day after the check (forward-dating past a later revocation)',
    build: (kit) => kit.sign(kit.unsigned(530), 'school-a', 'CoSoGiaoDuc', { signingTime: new Date(kit.now.getTime() + DAY) }),
  },
  {
    file: 'generated/lookalike-cas-12.xml', category: 'certificates', expected: 'cert_signature_invalid', verdict: 'invalid', generated: true,
    technique: 'Path-search blow-up: 12 look-alike issuing CA certificates (one attacker key, different serials) in KeyInfo; the path search stays linear',
    build: (kit) => withLookAlikes(kit, 531, 12),
  },
  {
    file: 'generated/lookalike-cas-100.xml', category: 'certificates', expected: 'cert_path_too_costly', verdict: 'indeterminate', generated: true,
    technique: 'Path-search blow-up past the caps: 100 look-alike issuing CA certificates in KeyInfo; only the first 16 are read and the search says so',
    build: (kit) => withLookAlikes(kit, 532, 100),
  },
  {
    file: 'policy/seal-of-another-school.xml', category: 'policy', expected: 'cert_not_approved', verdict: 'invalid', ingest: true,
    technique: "School A's record sealed with school B's approved seal: a valid signer approved for another school",
    build: (kit) => kit.sign(kit.unsigned(541), 'school-b'),
  },
  {
    file: 'policy/principal-certificate-as-seal.xml', category: 'policy', expected: 'cert_not_approved', verdict: 'invalid',
    technique: "The principal's personal certificate claiming the school-seal role CoSoGiaoDuc",
    build: (kit) => kit.sign(kit.unsigned(542), 'principal-a', 'CoSoGiaoDuc'),
  },
  {
    file: 'policy/record-of-another-school.xml', category: 'policy', expected: null, verdict: 'valid', ingest: true, pushAs: 'b',
    ingestExpected: 'school_mismatch',
    technique: "School A's genuine, intact record pushed with school B's token",
    build: (kit) => kit.sealed(543),
  },
  {
    file: 'policy/unsigned.xml', category: 'policy', expected: 'record_unsigned', verdict: 'invalid', ingest: true,
    technique: 'A record with no signature at all',
    build: (kit) => kit.unsigned(544),
  },
  {
    file: 'policy/no-school-seal.xml', category: 'policy', expected: 'school_seal_missing', verdict: 'invalid',
    technique: "Only the homeroom teacher's signature, no school seal",
    build: (kit) => kit.sign(kit.unsigned(545), 'teacher-a', 'GVCN'),
  },
  {
    file: 'policy/two-school-seals.xml', category: 'policy', expected: 'school_seal_duplicate', verdict: 'invalid',
    technique: 'Two CoSoGiaoDuc seals (which one would a reader show?)',
    build: async (kit) => kit.sign(await kit.sealed(546), 'school-a'),
  },
  {
    file: 'policy/too-many-signatures.xml', category: 'policy', expected: 'too_many_signatures', verdict: 'invalid',
    technique: 'Thirty-three signatures on one record (verification cost per record is capped at 32)',
    async build(kit) {
      let xml = await kit.sealed(547);
      for (let i = 0; i < 32; i++) xml = await kit.sign(xml, 'teacher-a', 'GVBM');
      return xml;
    },
  },
  {
    file: 'envelope/wrong-root-namespace.xml', category: 'envelope', expected: 'envelope_root', verdict: 'invalid', ingest: true,
    technique: 'The signed record under a root in another namespace',
    build: async (kit) => replaceOnce(await kit.sealed(551), 'xmlns="urn:hocba:hoc-ba-so:1"', 'xmlns="urn:hocba:hoc-ba-so:2"'),
  },
  {
    file: 'envelope/unknown-version.xml', category: 'envelope', expected: 'envelope_version', verdict: 'invalid',
    technique: 'PhienBan (outside the signed DuLieu) changed to a version this registry does not read',
    build: async (kit) => replaceOnce(await kit.sealed(552), 'PhienBan="1.0"', 'PhienBan="9.9"'),
  },
  {
    file: 'envelope/content-without-id.xml', category: 'envelope', expected: 'envelope_content_missing', verdict: 'invalid',
    technique: 'DuLieu without its Id (nothing for the signatures to reference)',
    build: async (kit) => {
      const xml = await kit.sealed(553);
      return replaceOnce(xml, ` Id="${contentIdOf(xml)}"`, '');
    },
  },
];
