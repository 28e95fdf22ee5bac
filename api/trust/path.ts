// Builds a certification path from the signer to a trust anchor (RFC 5280 §6, RFC 4158), breadth-first with counted work.
//
// Why breadth-first with one visit per certificate: KeyInfo is attacker-controlled. N look-alike CA certificates
// (one subject, one key, different serials) all issue each other, and a depth-first search that remembers no failed
// sub-path tries every ordering of them: N!/(N−8)! paths (19 s for N = 11, issue 11). Here each certificate is
// expanded at most once (a certificate already reached is reached by a path no longer than the new one), each
// (certificate, issuer key) signature is checked at most once, and both are capped: when a cap stops the search
// before an anchor is reached, the answer is "too costly to decide", never a guessed "untrusted".
import type { ParsedCertificate } from './certificate.ts';
import { isKeyIdCompatible, isSignedBy } from './signed-by.ts';
import type { PreparedTrust } from './trust-material.ts';

export const PATH_LIMITS = {
  /**
   * KeyInfo certificates read as possible intermediates, per signature (each costs a parse of milliseconds); a real
   * KeyInfo holds the signer and two or three CAs.
   */
  candidates: 16,
  /** Longer paths are not met in Vietnamese PKI (root → licensed CA → subscriber) and only cost time. */
  maxDepth: 8,
  /** Issuer candidates (same issuer name) examined for one certificate; a real one has a handful (renewed CA keys). */
  issuersPerCertificate: 64,
  /** Distinct (certificate, issuer key) signature verifications in one path build; a real path needs two or three. */
  signatureChecks: 32,
} as const;

/** What one path build did: tests bound it, never the wall time. */
export interface PathWork {
  /** Distinct (certificate, issuer public key) signature verifications asked for (process memo hits included). */
  signatureChecks: number;
  /** Certificates whose issuers were looked for. */
  certificatesVisited: number;
  /** Issuer candidates examined, over all visited certificates. */
  issuersConsidered: number;
}

export interface CertificationPath {
  /** Signer first, then each issuer; ends at an anchor when `anchored`. */
  readonly certificates: readonly ParsedCertificate[];
  readonly anchored: boolean;
  /** A certificate whose named issuer was found but whose signature that issuer's key does not verify. */
  readonly badSignature: ParsedCertificate | null;
  /** No anchor reached, and a cap of PATH_LIMITS stopped the search: whether a path exists is not known. */
  readonly tooCostly: boolean;
  readonly work: PathWork;
}

interface Reached {
  readonly cert: ParsedCertificate;
  /** The certificate this one issued, towards the signer; null for the signer. */
  readonly below: Reached | null;
  readonly depth: number;
}

class Search {
  readonly work: PathWork = { signatureChecks: 0, certificatesVisited: 0, issuersConsidered: 0 };
  readonly reached = new Set<string>();
  badSignature: ParsedCertificate | null = null;
  /** Some certificate had more issuer candidates than were examined: the search went on without the rest. */
  truncated = false;
  /** The signature-check budget ran out: the search ended there. */
  stopped = false;
  /** Subject name key → issuer candidates not reached yet: trust-list CAs first (anchors first), then KeyInfo's. */
  private readonly pending = new Map<string, ParsedCertificate[]>();
  private readonly keyInfoBySubject = new Map<string, ParsedCertificate[]>();
  private readonly checked = new Map<string, boolean>();
  readonly trust: PreparedTrust;

  constructor(trust: PreparedTrust, candidates: readonly ParsedCertificate[]) {
    this.trust = trust;
    for (const candidate of candidates) {
      const list = this.keyInfoBySubject.get(candidate.subjectKey);
      if (list) list.push(candidate);
      else this.keyInfoBySubject.set(candidate.subjectKey, [candidate]);
    }
  }

  /** The not-yet-reached certificates named as `cert`'s issuer; reached ones are dropped so no one is examined twice. */
  issuersOf(cert: ParsedCertificate): ParsedCertificate[] {
    let list = this.pending.get(cert.issuerKey);
    if (!list) {
      const seen = new Set<string>();
      const all = [...(this.trust.casBySubject.get(cert.issuerKey) ?? []), ...(this.keyInfoBySubject.get(cert.issuerKey) ?? [])];
      list = all.filter((issuer) => !seen.has(issuer.fingerprint) && seen.add(issuer.fingerprint));
      this.pending.set(cert.issuerKey, list);
    }
    const open = list.filter((issuer) => !this.reached.has(issuer.fingerprint));
    if (open.length !== list.length) this.pending.set(cert.issuerKey, open);
    return open;
  }

  /** One verification per (certificate, issuer key): look-alikes sharing a key share the answer. Null past the cap. */
  async isSignedBy(cert: ParsedCertificate, issuer: ParsedCertificate): Promise<boolean | null> {
    const key = `${cert.fingerprint}>${issuer.publicKeyId}`;
    const known = this.checked.get(key);
    if (known !== undefined) return known;
    if (this.work.signatureChecks >= PATH_LIMITS.signatureChecks) return null;
    this.work.signatureChecks++;
    const signed = await isSignedBy(cert, issuer, this.trust);
    this.checked.set(key, signed);
    return signed;
  }
}

function pathTo(node: Reached): ParsedCertificate[] {
  const path: ParsedCertificate[] = [];
  for (let at: Reached | null = node; at; at = at.below) path.unshift(at.cert);
  return path;
}

/**
 * The shortest path that reaches an anchor; otherwise the longest partial path found, for the report.
 * `candidatesDropped`: the caller read only PATH_LIMITS.candidates of KeyInfo's certificates, so a failure is not proven.
 */
export async function buildPath(
  signer: ParsedCertificate, candidates: readonly ParsedCertificate[], trust: PreparedTrust, candidatesDropped = false,
): Promise<CertificationPath> {
  const search = new Search(trust, candidates);
  search.truncated = candidatesDropped;
  const start: Reached = { cert: signer, below: null, depth: 0 };
  const done = (node: Reached, anchored: boolean): CertificationPath => ({
    certificates: pathTo(node), anchored,
    badSignature: anchored ? null : search.badSignature,
    tooCostly: !anchored && (search.truncated || search.stopped),
    work: search.work,
  });
  if (trust.anchorFingerprints.has(signer.fingerprint)) return done(start, true);
  search.reached.add(signer.fingerprint);
  const queue: Reached[] = [start];
  let deepest = start;
  for (let head = 0; head < queue.length && !search.stopped; head++) {
    const node = queue[head]!;
    if (node.depth >= PATH_LIMITS.maxDepth) continue;
    search.work.certificatesVisited++;
    const issuers = search.issuersOf(node.cert);
    if (issuers.length > PATH_LIMITS.issuersPerCertificate) search.truncated = true;
    for (const issuer of issuers.slice(0, PATH_LIMITS.issuersPerCertificate)) {
      search.work.issuersConsidered++;
      if (search.reached.has(issuer.fingerprint)) continue; // reached through an earlier sibling of this list
      if (!isKeyIdCompatible(node.cert.authorityKeyId, issuer)) continue;
      const signed = await search.isSignedBy(node.cert, issuer);
      if (signed === null) {
        search.stopped = true;
        break;
      }
      if (!signed) {
        search.badSignature ??= node.cert;
        continue;
      }
      const next: Reached = { cert: issuer, below: node, depth: node.depth + 1 };
      // The first anchor found breadth-first ends the shortest path: no shorter one is left to find.
      if (trust.anchorFingerprints.has(issuer.fingerprint)) return done(next, true);
      search.reached.add(issuer.fingerprint);
      queue.push(next);
      if (next.depth > deepest.depth) deepest = next;
    }
  }
  return done(deepest, false);
}
