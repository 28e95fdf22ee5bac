// The public surface of the domain core: what site/, scripts/ and tests import.
export * from './errors.ts';
export {
  decodePackage, decodePackageCounted, encodePackage, inflatedInThisThread, looksLikeXml, DEFAULT_CODEC_LIMITS, type CodecLimits, type PackageDecoding,
} from './codec/index.ts';
export { parseXml, DEFAULT_XML_LIMITS, type XmlLimits } from './xml/index.ts';
export {
  readEnvelope, parseRecord, validateRecord, normalizeLookupCode, formatLookupCode, isLookupCode,
  parseLookupInput, lookupCodeLayoutProblem, type LookupInputResult, type LookupInputProblem,
  findTextProblem, type TextProblem,
  LEVELS, LEVEL_GRADES, levelOfGrade,
  HOCBA_NS, type HocBaRecord, type Level,
  FIELD_LABELS, LEVEL_WORDS, ROLE_WORDS, SCALE_WORDS, TRANSLATED_VALUES, englishOf, termOf, type FieldKey, type WordsLang,
} from './record/index.ts';
export { signRecord, verifySignatures, ROLES, SIGN_PROFILES, type SignOptions, type SignProfile, type Role } from './signature/index.ts';
export {
  checkCertificate, describeCertificate, fingerprintOf, pemToDer, derToPem, parsePem, prepareTrust, toTrustMaterial,
  decodeCertificateFile, decodeCrlFile, MAX_BUNDLE_CERTIFICATES,
  isApprovedFor, type CertificateSummary, type PreparedTrust, type SchoolApproval, type TrustMaterial,
} from './trust/index.ts';
export { judgeSigners } from './policy/index.ts';
export {
  verifyInput, verifyPackage, verifyXml, ENGINE_VERSION, type VerifyOptions, type PackageReport,
} from './verify/engine.ts';
export {
  createVerifierPool, DEFAULT_VERIFY_BUDGET, type VerifierPool, type VerifierPoolOptions, type PoolJob, type Lane, type PoolStats,
} from './verify/pool.ts';
export { withoutRecord, type Report, type SignatureReport, type Verdict, type Indication } from './verify/report.ts';
export { createVerifier, type Verifier, type VerifyContext, type VerifierBudget } from './verify/verifier.ts';
export { openRegistry, type OpenRegistryOptions, type OpenedRegistry } from './registry/open.ts';
export { isDatabaseUnavailable } from './registry/database-errors.ts';
export type {
  Registry, PackageResult, Receipt, RecordView, OwnRecordView, ApprovedCertificate, OperatorSummary, OperatorLogin,
  AuthenticatedOperator, SchoolListing, SchoolYearOverview, SchoolOverview, RefusalRow, TrustOverview, JournalPage, JournalQuery, ExpectedCount, ExpectedCountRow, ExportQuery, ExportRow, ExportPage, XmlRelease, XmlReleaseOptions, LateWindow, LookupCount, Transfer, TransferInput, TransferQuery, TransferProposal, TransferProposalInput,
  Forwarding, ForwardAck, ForwardBatch, ForwardItem, ForwardRefusal, ForwardStatus, DeadlineStatus,
} from './registry/index.ts';
export { FORWARD_LIMITS } from './registry/index.ts';
export { XML_RELEASE_TRIES, XML_RELEASE_WINDOW_MS } from './registry/xml-release-rule.ts';
export { createTransparencyLog, logIdentityOf, logOriginOf, type TransparencyLog, type LogProofs, type LogEntryProof } from './registry/transparency-log.ts';
export type { LogIdentity } from './registry/log-store.ts';
export { startSequencer, type Sequencer } from './registry/log-sequencer.ts';
export { checkAcceptanceProof, type ProofCheck } from './registry/log-proof-check.ts';
export { auditLogFiles, LogAuditError, type LogAudit, type LogFileReader } from './log/audit-files.ts';
export { generateNoteKey, parseVerifierKey } from './log/note.ts';
export { readTile, tilePath, tilesOf } from './log/tiles.ts';
export { ENTRY_FIELDS, entryText, parseEntry, textDigest, type EntryKind, type ParsedEntry } from './registry/log-entries.ts';
export { signingByRole, toSignatureFacts, sameName, type RoleSigning, type RoleSigner, type SigningNote, type SigningRole } from './verify/signers.ts';
export { MIN_PASSWORD_LENGTH, DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS, CONSOLE_IDLE_MS, SESSION_MS } from './registry/index.ts';
export {
  OVERVIEW_PAGE_SIZE, REFUSAL_FIXES, REFUSAL_KINDS, refusalKindOf, EXPIRY_WARNING_DAYS, JOURNAL_PAGE, EVENT_KINDS, isEventKind, MAX_EXPECTED_LINES, parseExpectedCountsCsv,
  pushSeasonOf, type RefusalKind,
} from './registry/index.ts';
export { lockDateOf, isLocked, DEFAULT_LOCK_SETTINGS, schoolYearInProgress, vietnamDateOf } from './lifecycle/index.ts';
export {
  renderRecordPdf, renderRecordBody, stampCopy, sealFromPem, sealFromP12, sealFingerprint, certificatesOfPem, SealConfigError,
  type Sealer, type SealKey, type StampTimings,
} from './render/index.ts';
export { httpTimeStamper } from './render/seal/tsa.ts';
export * from './answers/index.ts';
export {
  isPdf, readPdfCopy, closeSharedPdfReader, createPdfReader, DEFAULT_PDF_READER, DEFAULT_PDF_CAPS, type PdfCopyFacts, type PdfReader, type PdfReaderOptions,
  type PdfRefusal, type PdfCaps, type PdfWork,
} from './render/read-copy.ts';
export {
  maskPersonalId, maskFromLastFour, maskPersonalIdsInText, maskPersonalIdsIn, samePersonalId, PERSONAL_ID_PATTERN,
} from './record/personal-ids.ts';
export { vietnamDateText, vietnamTimeText } from './vietnam-time.ts';
export { CSV_BOM, csvLine, parseCodeList, parseCsv, CsvSyntaxError, toCsv, type Cell } from './csv.ts';
export type { BackupSummary } from './registry/backup.ts';
export type { RestoreSummary } from './registry/restore.ts';
