// The upload check (SPEC §5 POST /verify, §6 /kiem-tra): ONE overall verdict on the file, then the record the
// registry holds under its code, shown second and neutral. A PDF is genuine ONLY when its seal holds over the whole
// file, is one of the registry's seal certificates, and names a copy the registry logged (issue 15); anything else
// — no seal, a broken or foreign seal, bytes after the seal, an unknown copy — is never genuine, with the reason.
import { issue, type Issue } from '../errors.ts';
import type { RecordView } from '../registry/types.ts';
import { isPdf, readPdfCopy, type PdfCopyFacts } from '../render/read-copy.ts';
import type { Report } from '../verify/report.ts';
import { diffRecords, type Difference } from './differences.ts';
import { toPublicReport } from './disclosure.ts';
import { toRecordSummary, type RecordSummary } from './record-answer.ts';
import type { PublicStatus } from './status.ts';

export const UPLOAD_LIMIT_BYTES = 8 * 1024 * 1024;

export type UploadAnswer =
  /** Not XML, not a package, not a HocBaSo document: nothing to verify (never "invalid signature"). */
  | { readonly kind: 'not_a_record_file'; readonly status: 'invalid'; readonly report: Omit<Report, 'record'> }
  | {
    readonly kind: 'document'; readonly status: PublicStatus; readonly report: Omit<Report, 'record'>;
    /** identical: these exact bytes are registered; different: another document is registered under its code. */
    readonly match: 'identical' | 'different' | 'not_registered';
    readonly registered: RecordSummary | null; readonly differences: readonly Difference[];
  }
  | {
    readonly kind: 'pdf'; readonly status: PublicStatus;
    readonly pdf: {
      readonly lookupCode: string | null; readonly copyNumber: number | null;
      /** The registry's log of that copy number for that record; null when it never issued it. */
      readonly copy: { readonly issuedAt: string } | null;
      /**
       * Why the PDF was not read at all (`pdf_too_costly`, `input_too_costly`): the uploader is told what was refused,
       * why and what to do (the issue's message); null when it was read.
       */
      readonly refused: Issue | null;
      /** True only for a copy sealed by the registry, intact over the whole file, whose number the registry issued. */
      readonly genuine: boolean;
      readonly seal: PdfSeal;
      /** Why the PDF is not genuine, in the closed list (pdf_seal_missing, pdf_seal_broken, …); null when genuine or refused. */
      readonly reason: Issue | null;
    };
    readonly registered: RecordSummary | null;
  };

export interface PdfSeal {
  /** valid: the registry's seal holds over the whole file; foreign: a valid signature by someone else. */
  readonly state: 'valid' | 'none' | 'broken' | 'changed' | 'foreign';
  readonly signer: string | null;
  /** The seal's claimed time (/M) and its RFC 3161 time-stamp's time, when present. */
  readonly signedAt: string | null;
  readonly timeStampedAt: string | null;
}

/** Findings that mean "this is not a record file at all" rather than "a record whose signature fails". */
const NOT_A_RECORD: ReadonlySet<Issue['code']> = new Set(['package_empty', 'package_not_base64', 'package_not_gzip', 'xml_malformed', 'envelope_root']);

export interface UploadDeps {
  readonly verifyUpload: (bytes: Uint8Array, now: Date) => Promise<Report>;
  readonly getRecord: (code: string) => Promise<RecordView | null>;
  readonly findByDigest: (digest: string) => Promise<string[]>;
  readonly findCopy: (code: string, copyNumber: number) => Promise<{ issuedAt: string } | null>;
  /** SHA-256 (hex) of every seal certificate of this registry: only these make a PDF genuine. */
  readonly sealFingerprints: ReadonlySet<string>;
  /** Who uploads (a keyed hash): the PDF reader bounds each client's reads in flight. */
  readonly client?: string;
}

/** A PDF's bytes are handed over to the PDF reader's worker (moved, not copied): the caller must not read them after. */
export async function checkUpload(deps: UploadDeps, bytes: Uint8Array, now: Date, labels?: Record<string, string>): Promise<UploadAnswer> {
  if (isPdf(bytes)) return checkPdf(deps, bytes);
  const report = await deps.verifyUpload(bytes, now);
  if (report.issues.some((found) => NOT_A_RECORD.has(found.code))) {
    return { kind: 'not_a_record_file', status: 'invalid', report: toPublicReport(report) };
  }
  let view = report.lookupCode ? await deps.getRecord(report.lookupCode) : null;
  if (!view) {
    // Content that could not be read may still be a registered document: its digest finds it.
    const [code] = await deps.findByDigest(report.digest);
    if (code) view = await deps.getRecord(code);
  }
  const match = !view ? 'not_registered' : view.digest === report.digest ? 'identical' : 'different';
  const differences = match === 'different' && view ? diffRecords(report.record, view.content, labels) : [];
  const registered = view ? toRecordSummary(view) : null;
  return { kind: 'document', status: overallStatus(report, match, registered), report: toPublicReport(report), match, registered, differences };
}

/**
 * The file's verdict first: a broken or undecidable file is that, whatever is registered. A valid file is only
 * as good as the record it IS: the registered record's status when identical, else not_found (not registered).
 */
function overallStatus(report: Report, match: 'identical' | 'different' | 'not_registered', registered: RecordSummary | null): PublicStatus {
  if (report.verdict !== 'valid') return report.verdict;
  return match === 'identical' && registered ? registered.status : 'not_found';
}

/**
 * A PDF: which record and which logged copy it names, and whether the registry's seal proves it. Only a genuine
 * copy takes the record's status; a seal that fails is invalid; no seal at all is indeterminate (it proves nothing).
 */
async function checkPdf(deps: UploadDeps, bytes: Uint8Array): Promise<UploadAnswer> {
  const facts = await readCopyFacts(bytes, deps.client);
  const view = facts.code ? await deps.getRecord(facts.code) : null;
  const copy = view && facts.copyNumber !== null ? await deps.findCopy(view.lookupCode, facts.copyNumber) : null;
  const seal = sealOf(facts, deps.sealFingerprints);
  const reason = facts.refused ? null : reasonOf(facts, seal, view !== null, copy !== null);
  const genuine = !facts.refused && seal.state === 'valid' && view !== null && copy !== null;
  const registered = view ? toRecordSummary(view) : null;
  const status: PublicStatus = genuine && registered ? registered.status
    : reason?.severity === 'error' ? 'invalid'
    : !view && facts.code ? 'not_found' : 'indeterminate';
  const pdf = { lookupCode: facts.code, copyNumber: facts.copyNumber, copy: copy ? { issuedAt: copy.issuedAt } : null, refused: facts.refused, genuine, seal, reason };
  return { kind: 'pdf', status, pdf, registered };
}

function sealOf(facts: PdfCopyFacts, fingerprints: ReadonlySet<string>): PdfSeal {
  const found = facts.seal;
  if (found.kind !== 'signed') return { state: found.kind, signer: null, signedAt: null, timeStampedAt: null };
  const state = fingerprints.has(found.fingerprint) ? 'valid' : 'foreign';
  return { state, signer: found.signer, signedAt: found.signedAt, timeStampedAt: found.timeStampedAt };
}

function reasonOf(facts: PdfCopyFacts, seal: PdfSeal, known: boolean, issued: boolean): Issue | null {
  const found = facts.seal;
  if (found.kind === 'none') return issue('pdf_seal_missing');
  if (found.kind === 'broken') return issue('pdf_seal_broken', { params: { detail: found.detail } });
  if (found.kind === 'changed') return issue('pdf_changed_after_seal', { params: { detail: found.detail } });
  if (seal.state === 'foreign') return issue('pdf_seal_foreign', { params: { signer: seal.signer ?? '?' } });
  if (known && !issued) return issue('pdf_copy_unknown', { params: { copyNumber: facts.copyNumber ?? '?' } });
  return null;
}

/**
 * The one call into the PDF reader (api/render/read-copy.ts): bounded in bytes, objects, inflation and time, on a
 * worker. A PDF it refuses (`facts.refused`) names no code here, so it is answered indeterminate, never genuine, and
 * the refusal goes into the answer (the reader's one log line is for the operator, not the uploader).
 */
function readCopyFacts(bytes: Uint8Array, client: string | undefined) {
  // The upload is not read again after this: its bytes are handed over to the reader's worker, not copied.
  return readPdfCopy(bytes, { handOver: true, ...(client === undefined ? {} : { client }) });
}
