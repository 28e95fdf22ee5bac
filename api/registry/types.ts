// The registry's public shapes: options, receipts, push results, record views, the Registry surface.
import type { LogIdentity } from './log-store.ts';
import type { TransparencyLog } from './transparency-log.ts';
import type { Database } from '../../db/client.ts';
import type { IssueCode, Lang } from '../errors.ts';
import type { LockDates, LockSettings, RecordStatus } from '../lifecycle/index.ts';
import type { CheckedPackage } from '../verify/engine.ts';
import type { Report } from '../verify/report.ts';
import type { AccessLogCounters, AccessLogOptions } from './access-log.ts';
import type { ChainVerdict } from './audit.ts';
import type { BackupOptions, BackupSummary } from './backup.ts';
import type { RestoreSummary } from './restore.ts';
import type { ReadPathCounters } from './read-path.ts';
import type { Level } from '../record/index.ts';

export type { TrustMaterial } from '../trust/index.ts';
import type { TrustMaterial } from '../trust/index.ts';
import type { Forwarding } from './forward-types.ts';


export interface VerifyContext {
  /** The school the push is authenticated as. */
  readonly schoolCode: string;
  readonly now: Date;
  readonly trust: TrustMaterial;
  /** When the bytes were first received, if earlier than `now` (a forwarded package: issue 19); default `now`. */
  readonly proofOfExistence?: Date;
}
/**
 * The verification engine (api/verify), injected so the registry never builds or caches it: one package decoded
 * (base64 → gzip → XML, capped) and its XML verified, on the verification workers in a server so neither the
 * inflating (issue 11) nor the engine runs on the event loop, in one job (issue 14).
 */
export type CheckFn = (text: string, context: VerifyContext) => Promise<CheckedPackage>;

/**
 * How a push batch is streamed (issue 11): packages are decoded, verified and written a slice at a time, so
 * one request holds at most one slice of inflated XML, never the whole batch.
 */
export interface IngestLimits {
  /** Packages decoded and not yet written, at most: one slice, verified a few at a time and written in one transaction. */
  readonly window: number;
  /** Inflated XML bytes a slice may gather before it is judged and written (the package that crosses it is its last). */
  readonly sliceBytes: number;
  /** Inflated XML bytes one batch may carry in all; the package that passes it and every later one are refused with `batch_inflated_too_large`. */
  readonly batchInflatedBytes: number;
}

/** Work counters of ingest, for tests and metrics: decoded packages (and their inflated bytes) held at once. */
export interface IngestCounters {
  decodedAlive: number;
  peakDecodedAlive: number;
  inflatedAlive: number;
  peakInflatedAlive: number;
}

export interface RegistryOptions {
  readonly db: Database;
  readonly check: CheckFn;
  readonly clock?: () => Date;
  /** Default lock days; per-year dates the Sở saves in `lock_dates` take precedence. */
  readonly lockPolicy?: LockSettings;
  /** Language of `PackageError.message` (default vi). */
  readonly lang?: Lang;
  readonly ingest?: Partial<IngestLimits>;
  /** Filled in as batches are ingested (a fresh set when not given). */
  readonly counters?: IngestCounters;
  /** How lookups are batched into the access log (api/registry/access-log.ts). */
  readonly accessLog?: AccessLogOptions;
  /** The transparency log's signing identity (`hocba log init`); without one, entries wait unintegrated. */
  readonly log?: LogIdentity;
}

/** How often a record was looked up (the access log), for the operator: a count, never who asked. */
export interface LookupCount {
  readonly lookupCode: string;
  readonly lookups: number;
  /** ISO 8601: the start of the count (the `since` asked, else the oldest lookup kept); null when none. */
  readonly since: string | null;
}

export interface Receipt {
  readonly receiptId: string;
  readonly lookupCode: string;
  readonly digest: string;
  /** ISO 8601. */
  readonly receivedAt: string;
  readonly schoolCode: string;
}

export interface PackageError {
  readonly code: IssueCode;
  readonly message: string;
  readonly path?: string;
  /** 1-based CKS slot when the error is about one signature. */
  readonly signature?: number;
}

export type PackageResult =
  | { readonly lookupCode: string; readonly status: 'accepted'; readonly receipt: Receipt }
  | { readonly lookupCode: string | null; readonly status: 'rejected'; readonly errors: PackageError[] };

/** What anyone with the lookup code sees (SPEC §5 GET /records/{code}); the personal id is masked (SPEC §9). */
export interface RecordView {
  readonly lookupCode: string;
  readonly status: RecordStatus;
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly schoolYear: string;
  readonly grade: number;
  readonly level: Level;
  readonly studentName: string;
  readonly studentCode: string;
  /** `********1234`, or null when the record carries none. */
  readonly personalId: string | null;
  readonly receivedAt: string;
  readonly recalledAt: string | null;
  readonly recallReason: string | null;
  readonly replacedBy: string | null;
  readonly replaces: string | null;
  readonly supplementary: boolean;
  /**
   * The student has since moved away from the record's school (a later transfer names another school). Where to is
   * never told: the new school would reveal where a minor studies now.
   */
  readonly studentMoved: boolean;
  readonly locked: boolean;
  /** The record's lock date: until its end (Vietnam time) the school may still correct the record. */
  readonly lockDate: string;
  /** Ngày hiệu lực; null for a recalled or replaced record. */
  readonly effectiveFrom: string | null;
  readonly digest: string;
  /** The Report stored at ingest (personal id masked at rest). */
  readonly report: Report;
  /** The record content read from the signed DuLieu (masked). */
  readonly content: unknown;
  /** Numbered PDF copies issued so far (SPEC §9). */
  readonly copies: { readonly count: number; readonly lastIssuedAt: string | null };
}

/** The school's own view: the public one plus its receipt. */
export interface OwnRecordView extends RecordView {
  readonly receipt: Receipt;
}

export interface OperatorOptions {
  readonly now?: Date;
  /** Who acts, for the journal: `operator` or `operator:<name>`. */
  readonly actor?: string;
}

export interface SchoolInput {
  readonly code: string;
  readonly name: string;
  readonly provinceCode: string;
  readonly district?: string;
  /** PEM (or DER) certificates to approve for the school's CoSoGiaoDuc seal. */
  readonly certificates: (string | Uint8Array)[];
}

export interface ApprovedCertificate {
  readonly schoolCode: string;
  readonly fingerprint: string;
  readonly subject: string;
  readonly serial: string;
  readonly approvedAt: Date;
}

export interface OperatorInput {
  /** Lower-cased; `[a-z0-9._-]{3,64}`. */
  readonly username: string;
  readonly displayName: string;
  /** Kept only as a scrypt hash. */
  readonly password: string;
}

/** An operator account as shown to other operators: never its password hash. */
export interface OperatorSummary {
  readonly username: string;
  readonly displayName: string;
  readonly createdAt: Date;
  readonly disabledAt: Date | null;
}

export interface LoginOptions {
  readonly now?: Date;
  /** Who is trying, for the journal of a failed attempt (`api:<keyed address hash>`); default `public`. */
  readonly client?: string;
  /**
   * The session also ends after this long without use (the console's cookie sessions, CONSOLE_IDLE_MS); without
   * it only the absolute expiry (SESSION_MS) applies, as for the API's bearer sessions.
   */
  readonly idleMs?: number;
}

/** A login: the bearer token is returned here ONCE (only its SHA-256 is kept). */
export interface OperatorLogin {
  readonly username: string;
  readonly token: string;
  readonly expiresAt: Date;
}

export interface AuthenticatedOperator {
  readonly username: string;
  readonly displayName: string;
  readonly sessionId: number;
}

export interface SchoolListing {
  readonly code: string;
  readonly name: string;
  readonly provinceCode: string;
  readonly district: string | null;
  readonly createdAt: Date;
  /** Approvals in force (withdrawn ones are history, kept in the database and the journal). */
  readonly certificates: (ApprovedCertificate & { readonly issuer: string; readonly notBefore: Date; readonly notAfter: Date })[];
}

/** The list the Sở reports to the Ministry: one school year, optionally one school, paged by lookup code. */
export interface ExportQuery {
  readonly schoolYear: string;
  readonly schoolCode?: string;
  /** Lookup codes after this one (the previous page's `next`). */
  readonly after?: string;
  readonly limit?: number;
}

/** One record of an export: registry facts only, no personal id (SPEC §9); what the public record page shows. */
export interface ExportRow {
  readonly lookupCode: string;
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly schoolYear: string;
  readonly grade: number;
  readonly level: string;
  readonly studentCode: string;
  readonly studentName: string;
  readonly status: RecordStatus;
  readonly digest: string;
  readonly receivedAt: string;
  readonly recalledAt: string | null;
  readonly replacedBy: string | null;
}

export interface ExportPage {
  readonly rows: ExportRow[];
  /** Pass as `after` for the next page; null on the last one. */
  readonly next: string | null;
}

/** A late window (đợt nộp muộn, SPEC §8) the Sở opens for one school and year after its lock. */
export interface LateWindowInput {
  readonly schoolCode: string;
  readonly schoolYear: string;
  /** ISO date: open to the end of that day, Vietnam time. */
  readonly until: string;
  /** Why the school may file late; journaled. */
  readonly reason: string;
}

export interface LateWindow extends LateWindowInput {
  readonly id: number;
  readonly openedAt: Date;
  readonly openedBy: string;
  readonly closedAt: Date | null;
  readonly closedBy: string | null;
  readonly closeReason: string | null;
  /** Open at the time asked about (opened, not closed, `until` not over). */
  readonly open: boolean;
}

/** A transfer (chuyển trường) the Sở records: the student's records pass from one school to another. */
export interface TransferInput {
  /** MaHocSinh: 10 digits. */
  readonly studentCode: string;
  readonly fromSchool: string;
  readonly toSchool: string;
  /** ISO date the student moved (not in the future, not before the previous transfer's). */
  readonly effectiveDate: string;
  readonly reason: string;
}

export interface Transfer extends TransferInput {
  readonly id: number;
  readonly recordedAt: Date;
  readonly recordedBy: string;
  /** Lookup codes of the student's records when the transfer was recorded (every school's), in code order. */
  readonly records?: readonly string[];
}

/** What a sending school proposes (its own code is the sending school). */
export interface TransferProposalInput {
  readonly studentCode: string;
  readonly toSchool: string;
  readonly effectiveDate: string;
  readonly reason: string;
}

export interface TransferProposal extends TransferProposalInput {
  readonly id: number;
  readonly fromSchool: string;
  readonly proposedAt: Date;
  readonly status: 'pending' | 'confirmed' | 'cancelled';
  readonly settledAt: Date | null;
  /** The school that confirmed or cancelled. */
  readonly settledBy: string | null;
  /** The transfer its confirmation recorded. */
  readonly transferId: number | null;
}

export interface TransferQuery {
  readonly studentCode?: string;
  /** Transfers from or to this school. */
  readonly schoolCode?: string;
}

export interface LateWindowQuery {
  readonly schoolCode?: string;
  readonly schoolYear?: string;
  /** The time `open` is judged at (default: the registry's clock). */
  readonly now?: Date;
}

export interface Registry {
  /** The transparency log (SPEC §5 "Log"): checkpoint, tiles, proofs, sequencer turns. */
  readonly log: TransparencyLog;
  /** Forwarding to the national store (issue 19): a province's stream, a national instance's receiving side. */
  readonly forwarding: Forwarding;
  submitPackages(schoolCode: string, packages: string[], now?: Date): Promise<PackageResult[]>;
  /** Only reads; with an `actor`, the lookup is noted in the access log (written with the next batch, no lock). */
  getRecord(code: string, options?: { now?: Date; actor?: string }): Promise<RecordView | null>;
  /** Many records in one statement, found ones by canonical code; only reads (the caller journals what it found). */
  getRecords(codes: readonly string[], options?: { now?: Date }): Promise<Map<string, RecordView>>;
  /** One access-log entry per code (found ones, normalised), noted at once: for bulk verification. */
  journalLookups(codes: readonly string[], options: { now?: Date; actor: string }): Promise<void>;
  /** Lookups of a record in the access log (null for an unknown record); requesters are never revealed. */
  countLookups(code: string, options?: { since?: Date }): Promise<LookupCount | null>;
  /** Retention: deletes the lookups older than `days` (default 365, at least 30); answers how many went. */
  pruneAccessLog(options?: { days?: number; now?: Date }): Promise<number>;
  /** Writes every lookup noted so far. */
  flushAccessLog(): Promise<void>;
  readonly accessLogCounters: Readonly<AccessLogCounters>;
  /** Where public reads went: replica, primary, fallbacks (read-path.ts), for tests and /metrics. */
  readonly readCounters: Readonly<ReadPathCounters>;
  /** Writes the lookups still in memory and stops the access log's timer; the database stays open. */
  close(): Promise<void>;
  getOwnRecord(schoolCode: string, code: string, now?: Date): Promise<OwnRecordView | null>;
  /** The exact XML for the school's and operators' own use (no proof asked): never behind a public route. */
  loadRecordXml(code: string): Promise<Uint8Array | null>;
  /** SPEC §5 POST /records/{code}/xml: the exact XML on proof of the student's personal id; every try journaled. */
  releaseRecordXml(code: string, claimedPersonalId: string, options: XmlReleaseOptions): Promise<XmlRelease>;
  findByDigest(digest: string): Promise<string[]>;
  recallRecord(schoolCode: string, code: string, reason: string, now?: Date): Promise<RecordView>;
  replaceRecord(schoolCode: string, code: string, pkg: string, now?: Date): Promise<PackageResult>;
  authenticateSchool(token: string): Promise<{ schoolCode: string } | null>;
  /** `tokenId` numbers the token for a later revocation of that one token. */
  addSchool(input: SchoolInput, options?: OperatorOptions): Promise<{ schoolCode: string; tokenId: number; token: string; certificates: ApprovedCertificate[] }>;
  issueSchoolToken(schoolCode: string, options?: OperatorOptions): Promise<{ tokenId: number; token: string }>;
  /** Every live token of the school, or its one token `tokenId`; refused `school_token_unknown` when none is live. */
  revokeSchoolTokens(schoolCode: string, tokenId: number | null, options?: OperatorOptions): Promise<{ schoolCode: string; tokenIds: number[] }>;
  approveCertificate(schoolCode: string, certificate: string | Uint8Array, options?: OperatorOptions): Promise<ApprovedCertificate[]>;
  /** Returns the fingerprint whose approval ended. */
  withdrawApproval(schoolCode: string, certificateOrFingerprint: string | Uint8Array, options?: OperatorOptions): Promise<string>;
  listSchools(): Promise<SchoolListing[]>;
  addTrustAnchor(certificate: string | Uint8Array, options?: OperatorOptions & { role?: 'anchor' | 'intermediate' }): Promise<string[]>;
  loadCrl(crl: string | Uint8Array, options?: OperatorOptions): Promise<{ issuer: string; thisUpdate: Date; nextUpdate: Date | null }>;
  /** The current trust material: the same object while nothing changed (one cheap version read per call). */
  loadTrustMaterial(): Promise<TrustMaterial>;
  /** Version checks and full loads of the trust material so far (trust-cache.ts). */
  readonly trustCounters: { readonly checks: number; readonly loads: number };
  loadLockSettings(): Promise<LockSettings>;
  setLockDates(schoolYear: string, dates: LockDates, options?: OperatorOptions): Promise<void>;
  /** Refused with `late_window_exists` while one is open for the school and year; journaled with its reason. */
  openLateWindow(input: LateWindowInput, options?: OperatorOptions): Promise<LateWindow>;
  closeLateWindow(schoolCode: string, schoolYear: string, reason: string, options?: OperatorOptions): Promise<LateWindow>;
  listLateWindows(query?: LateWindowQuery): Promise<LateWindow[]>;
  /** From then on only `toSchool` pushes the student's new records and manages their records; journaled and logged. */
  recordTransfer(input: TransferInput, options?: OperatorOptions): Promise<Transfer>;
  listTransfers(query?: TransferQuery): Promise<Transfer[]>;
  /** A school proposes a transfer of a student it manages; nothing changes until the receiving school confirms. */
  proposeTransfer(fromSchool: string, input: TransferProposalInput, now?: Date): Promise<TransferProposal>;
  /** The receiving school confirms: the transfer is recorded as an operator's would be, journaled under that school. */
  confirmTransferProposal(schoolCode: string, id: number, now?: Date): Promise<{ proposal: TransferProposal; transfer: Transfer }>;
  /** Either school cancels a pending proposal. */
  cancelTransferProposal(schoolCode: string, id: number, now?: Date): Promise<TransferProposal>;
  /** Proposals the school sent or received, newest first. */
  listTransferProposals(schoolCode: string): Promise<TransferProposal[]>;
  /** Every school's proposals still pending, oldest first, at most `limit` (default 200): the console's read-only list. */
  listPendingTransferProposals(limit?: number): Promise<TransferProposal[]>;
  /** An operator's recall of a record whose student moved away from its school (the school may no longer). */
  recallTransferredRecord(code: string, reason: string, options?: OperatorOptions): Promise<RecordView>;
  /** An operator's replacement of such a record: the successor signed by the record's school, as for `replaceRecord`. */
  replaceTransferredRecord(code: string, pkg: string, options?: OperatorOptions): Promise<PackageResult>;
  recordCopy(code: string, ipHash: string | null, now?: Date): Promise<number>;
  findCopy(code: string, copyNumber: number): Promise<{ copyNumber: number; issuedAt: string } | null>;
  verifyAuditChain(): Promise<ChainVerdict>;
  /** Whether an event with this hash is in the audit chain (`hocba audit --head`). */
  hasAuditEvent(hash: string): Promise<boolean>;
  /** Every row of every table, one JSON line at a time, from one snapshot (`hocba backup`; backup-format.ts). */
  backup(write: (line: string) => void | Promise<void>, options?: BackupOptions): Promise<BackupSummary>;
  /** Into an empty registry, checked again line by line (`hocba restore`). */
  restore(lines: AsyncIterable<string>): Promise<RestoreSummary>;
  addOperator(input: OperatorInput, options?: OperatorOptions): Promise<OperatorSummary>;
  setOperatorPassword(username: string, password: string, options?: OperatorOptions): Promise<void>;
  disableOperator(username: string, options?: OperatorOptions): Promise<void>;
  /** Throws `login_failed` alike for an unknown, disabled or locked account and a wrong password. */
  login(username: string, password: string, options?: LoginOptions): Promise<OperatorLogin>;
  authenticateOperator(token: string, now?: Date): Promise<AuthenticatedOperator | null>;
  logout(token: string, options?: { now?: Date }): Promise<void>;
  /** One page of the export; the first page (no `after`) is journaled as an `export` event. */
  exportRecords(query: ExportQuery, options?: OperatorOptions & { format?: string }): Promise<ExportPage>;
  /** The operator console (issue 20): read-only, bounded views, and the expected counts. */
  schoolYearOverview(query: OverviewQuery): Promise<SchoolYearOverview>;
  refusals(query: RefusalQuery): Promise<RefusalRow[]>;
  trustOverview(now?: Date): Promise<TrustOverview>;
  setExpectedCounts(schoolYear: string, counts: readonly ExpectedCount[], options?: OperatorOptions): Promise<number>;
  listExpectedCounts(schoolYear: string, schoolCode?: string): Promise<ExpectedCountRow[]>;
  journalPage(query: JournalQuery): Promise<JournalPage>;
}

/** The answer to a request for the exact XML on proof of the student's id (SPEC §5, §9; xml-release.ts). */
export type XmlRelease =
  | { readonly kind: 'released'; readonly lookupCode: string; readonly xml: Uint8Array }
  | { readonly kind: 'wrong'; readonly lookupCode: string; readonly triesLeft: number }
  | { readonly kind: 'malformed'; readonly lookupCode: string }
  | { readonly kind: 'limited'; readonly lookupCode: string; readonly retryAfterSeconds: number }
  | { readonly kind: 'not_public'; readonly lookupCode: string }
  | { readonly kind: 'not_found' };

export interface XmlReleaseOptions {
  readonly now?: Date;
  /** Who asks, for the journal: `api:<keyed hash>`, `portal:<keyed hash>` (never an address). */
  readonly actor: string;
}

// --- the operator console (issue 20) ---

export interface OverviewQuery {
  readonly schoolYear: string;
  /** 1-based page of the school table (OVERVIEW_PAGE_SIZE schools, ordered by code). */
  readonly page?: number;
  readonly pageSize?: number;
  /** Only schools with no record of the year. */
  readonly onlyUnpublished?: boolean;
}

export interface GradeOverview {
  readonly grade: number;
  readonly accepted: number;
  readonly recalled: number;
  readonly replaced: number;
  readonly lastAccepted: Date | null;
  /** Refused pushes in the push season whose record named this grade (it parsed; a refusal by policy, lock or code). */
  readonly refused: number;
}

export interface SchoolOverview {
  readonly code: string;
  readonly name: string;
  /** Records of the year ever accepted (recalled and replaced ones included). */
  readonly accepted: number;
  /** Accepted minus recalled minus replaced: what completion counts. */
  readonly inForce: number;
  /** Grades with records of the year or refused pushes naming them, by grade. */
  readonly grades: readonly GradeOverview[];
  /** Refused pushes within the year's push season (pushSeasonOf): the grades' and those of no known grade. */
  readonly refused: number;
  /** Refused pushes in the season whose package never parsed (or stored before grades were kept): grade unknown. */
  readonly refusedGradeUnknown: number;
  readonly lastPush: Date | null;
  readonly expected: number | null;
  /** inForce / expected in percent, one decimal; null without an expected count. */
  readonly completion: number | null;
}

export interface SchoolYearOverview {
  readonly schoolYear: string;
  readonly lockDates: { readonly main: string; readonly supplementary: string };
  readonly season: { readonly from: Date; readonly to: Date };
  /** Vietnam calendar days with at least one acceptance, oldest first. */
  readonly perDay: readonly { readonly day: string; readonly accepted: number }[];
  readonly totals: {
    readonly accepted: number; readonly recalled: number; readonly replaced: number; readonly refused: number;
    readonly schools: number; readonly unpublished: number;
  };
  readonly schools: readonly SchoolOverview[];
  readonly page: number;
  readonly pageSize: number;
  /** Schools the table pages over (all, or those with nothing published). */
  readonly listed: number;
  readonly onlyUnpublished: boolean;
}

export interface RefusalQuery {
  readonly schoolYear: string;
  /** One school: every code it met; without it the few most frequent codes of each school. */
  readonly schoolCode?: string;
}

export interface RefusalRow {
  readonly schoolCode: string;
  readonly schoolName: string | null;
  readonly code: string;
  readonly kind: import('./refusal-kinds.ts').RefusalKind;
  /** Times the code was given in refused pushes of the season. */
  readonly count: number;
  readonly lastAt: Date;
  /** The newest message the school was given for it (in the registry's language). */
  readonly message: string | null;
  readonly path: string | null;
}

export interface TrustOverview {
  readonly waiting: readonly { schoolCode: string; schoolName: string; refusedPushes: number; lastAt: Date; message: string | null }[];
  readonly expiring: readonly { schoolCode: string; schoolName: string; fingerprint: string; subject: string; serial: string; notAfter: Date; expired: boolean }[];
  readonly anchors: readonly { fingerprint: string; subject: string; role: string; addedAt: Date }[];
  readonly crls: readonly { issuer: string; thisUpdate: Date; nextUpdate: Date | null; loadedAt: Date; stale: boolean }[];
}

export interface ExpectedCount {
  readonly schoolCode: string;
  readonly expected: number;
}

export interface ExpectedCountRow extends ExpectedCount {
  readonly schoolYear: string;
  readonly updatedAt: Date;
  /** `operator:<name>` or `cli:<user>@<host>`. */
  readonly updatedBy: string;
}

export interface JournalQuery {
  readonly schoolCode?: string;
  readonly kind?: string;
  /** Vietnam calendar days (`YYYY-MM-DD`), both included. */
  readonly from?: string;
  readonly to?: string;
  /** Events older than this id (the `next` of the previous page). */
  readonly before?: number;
  readonly limit?: number;
}

export interface JournalPage {
  readonly events: readonly { id: number; at: Date; actor: string; kind: string; subject: string | null; detail: Record<string, unknown> }[];
  /** The `before` of the next (older) page; null on the last. */
  readonly next: number | null;
}
