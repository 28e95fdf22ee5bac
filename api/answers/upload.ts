// The upload check (SPEC §5 POST /verify, §6 /kiem-tra): ONE overall verdict on the file, then the record the
// registry holds under its code, shown second and neutral. A PDF proves nothing by itself (no registry seal yet):
// it is never called genuine; the answer says what the registry knows (the copy it issued, the record's status now).
import type { Issue } from '../errors.ts';
import type { RecordView } from '../registry/types.ts';
import { isPdf, readPdfCopy } from '../render/read-copy.ts';
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
    };
    readonly registered: RecordSummary | null;
  };

/** Findings that mean "this is not a record file at all" rather than "a record whose signature fails". */
const NOT_A_RECORD: ReadonlySet<Issue['code']> = new Set(['package_empty', 'package_not_base64', 'package_not_gzip', 'xml_malformed', 'envelope_root']);

export interface UploadDeps {
  readonly verifyUpload: (bytes: Uint8Array, now: Date) => Promise<Report>;
  readonly getRecord: (code: string) => Promise<RecordView | null>;
  readonly findByDigest: (digest: string) => Promise<string[]>;
  readonly findCopy: (code: string, copyNumber: number) => Promise<{ issuedAt: string } | null>;
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
 * A PDF: which record and which logged copy it names. Until copies are sealed the file proves nothing, so the
 * overall status is at best indeterminate; an unknown code is not_found; no code at all is not a record file.
 */
async function checkPdf(deps: UploadDeps, bytes: Uint8Array): Promise<UploadAnswer> {
  const facts = await readCopyFacts(bytes, deps.client);
  const view = facts.code ? await deps.getRecord(facts.code) : null;
  const copy = view && facts.copyNumber !== null ? await deps.findCopy(view.lookupCode, facts.copyNumber) : null;
  const pdf = { lookupCode: facts.code, copyNumber: facts.copyNumber, copy: copy ? { issuedAt: copy.issuedAt } : null, refused: facts.refused };
  const status: PublicStatus = view ? 'indeterminate' : facts.code ? 'not_found' : 'indeterminate';
  return { kind: 'pdf', status, pdf, registered: view ? toRecordSummary(view) : null };
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
