// Is the signer's certificate trusted at signing time? Path to an anchor, per-certificate rules, revocation (SPEC §7 "The checks").
import { issue, severityOf, type Issue } from '../errors.ts';
import { rememberedDigest } from '../byte-digests.ts';
import { parseCertificate, type CertificateSummary, type ParsedCertificate } from './certificate.ts';
import { checkPathConstraints } from './constraints.ts';
import { buildPath, PATH_LIMITS, type PathWork } from './path.ts';
import { checkRevocation, type RevocationStatus } from './revocation.ts';
import { remember, type PreparedTrust } from './trust-material.ts';

export interface CertificateCheckInput {
  /** DER of the signing certificate (identified by the signature module). */
  readonly signer: Uint8Array;
  /** Other certificates from the signature's KeyInfo: may supply intermediates, never anchors. */
  readonly candidates: readonly Uint8Array[];
  readonly trust: PreparedTrust;
  /** The claimed signing time: the certificates must be valid then (RFC 5280 §6 at a time in the past). */
  readonly signingTime: Date;
  /** When the check runs: CRLs must be current now. */
  readonly now: Date;
  /** A proven time of existence (e.g. the registry's receipt), which settles a revocation after signing. */
  readonly proofOfExistence?: Date;
  /** 1-based CKS slot, copied onto every issue. */
  readonly signature?: number;
}

export interface CertificateCheck {
  readonly signer: CertificateSummary;
  /** Issuer of the signer first, up to the anchor (or as far as a path was found). */
  readonly chain: CertificateSummary[];
  readonly chainStatus: 'trusted' | 'untrusted' | 'invalid';
  readonly revocation: RevocationStatus;
  readonly issues: Issue[];
  /** Work the path search did (signature checks, certificates visited): bounded by PATH_LIMITS whatever KeyInfo holds. */
  readonly pathWork: PathWork;
}

const REVOCATION_CODES = new Set(['cert_revoked', 'cert_revoked_no_poe', 'revocation_unknown', 'revocation_stale']);

/** Parsed once per distinct certificate: a school's seal signs thousands of records. */
function parseRemembered(der: Uint8Array, trust: PreparedTrust): ParsedCertificate {
  // The signature layer hands the same cached DER buffers for a certificate seen before: its fingerprint (SHA-256)
  // is remembered with them rather than hashed again for every signature (issue 14).
  return remember(trust, `parsed:${rememberedDigest(der, 'sha256').toString('hex')}`, () => parseCertificate(der));
}

function parseCandidates(ders: readonly Uint8Array[], trust: PreparedTrust): ParsedCertificate[] {
  return ders.flatMap((der) => {
    try {
      return [parseRemembered(der, trust)];
    } catch {
      return []; // an unreadable extra certificate cannot help build a path; the signer's own is checked strictly
    }
  });
}

/** Throws `cert_malformed` when the signer's bytes are not a certificate (the caller turns it into an issue). */
export async function checkCertificate(input: CertificateCheckInput): Promise<CertificateCheck> {
  const { trust, signature } = input;
  const signer = parseRemembered(input.signer, trust);
  // Parsing is the dear part of a certificate (milliseconds): only the first few KeyInfo certificates are read.
  const candidates = parseCandidates(input.candidates.slice(0, PATH_LIMITS.candidates), trust);
  const path = await buildPath(signer, candidates, trust, input.candidates.length > PATH_LIMITS.candidates);
  const issues = checkPathConstraints({
    path: path.certificates, anchored: path.anchored, signingTime: input.signingTime, signature,
  });
  const chain = path.certificates.slice(1).map((cert) => cert.summary);

  const pathWork = path.work;
  if (!path.anchored) {
    // A capped search proves nothing about the chain: say so rather than call it untrusted or forged.
    const code = path.tooCostly ? 'cert_path_too_costly' : path.badSignature ? 'cert_signature_invalid' : 'cert_untrusted';
    const stuck = path.tooCostly ? signer : path.badSignature ?? path.certificates[path.certificates.length - 1]!;
    const params = { certificate: stuck.summary.commonName ?? stuck.summary.subject, issuer: stuck.summary.issuer };
    issues.unshift(issue(code, { signature, params }));
    const chainStatus = path.badSignature && !path.tooCostly ? 'invalid' : 'untrusted';
    return { signer: signer.summary, chain, chainStatus, revocation: 'unknown', issues, pathWork };
  }

  const revocation = await checkRevocation({
    path: path.certificates, trust, signingTime: input.signingTime, now: input.now,
    proofOfExistence: input.proofOfExistence, signature,
  });
  issues.push(...revocation.issues);
  const broken = issues.some((found) => !REVOCATION_CODES.has(found.code) && severityOf(found.code) === 'error');
  return {
    signer: signer.summary, chain, chainStatus: broken ? 'invalid' : 'trusted', revocation: revocation.status, issues, pathWork,
  };
}
