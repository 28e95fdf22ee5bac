// The one verification engine: (bytes, trust, time) → Report. Pure apart from CPU; the CLI, API and ingest share it.
import { sha256Hex } from '../byte-digests.ts';
import { decodePackage, decodePackageCounted, looksLikeXml, type CodecLimits, DEFAULT_CODEC_LIMITS } from '../codec/index.ts';
import { HocbaError, type Issue } from '../errors.ts';
import { parseXml, type XmlLimits, DEFAULT_XML_LIMITS } from '../xml/index.ts';
import { readEnvelope, parseRecord, validateRecord, type HocBaRecord } from '../record/index.ts';
import { verifySignatures, type SignatureCheck } from '../signature/index.ts';
import { checkCertificate, describeCertificate, isApprovedFor, type PreparedTrust } from '../trust/index.ts';
import { judgeSigners } from '../policy/index.ts';
import { toSignatureReport, verdictOf, indicationOf } from './summarise.ts';
import type { Report } from './report.ts';

export const ENGINE_VERSION = 'hocba-verify/1';

export interface VerifyOptions {
  readonly trust: PreparedTrust;
  /** The time the check is made for: CRL currency and "signed in the future" are judged against it. */
  readonly now: Date;
  /** When the registry first received the bytes (proof of existence, ETSI): a later revocation does not void it. */
  readonly proofOfExistence?: Date;
  /** False for an offline check without the registry's approval list (SPEC §4 `hocba verify`). */
  readonly checkApprovals?: boolean;
  readonly codecLimits?: CodecLimits;
  readonly xmlLimits?: XmlLimits;
}

export interface PackageReport {
  readonly report: Report;
  /** The exact XML bytes inside the package, when it could be decoded. */
  readonly xml: Buffer | null;
}

/**
 * A package of a school's batch as ingest needs it (api/registry/ingest.ts): its XML, the XML's digest and the
 * engine's report, or its coded refusal and the digest of the text; either way the bytes inflated, which a batch's
 * budget counts. One job on a verification worker (issue 14: decoding and verifying as two jobs sent the XML from
 * the worker to the main thread and back, and woke each thread twice per package).
 */
export type CheckedPackage =
  | { readonly xml: Uint8Array; readonly digest: string; readonly report: Report; readonly issue: null; readonly inflatedBytes: number }
  | { readonly xml: null; readonly digest: string; readonly report: null; readonly issue: Issue; readonly inflatedBytes: number };

/** Decodes a package and verifies its XML, for ingest (on a verification worker when there is one: issue 11). */
export async function checkForIngest(text: string, options: VerifyOptions): Promise<CheckedPackage> {
  const decoded = decodePackageCounted(text, options.codecLimits ?? DEFAULT_CODEC_LIMITS);
  if (!decoded.xml) return { xml: null, digest: sha256Hex(text), report: null, issue: decoded.error.toIssue(), inflatedBytes: decoded.inflatedBytes };
  const digest = sha256Hex(decoded.xml);
  return { xml: decoded.xml, digest, report: await verifyDigested(decoded.xml, digest, options), issue: null, inflatedBytes: decoded.inflatedBytes };
}

/** A package (base64 text) or a bare XML document, told apart by its first bytes. */
export async function verifyInput(bytes: Uint8Array, options: VerifyOptions): Promise<PackageReport> {
  if (looksLikeXml(bytes)) return { report: await verifyXml(bytes, options), xml: Buffer.from(bytes) };
  return verifyPackage(Buffer.from(bytes).toString('latin1'), options);
}

export async function verifyPackage(text: string, options: VerifyOptions): Promise<PackageReport> {
  let xml: Buffer;
  try {
    xml = decodePackage(text, options.codecLimits ?? DEFAULT_CODEC_LIMITS);
  } catch (error) {
    return { report: failedReport(sha256Hex(text), toIssue(error), options), xml: null };
  }
  return { report: await verifyXml(xml, options), xml };
}

export function verifyXml(xml: Uint8Array, options: VerifyOptions): Promise<Report> {
  return verifyDigested(xml, sha256Hex(xml), options);
}

async function verifyDigested(xml: Uint8Array, digest: string, options: VerifyOptions): Promise<Report> {
  let document: Document;
  try {
    document = parseXml(xml, options.xmlLimits ?? DEFAULT_XML_LIMITS).document;
  } catch (error) {
    return failedReport(digest, toIssue(error), options);
  }
  const { envelope, issues: envelopeIssues } = readEnvelope(document);
  if (!envelope) return finish({ digest, record: null, signatures: [], issues: envelopeIssues, warnings: [] }, options);

  const parsed = parseRecord(envelope.content);
  const contentIssues = parsed.issues.filter((found) => found.severity !== 'warning');
  const warnings = parsed.issues.filter((found) => found.severity === 'warning');
  if (parsed.record) warnings.push(...validateRecord(parsed.record));

  const checks = await verifySignatures(document, envelope);
  const signatures = await Promise.all(checks.map((check) => judgeCertificate(check, options)));
  const policyIssues = judgeSigners({
    schoolCode: parsed.record?.schoolCode ?? null,
    now: options.now,
    approvalTime: options.proofOfExistence ?? options.now,
    isApproved: options.checkApprovals === false
      ? null
      : (fingerprint, schoolCode, at) => isApprovedFor(fingerprint, schoolCode, options.trust, at),
    signers: signatures.map(({ check, certificate }) => ({
      index: check.index,
      role: check.role,
      signingTime: check.signingTime,
      fingerprint: certificate?.signer.fingerprint ?? null,
      serial: certificate?.signer.serial ?? null,
    })),
  });
  const refusals = policyIssues.filter((found) => found.severity !== 'warning');
  warnings.push(...policyIssues.filter((found) => found.severity === 'warning'));
  const reports = signatures.map(({ check, certificate }) =>
    toSignatureReport(check, certificate, refusals.filter((found) => found.signature === check.index)));
  return finish({
    digest,
    record: parsed.record,
    signatures: reports,
    issues: [...contentIssues, ...refusals.filter((found) => found.signature === undefined)],
    warnings,
  }, options);
}

async function judgeCertificate(check: SignatureCheck, options: VerifyOptions) {
  if (!check.signer) return { check, certificate: null };
  const certificate = await checkCertificate({
    signer: check.signer,
    candidates: check.candidates,
    trust: options.trust,
    signingTime: check.signingTime ?? options.now,
    now: options.now,
    proofOfExistence: options.proofOfExistence,
    signature: check.index,
  });
  return { check, certificate };
}

interface Findings {
  digest: string;
  record: HocBaRecord | null;
  signatures: Report['signatures'];
  issues: Issue[];
  warnings: Issue[];
}

function finish(found: Findings, options: VerifyOptions): Report {
  const all = [...found.issues, ...found.signatures.flatMap((signature) => signature.issues)];
  const verdict = verdictOf(all);
  return {
    verdict,
    indication: indicationOf(verdict),
    lookupCode: found.record?.lookupCode ?? null,
    digest: found.digest,
    record: found.record,
    signatures: found.signatures,
    issues: found.issues,
    warnings: found.warnings,
    checkedAt: options.now.toISOString(),
    engine: ENGINE_VERSION,
  };
}

function failedReport(digest: string, found: Issue, options: VerifyOptions): Report {
  return finish({ digest, record: null, signatures: [], issues: [found], warnings: [] }, options);
}

function toIssue(error: unknown): Issue {
  if (error instanceof HocbaError) return error.toIssue();
  throw error;
}

export { describeCertificate };
