// The ONE place that decides what the public is told (STYLE.md "The house"): the record answer, the upload check,
// bulk results, copy issuance and public URLs. The API routes, the Astro pages and the CLI call it in-process and
// only translate to and from it; nothing here knows HTTP or Astro.
import type { RecordView, Registry } from '../registry/types.ts';
import type { Report } from '../verify/report.ts';
import { BULK_LIMIT, verifyCodes, type BulkOutcome, type ChargeCodes } from './bulk.ts';
import { checkClaims, type ClaimsOutcome } from './claims.ts';
import type { ClaimRow } from './claims-input.ts';
import { issueCopy, type IssuedCopy } from './copies.ts';
import { recordLogAnswer, type RecordLogAnswer } from './log-proof.ts';
import { readLookupInput } from './lookup-input.ts';
import { toRecordAnswer, type RecordAnswer } from './record-answer.ts';
import { checkUpload, type UploadAnswer } from './upload.ts';
import { recordUrl, requireOrigin, type OriginSource } from './urls.ts';

export interface AnswersOptions {
  readonly registry: Registry;
  /** The engine on uploaded bytes (XML or package) against the registry's trust material. */
  readonly verifyUpload: (bytes: Uint8Array, now: Date, client?: string) => Promise<Report>;
  /** The public origin (SPEC §3); null from the source means none is known, and no public URL is built. */
  readonly origin: OriginSource;
  readonly clock?: () => Date;
  readonly bulkLimit?: number;
  /** The per-asker budget of codes for bulk checks, wired by the server (api/server/answers.ts) from the one limiter. */
  readonly chargeCodes?: ChargeCodes;
  /** The per-asker budget of claims rows (one row = one applicant), wired like `chargeCodes`. */
  readonly chargeRows?: ChargeCodes;
}

export type LookupAnswer =
  | { readonly kind: 'found'; readonly answer: RecordAnswer }
  | { readonly kind: 'not_found'; readonly code: string }
  | { readonly kind: 'malformed'; readonly input: string };

/** Who asks, for the journal: a door prefix and a keyed hash of the address (`api:…`, `portal:…`), never the address. */
export interface Asker {
  readonly actor: string;
}

export interface Answers {
  readonly bulkLimit: number;
  /** Every lookup of a record found is journaled under the asker. */
  lookUp(input: string, asker: Asker): Promise<LookupAnswer>;
  checkUpload(bytes: Uint8Array, asker: Asker, labels?: Record<string, string>): Promise<UploadAnswer>;
  verifyCodes(inputs: readonly string[], asker: Asker): Promise<BulkOutcome>;
  /** An admissions office's claims list, checked row by row (results stream in input order; journaled per chunk). */
  checkClaims(rows: readonly ClaimRow[], asker: Asker): Promise<ClaimsOutcome>;
  /** A numbered, journaled copy; null for an unknown code; throws `public_url_missing` without a public origin. */
  issueCopy(code: string, requester: string | null): Promise<IssuedCopy | null>;
  /** Whether a copy could be had (HEAD): reads, issues and journals nothing. */
  hasRecord(code: string): Promise<boolean>;
  /** The record page on the public origin (throws `public_url_missing` without one). */
  recordUrl(code: string): string;
  /**
   * The record's entries in the transparency log with their proofs; null for an unknown code. Journals nothing.
   * Given the view a lookup already read, the record is not read again.
   */
  recordInLog(record: string | RecordView): Promise<RecordLogAnswer | null>;
}

export function createAnswers(options: AnswersOptions): Answers {
  const { registry } = options;
  const clock = options.clock ?? (() => new Date());
  const bulkLimit = options.bulkLimit ?? BULK_LIMIT;
  return {
    bulkLimit,
    async lookUp(input, asker) {
      const code = readLookupInput(input);
      if (code === null) return { kind: 'malformed', input: input.slice(0, 80) };
      const view = await registry.getRecord(code, { now: clock(), actor: asker.actor });
      if (!view) return { kind: 'not_found', code };
      return { kind: 'found', answer: await toRecordAnswer(view, (c) => registry.loadRecordXml(c)) };
    },
    checkUpload(bytes, asker, labels) {
      const now = clock();
      // The asker's keyed hash is the client whose uploads in flight the verifier bounds (no address in the pool).
      return checkUpload({
        verifyUpload: (upload, at) => options.verifyUpload(upload, at, asker.actor),
        getRecord: (code) => registry.getRecord(code, { now, actor: asker.actor }),
        findByDigest: (digest) => registry.findByDigest(digest),
        findCopy: (code, n) => registry.findCopy(code, n),
        client: asker.actor,
      }, bytes, now, labels);
    },
    verifyCodes(inputs, asker) {
      const now = clock();
      return verifyCodes({
        getRecords: (codes) => registry.getRecords(codes, { now }),
        journalLookups: (codes) => registry.journalLookups(codes, { now, actor: asker.actor }),
        ...(options.chargeCodes ? { chargeCodes: (count: number) => options.chargeCodes!(asker.actor, count) } : {}),
      }, inputs, bulkLimit);
    },
    checkClaims(rows, asker) {
      const now = clock();
      return checkClaims({
        getRecords: (codes) => registry.getRecords(codes, { now }),
        journalLookups: (codes) => registry.journalLookups(codes, { now, actor: asker.actor }),
        ...(options.chargeRows ? { chargeRows: (count: number) => options.chargeRows!(asker.actor, count) } : {}),
      }, rows);
    },
    issueCopy: (code, requester) => issueCopy({ registry, origin: options.origin }, code, requester, clock()),
    async hasRecord(code) {
      return (await registry.getRecord(code)) !== null;
    },
    recordUrl: (code) => recordUrl(code, requireOrigin(options.origin)),
    recordInLog: (record) => recordLogAnswer(registry, record),
  };
}

export { lookupInputProblem, readLookupInput } from './lookup-input.ts';
export { statusOfRecord, toneOf, exitCodeOf, exitCodeOfVerdict, PUBLIC_STATUSES, type PublicStatus, type Tone } from './status.ts';
export { STATUS_TEXT, MALFORMED_TEXT } from './status-text.ts';
export { BULK_LIMIT, BULK_CSV_HEADER, toBulkCsv, type BulkRow, type BulkOutcome } from './bulk.ts';
export {
  CLAIMS_CSV_HEADER, CLAIM_PROBLEMS, PROBLEM_TEXT, addToSummary, claimCsvCells, emptySummary,
  type ClaimProblem, type ClaimResult, type ClaimsOutcome, type ClaimsSummary, type ClaimValue, type IdentityOutcome, type ValueOutcome,
} from './claims.ts';
export { CLAIMS_LIMIT, CODES_PER_ROW, readClaimsCsv, readClaimsJson, type ClaimRow, type ClaimRowJson, type ClaimsInput } from './claims-input.ts';
export { UPLOAD_LIMIT_BYTES, type UploadAnswer } from './upload.ts';
export { toRecordSummary, type RecordAnswer, type RecordSummary } from './record-answer.ts';
export { publicMessageOf, toPublicReport } from './disclosure.ts';
export type { Difference } from './differences.ts';
export type { IssuedCopy } from './copies.ts';
export type { RecordLogAnswer } from './log-proof.ts';
export {
  recordPath, bundlePath, recordPdfPath, recordLogProofPath, recordUrl, toPublicOrigin,
  loopbackOrigin, type OriginSource,
} from './urls.ts';
