// Did this issuer sign this certificate or CRL? WebCrypto verification, memoised by the fingerprints involved.
import type { ParsedCertificate } from './certificate.ts';
import type { ParsedCrl } from './crl.ts';
import { remember, type PreparedTrust } from './trust-material.ts';
import type { x509 } from './x509.ts';

interface AlgorithmIdentifier { isEqual(other: unknown): boolean }
interface CertificateAsn { signatureAlgorithm: AlgorithmIdentifier; tbsCertificate: { signature: AlgorithmIdentifier } }

/**
 * RFC 5280 §4.1.1.2: the outer signatureAlgorithm must equal the signed one; the library checks this for CRLs
 * only and keeps its ASN.1 `protected`, so read it through a cast.
 */
function hasConsistentAlgorithm(cert: x509.X509Certificate): boolean {
  const asn = (cert as unknown as { asn: CertificateAsn }).asn;
  return asn.signatureAlgorithm.isEqual(asn.tbsCertificate.signature);
}

async function verifyCertificate(child: ParsedCertificate, issuer: ParsedCertificate): Promise<boolean> {
  try {
    if (!hasConsistentAlgorithm(child.cert)) return false;
    // A PublicKey (not the issuer certificate) so the child's own signature algorithm is used with the issuer's key.
    return await child.cert.verify({ publicKey: issuer.cert.publicKey, signatureOnly: true });
  } catch {
    return false; // an algorithm WebCrypto does not know cannot be verified, so it is not a signature
  }
}

async function verifyCrl(crl: ParsedCrl, issuer: ParsedCertificate): Promise<boolean> {
  try {
    // Trap: X509Crl.verify given a certificate uses that certificate's own signature algorithm; a PublicKey uses the CRL's.
    return await crl.crl.verify({ publicKey: issuer.cert.publicKey });
  } catch {
    return false;
  }
}

/** Key identifiers are hints (RFC 5280 §4.2.1.1); when both are present and differ, it is another key. */
export function isKeyIdCompatible(authorityKeyId: string | null, issuer: ParsedCertificate): boolean {
  return authorityKeyId === null || issuer.subjectKeyId === null || authorityKeyId === issuer.subjectKeyId;
}

/** Keyed by the issuer's public key, not its certificate: look-alike issuers sharing one key share one verification. */
export function isSignedBy(child: ParsedCertificate, issuer: ParsedCertificate, trust: PreparedTrust): Promise<boolean> {
  return remember(trust, `cert:${child.fingerprint}>${issuer.publicKeyId}`, () => verifyCertificate(child, issuer));
}

export function isCrlSignedBy(crl: ParsedCrl, issuer: ParsedCertificate, trust: PreparedTrust): Promise<boolean> {
  return remember(trust, `crl:${crl.fingerprint}>${issuer.fingerprint}`, () => verifyCrl(crl, issuer));
}
