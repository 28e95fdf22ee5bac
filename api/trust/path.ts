// Builds a certification path from the signer to a trust anchor (RFC 5280 §6, RFC 4158 depth-first with backtracking).
import type { ParsedCertificate } from './certificate.ts';
import { isKeyIdCompatible, isSignedBy } from './signed-by.ts';
import type { PreparedTrust } from './trust-material.ts';

/** Longer paths are not met in Vietnamese PKI (root → licensed CA → subscriber) and only cost time. */
const MAX_DEPTH = 8;

export interface CertificationPath {
  /** Signer first, then each issuer; ends at an anchor when `anchored`. */
  readonly certificates: readonly ParsedCertificate[];
  readonly anchored: boolean;
  /** A certificate whose named issuer was found but whose signature that issuer's key does not verify. */
  readonly badSignature: ParsedCertificate | null;
}

interface Search {
  readonly trust: PreparedTrust;
  readonly candidates: readonly ParsedCertificate[];
  badSignature: ParsedCertificate | null;
}

/** Issuers named by `cert`: trust-list CAs first (anchors before intermediates), then certificates from KeyInfo. */
function issuersOf(cert: ParsedCertificate, search: Search): ParsedCertificate[] {
  const fromTrust = search.trust.casBySubject.get(cert.issuerKey) ?? [];
  const fromKeyInfo = search.candidates.filter((candidate) => candidate.subjectKey === cert.issuerKey);
  const seen = new Set<string>();
  return [...fromTrust, ...fromKeyInfo].filter((issuer) => {
    if (seen.has(issuer.fingerprint) || !isKeyIdCompatible(cert.authorityKeyId, issuer)) return false;
    seen.add(issuer.fingerprint);
    return true;
  });
}

async function extend(path: ParsedCertificate[], search: Search): Promise<CertificationPath> {
  const cert = path[path.length - 1]!;
  if (search.trust.anchorFingerprints.has(cert.fingerprint)) {
    return { certificates: path, anchored: true, badSignature: null };
  }
  let longest: ParsedCertificate[] = path;
  if (path.length > MAX_DEPTH) return { certificates: longest, anchored: false, badSignature: null };
  for (const issuer of issuersOf(cert, search)) {
    if (path.some((seen) => seen.fingerprint === issuer.fingerprint)) continue; // a loop, or a self-signed non-anchor
    if (!(await isSignedBy(cert, issuer, search.trust))) {
      search.badSignature ??= cert;
      continue;
    }
    const found = await extend([...path, issuer], search);
    if (found.anchored) return found;
    if (found.certificates.length > longest.length) longest = [...found.certificates];
  }
  return { certificates: longest, anchored: false, badSignature: null };
}

/** The first path that reaches an anchor; otherwise the longest partial path, for the report. */
export async function buildPath(
  signer: ParsedCertificate, candidates: readonly ParsedCertificate[], trust: PreparedTrust,
): Promise<CertificationPath> {
  const search: Search = { trust, candidates, badSignature: null };
  const found = await extend([signer], search);
  return found.anchored ? found : { ...found, badSignature: search.badSignature };
}
