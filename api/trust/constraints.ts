// Per-certificate rules on a built path at signing time: validity, CA constraints, key usage, key and algorithm strength (RFC 5280 §6.1.3-4, SPEC §7).
import { issue, type Issue, type IssueCode } from '../errors.ts';
import type { ParsedCertificate } from './certificate.ts';
import { x509 } from './x509.ts';

const UNDERSTOOD_EXTENSIONS = new Set([
  '2.5.29.14', '2.5.29.35', // subject / authority key identifier
  '2.5.29.15', '2.5.29.19', '2.5.29.37', // key usage, basic constraints, extended key usage
  '2.5.29.17', '2.5.29.18', // subject / issuer alternative name
  '2.5.29.32', // certificate policies: any policy is acceptable (initial-policy-set = anyPolicy)
]);
const STRONG_CURVES = new Set(['P-256', 'P-384', 'P-521']);
const STRONG_HASHES = new Set(['SHA-256', 'SHA-384', 'SHA-512']);
const MIN_RSA_BITS = 2048;

export interface ConstraintInput {
  /** Signer first; the last one is the anchor when `anchored`. */
  readonly path: readonly ParsedCertificate[];
  readonly anchored: boolean;
  readonly signingTime: Date;
  readonly signature?: number;
}

type Report = (code: IssueCode, cert: ParsedCertificate, depth: number, params?: Record<string, string | number>) => void;

function checkValidity(cert: ParsedCertificate, depth: number, at: Date, report: Report): void {
  const params = { notBefore: cert.summary.notBefore, notAfter: cert.summary.notAfter, signingTime: at.toISOString() };
  if (at.getTime() > cert.cert.notAfter.getTime()) report('cert_expired_at_signing', cert, depth, params);
  if (at.getTime() < cert.cert.notBefore.getTime()) report('cert_not_yet_valid_at_signing', cert, depth, params);
}

function checkStrength(cert: ParsedCertificate, depth: number, isAnchor: boolean, report: Report): void {
  const key = cert.publicKey;
  const strong = key.type === 'RSA' ? (key.bits ?? 0) >= MIN_RSA_BITS : key.type === 'ECDSA' && STRONG_CURVES.has(key.curve ?? '');
  if (!strong) report('key_too_weak', cert, depth, { publicKey: key.text });
  if (isAnchor) return; // an anchor is trusted by configuration, not by its self-signature
  let hash = 'unknown';
  try {
    const algorithm = cert.cert.signatureAlgorithm as Algorithm & { hash?: Algorithm };
    hash = algorithm.hash?.name ?? 'unknown';
  } catch { /* an algorithm the library does not know: reported as not strong */ }
  if (!STRONG_HASHES.has(hash)) report('cert_algorithm_too_weak', cert, depth, { algorithm: hash });
}

/** RFC 5280 §6.1.4 (k)(l)(n): an issuer must be a CA allowed to sign certificates, within its path length. */
function checkIssuer(cert: ParsedCertificate, depth: number, report: Report): void {
  const basic = cert.cert.getExtension(x509.BasicConstraintsExtension);
  const usage = cert.cert.getExtension(x509.KeyUsagesExtension);
  if (!basic?.ca || (usage && (usage.usages & x509.KeyUsageFlags.keyCertSign) === 0)) {
    report('cert_not_ca', cert, depth);
  }
  // Intermediate CAs below this one: depth - 1 (the signer is not counted).
  if (basic?.pathLength !== undefined && depth - 1 > basic.pathLength) {
    report('cert_path_too_long', cert, depth, { pathLength: basic.pathLength });
  }
}

function checkSignerUsage(cert: ParsedCertificate, report: Report): void {
  const usage = cert.cert.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
  const signing = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
  if ((usage & signing) === 0) report('cert_key_usage', cert, 0);
}

export function checkPathConstraints(input: ConstraintInput): Issue[] {
  const issues: Issue[] = [];
  const report: Report = (code, cert, depth, params = {}) => {
    const certificate = cert.summary.commonName ?? cert.summary.subject;
    issues.push(issue(code, { signature: input.signature, params: { certificate, depth, ...params } }));
  };
  input.path.forEach((cert, depth) => {
    const isAnchor = input.anchored && depth === input.path.length - 1;
    checkValidity(cert, depth, input.signingTime, report);
    checkStrength(cert, depth, isAnchor, report);
    if (depth === 0) checkSignerUsage(cert, report);
    if (depth > 0 && !isAnchor) checkIssuer(cert, depth, report);
    const unknown = isAnchor ? [] : cert.cert.extensions.filter((ext) => ext.critical && !UNDERSTOOD_EXTENSIONS.has(ext.type));
    for (const ext of unknown) report('cert_unsupported_critical_extension', cert, depth, { extension: ext.type });
  });
  return issues;
}
