// The registry: the ONLY module that writes to the database (accept, recall, replace, operators' changes).
import { DEFAULT_LOCK_SETTINGS } from '../lifecycle/index.ts';
import { countLookups, createAccessLog, pruneAccessLog } from './access-log.ts';
import { hasAuditEvent, verifyAuditChain } from './audit.ts';
import { backupRegistry } from './backup.ts';
import { restoreRegistry } from './restore.ts';
import { loadLockSettings, type RegistryContext } from './context.ts';
import { recordCopy } from './copies.ts';
import { recallRecord, recallTransferredRecord, replaceRecord, replaceTransferredRecord } from './corrections.ts';
import { listTransfers, recordTransfer } from './transfers.ts';
import { cancelTransferProposal, confirmTransferProposal, listPendingTransferProposals, listTransferProposals, proposeTransfer } from './transfer-proposals.ts';
import { exportRecords } from './exports.ts';
import { ingestBatch } from './ingest.ts';
import { closeLateWindow, listLateWindows, openLateWindow } from './late-windows.ts';
import { setLockDates } from './lock-settings.ts';
import { authenticateOperator, login, logout } from './operator-sessions.ts';
import { addOperator, disableOperator, setOperatorPassword } from './operators.ts';
import { addSchool, approveCertificate, authenticateSchool, issueSchoolToken, listSchools, revokeSchoolTokens, withdrawApproval } from './schools.ts';
import { addTrustAnchor, loadCrl } from './trust-store.ts';
import { createTrustCache } from './trust-cache.ts';
import type { IngestLimits, Registry, RegistryOptions } from './types.ts';
import { createTransparencyLog } from './transparency-log.ts';
import { createReadPath } from './read-path.ts';
import { createForwarding } from './forwarding.ts';
import { releaseRecordXml } from './xml-release.ts';
import { findByDigest, findCopy, getOwnRecord, getRecord, getRecords, journalLookups, loadRecordXml } from './views.ts';
import { normalizeLookupCode } from '../record/lookup-code.ts';
import { schoolYearOverview } from './console-overview.ts';
import { refusalsOf } from './console-refusals.ts';
import { trustOverview } from './console-trust.ts';
import { listExpectedCounts, setExpectedCounts } from './expected-counts.ts';
import { journalPage } from './journal-page.ts';

export type * from './types.ts';
export type { Forwarding, ForwardAck, ForwardBatch, ForwardItem, ForwardRefusal, ForwardStatus, DeadlineStatus } from './forward-types.ts';
export { FORWARD_LIMITS } from './forward-types.ts';
export { CONSOLE_IDLE_MS, LOCKOUT_MS, SESSION_MS } from './operator-sessions.ts';
export { MIN_PASSWORD_LENGTH } from './passwords.ts';
export { OVERVIEW_PAGE_SIZE, pushSeasonOf } from './console-overview.ts';
export { REFUSAL_FIXES, REFUSAL_KINDS, refusalKindOf, type RefusalKind } from './refusal-kinds.ts';
export { EXPIRY_WARNING_DAYS } from './console-trust.ts';
export { JOURNAL_PAGE, EVENT_KINDS, isEventKind } from './journal-page.ts';
export { MAX_EXPECTED_LINES, parseExpectedCountsCsv } from './expected-counts.ts';
export { ACCESS_LOG_DEFAULTS, DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS } from './access-log.ts';

// Verification is CPU-bound and may run on worker threads: a few packages of a batch at once is enough.
const BATCH_CONCURRENCY = 4;
const MiB = 1024 * 1024;
// A slice of 32 packages or 16 MiB of XML (8 packages of the 2 MB maximum, two per verifying thread) is what one
// batch holds at once; a whole batch may inflate to 64 MiB, the most a push body may weigh (docs/SECURITY.md).
const DEFAULT_INGEST_LIMITS: IngestLimits = { window: 32, sliceBytes: 16 * MiB, batchInflatedBytes: 64 * MiB };

export function createRegistry(options: RegistryOptions): Registry {
  const ctx: RegistryContext = {
    db: options.db.db,
    check: options.check,
    clock: options.clock ?? (() => new Date()),
    lockPolicy: options.lockPolicy ?? DEFAULT_LOCK_SETTINGS,
    lang: options.lang ?? 'vi',
    ingest: { ...DEFAULT_INGEST_LIMITS, ...options.ingest },
    counters: options.counters ?? { decodedAlive: 0, peakDecodedAlive: 0, inflatedAlive: 0, peakInflatedAlive: 0 },
    accessLog: createAccessLog(options.db.db, options.accessLog),
    reads: createReadPath(options.db.db, options.db.replicas.map((replica) => replica.db)),
    trust: createTrustCache(options.db.db),
  };
  const at = (now?: Date) => now ?? ctx.clock();
  return {
    log: createTransparencyLog(ctx.db, options.log ?? null, ctx.clock),
    forwarding: createForwarding(ctx),
    async submitPackages(schoolCode, packages, now) {
      const time = at(now);
      // Trust material is read once per batch: every package of a batch is judged against the same list.
      const trust = await ctx.trust.load();
      return ingestBatch(ctx, schoolCode, packages, time, trust, BATCH_CONCURRENCY);
    },
    getRecord: (code, opts) => getRecord(ctx, code, opts),
    getRecords: (codes, opts) => getRecords(ctx, codes, opts),
    journalLookups: (codes, opts) => journalLookups(ctx, codes, opts),
    async countLookups(code, opts = {}) {
      const lookupCode = normalizeLookupCode(code);
      const counted = lookupCode ? await countLookups(ctx.db, lookupCode, opts.since) : null;
      return counted && lookupCode ? { lookupCode, lookups: counted.lookups, since: counted.since?.toISOString() ?? null } : null;
    },
    pruneAccessLog: (opts = {}) => pruneAccessLog(ctx.db, { ...(opts.days === undefined ? {} : { days: opts.days }), now: at(opts.now) }),
    flushAccessLog: () => ctx.accessLog.flush(),
    accessLogCounters: ctx.accessLog.counters,
    readCounters: ctx.reads.counters,
    close: () => ctx.accessLog.close(),
    getOwnRecord: (schoolCode, code, now) => getOwnRecord(ctx, schoolCode, code, now),
    loadRecordXml: (code) => loadRecordXml(ctx, code),
    releaseRecordXml: (code, claimed, opts) => releaseRecordXml(ctx, code, claimed, opts),
    findByDigest: (digest) => findByDigest(ctx, digest),
    recallRecord: (schoolCode, code, reason, now) => recallRecord(ctx, schoolCode, code, reason, at(now)),
    replaceRecord: (schoolCode, code, pkg, now) => replaceRecord(ctx, schoolCode, code, pkg, at(now)),
    authenticateSchool: (token) => authenticateSchool(ctx, token),
    addSchool: (input, opts) => addSchool(ctx, input, opts),
    issueSchoolToken: (schoolCode, opts) => issueSchoolToken(ctx, schoolCode, opts),
    revokeSchoolTokens: (schoolCode, tokenId, opts) => revokeSchoolTokens(ctx, schoolCode, tokenId, opts),
    approveCertificate: (schoolCode, certificate, opts) => approveCertificate(ctx, schoolCode, certificate, opts),
    withdrawApproval: (schoolCode, certificate, opts) => withdrawApproval(ctx, schoolCode, certificate, opts),
    listSchools: () => listSchools(ctx),
    addTrustAnchor: (certificate, opts) => addTrustAnchor(ctx, certificate, opts),
    loadCrl: (crl, opts) => loadCrl(ctx, crl, opts),
    loadTrustMaterial: () => ctx.trust.load(),
    trustCounters: ctx.trust.counters,
    loadLockSettings: () => loadLockSettings(ctx),
    setLockDates: (schoolYear, dates, opts) => setLockDates(ctx, schoolYear, dates, opts),
    openLateWindow: (input, opts) => openLateWindow(ctx, input, opts),
    closeLateWindow: (schoolCode, schoolYear, reason, opts) => closeLateWindow(ctx, schoolCode, schoolYear, reason, opts),
    listLateWindows: (query) => listLateWindows(ctx, query),
    recordTransfer: (input, opts) => recordTransfer(ctx, input, opts),
    listTransfers: (query) => listTransfers(ctx, query),
    proposeTransfer: (school, input, now) => proposeTransfer(ctx, school, input, at(now)),
    confirmTransferProposal: (school, id, now) => confirmTransferProposal(ctx, school, id, at(now)),
    cancelTransferProposal: (school, id, now) => cancelTransferProposal(ctx, school, id, at(now)),
    listTransferProposals: (school) => listTransferProposals(ctx, school),
    listPendingTransferProposals: (limit) => listPendingTransferProposals(ctx, limit),
    recallTransferredRecord: (code, reason, opts) => recallTransferredRecord(ctx, code, reason, opts),
    replaceTransferredRecord: (code, pkg, opts) => replaceTransferredRecord(ctx, code, pkg, opts),
    recordCopy: (code, ipHash, now) => recordCopy(ctx, code, ipHash, at(now)),
    findCopy: (code, copyNumber) => findCopy(ctx, code, copyNumber),
    verifyAuditChain: () => verifyAuditChain(ctx.db),
    hasAuditEvent: (hash) => hasAuditEvent(ctx.db, hash),
    backup: (write, options) => backupRegistry(ctx.db, write, options),
    restore: (lines) => restoreRegistry(ctx.db, lines),
    addOperator: (input, opts) => addOperator(ctx, input, opts),
    setOperatorPassword: (username, password, opts) => setOperatorPassword(ctx, username, password, opts),
    disableOperator: (username, opts) => disableOperator(ctx, username, opts),
    login: (username, password, opts) => login(ctx, username, password, opts),
    authenticateOperator: (token, now) => authenticateOperator(ctx, token, at(now)),
    logout: (token, opts) => logout(ctx, token, opts),
    exportRecords: (query, opts) => exportRecords(ctx, query, opts),
    schoolYearOverview: (query) => schoolYearOverview(ctx, query),
    refusals: (query) => refusalsOf(ctx, query),
    trustOverview: (now) => trustOverview(ctx, at(now)),
    setExpectedCounts: (schoolYear, counts, opts) => setExpectedCounts(ctx, schoolYear, counts, opts),
    listExpectedCounts: (schoolYear, schoolCode) => listExpectedCounts(ctx, schoolYear, schoolCode),
    journalPage: (query) => journalPage(ctx, query),
  };
}
