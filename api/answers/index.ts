// The ONE place that decides what the public is told (STYLE.md "The house"): the record answer, the upload check,
// bulk results, copy issuance and public URLs. The API routes, the Astro pages and the CLI call it in-process and
// only translate to and from it; nothing here knows HTTP or Astro.
import type { RecordView, Registry } from '../registry/types.ts';
import type { Report } from '../verify/report.ts';
import { BULK_LIMIT, verifyCodes, type BulkOutcome, type ChargeCodes } from './bulk.ts';
import { checkClaims, collectClaims, type ClaimsOutcome } from './claims.ts';
import { signAnswer, SIGNED_ANSWER_TYPE } from './signed-answer.ts';
import { HocbaError } from '../errors.ts';
import { toPublicReport } from './disclosure.ts';
import { toRecordSummary } from './record-answer.ts';
import type { ClaimRow } from './claims-input.ts';
import { createBodyCache, sealFingerprint, type Sealer } from '../render/index.ts';
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
  /** The registry's seal for PDF copies (SPEC §4 --seal-*); absent: copies are unsealed and say so. */
  readonly seal?: Sealer | null;
  /** Seal certificates the upload check accepts besides the current one (earlier seals of this registry). */
  readonly formerSeals?: readonly Uint8Array[];
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
  /**
   * The record's answer as a JWS signed by the registry's seal (issue 18; journaled as a lookup); null for an unknown
   * code; throws `answer_seal_missing` when no seal is configured.
   */
  signedRecordAnswer(code: string, asker: Asker): Promise<string | null>;
  /** A whole claims check (results and summary) as one signed JWS; `too_many` and `limited` as checkClaims. */
  signedClaims(rows: readonly ClaimRow[], asker: Asker): Promise<{ readonly kind: 'signed'; readonly jws: string; readonly count: number } | Exclude<ClaimsOutcome, { kind: 'rows' }>>;
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
  const bodies = createBodyCache();
  const seal = options.seal ?? null;
  const runClaims = (rows: readonly ClaimRow[], asker: Asker) => {
    const now = clock();
    return checkClaims({
      getRecords: (codes) => registry.getRecords(codes, { now }),
      journalLookups: (codes) => registry.journalLookups(codes, { now, actor: asker.actor }),
      ...(options.chargeRows ? { chargeRows: (count: number) => options.chargeRows!(asker.actor, count) } : {}),
    }, rows);
  };
  const requireSeal = () => {
    if (!seal) throw new HocbaError('answer_seal_missing');
    return seal.key;
  };
  // The log's latest checkpoint, when the registry keeps one: the answer says how far the log was then.
  const checkpointNote = async () => (await registry.log.checkpoint().catch(() => null))?.note ?? null;
  const sealFingerprints = new Set([...(seal ? [seal.key.fingerprint] : []), ...(options.formerSeals ?? []).map(sealFingerprint)]);
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
        sealFingerprints,
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
    checkClaims: (rows, asker) => runClaims(rows, asker),
    issueCopy: (code, requester) => issueCopy({ registry, origin: options.origin, seal, bodies }, code, requester, clock()),
    async signedRecordAnswer(code, asker) {
      const key = requireSeal();
      const at = clock();
      const view = await registry.getRecord(code, { now: at, actor: asker.actor });
      if (!view) return null;
      const report = toPublicReport(view.report);
      const answer = {
        ...toRecordSummary(view),
        verdict: report.verdict, indication: report.indication,
        signatures: report.signatures.map((signature) => ({
          index: signature.index, role: signature.role, profile: signature.profile ?? null, signer: signature.signer?.subject ?? null,
          signingTime: signature.signingTime, indication: signature.indication, subIndication: signature.subIndication, verdict: signature.verdict,
        })),
      };
      return signAnswer({ type: SIGNED_ANSWER_TYPE, kind: 'record', checkedAt: at.toISOString(), registry: options.origin(), checkpoint: await checkpointNote(), answer }, key);
    },
    async signedClaims(rows, asker) {
      const key = requireSeal();
      const at = clock();
      const outcome = await runClaims(rows, asker);
      if (outcome.kind !== 'rows') return outcome;
      const answer = await collectClaims(outcome.results);
      const jws = signAnswer({ type: SIGNED_ANSWER_TYPE, kind: 'claims', checkedAt: at.toISOString(), registry: options.origin(), checkpoint: await checkpointNote(), answer }, key);
      return { kind: 'signed', jws, count: outcome.count };
    },
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
  CLAIMS_CSV_HEADER, CLAIM_PROBLEMS, PROBLEM_TEXT, TERM_TEXT, addToSummary, claimCsvCells, collectClaims, emptySummary, toClaimsCsv, claimsWithProgress,
  type ClaimProblem, type ClaimsProgress, type ClaimResult, type ClaimsOutcome, type ClaimsSummary, type ClaimValue, type IdentityOutcome, type ValueOutcome,
} from './claims.ts';
export { checkSignedAnswer, SIGNED_ANSWER_TYPE, type AnswerCheck, type AnswerTrust, type SignedAnswerPayload } from './signed-answer.ts';
export { CLAIMS_LIMIT, CODES_PER_ROW, readClaimsCsv, readClaimsJson, type ClaimRow, type ClaimRowJson, type ClaimsInput } from './claims-input.ts';
export { UPLOAD_LIMIT_BYTES, type UploadAnswer } from './upload.ts';
export { toRecordSummary, type RecordAnswer, type RecordSummary } from './record-answer.ts';
export { publicMessageOf, toPublicReport } from './disclosure.ts';
export type { Difference } from './differences.ts';
export type { IssuedCopy } from './copies.ts';
export { logProofFileName, type RecordLogAnswer } from './log-proof.ts';
export {
  recordPath, bundlePath, recordPdfPath, recordLogProofPath, recordUrl, toPublicOrigin,
  loopbackOrigin, type OriginSource,
} from './urls.ts';
