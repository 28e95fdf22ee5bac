// The public surface of the domain core: what site/, scripts/ and tests import.
export * from './errors.ts';
export { decodePackage, encodePackage, looksLikeXml, DEFAULT_CODEC_LIMITS, type CodecLimits } from './codec/index.ts';
export { parseXml, DEFAULT_XML_LIMITS, type XmlLimits } from './xml/index.ts';
export {
  readEnvelope, parseRecord, validateRecord, normalizeLookupCode, formatLookupCode, isLookupCode,
  generateSampleRecord, generateSampleXml, generateSampleSet, subjectsOf, LEVELS, LEVEL_GRADES, levelOfGrade,
  HOCBA_NS, type HocBaRecord, type SampleOptions, type SampleFile, type Level,
} from './record/index.ts';
export { signRecord, verifySignatures, ROLES, type SignOptions, type Role } from './signature/index.ts';
export {
  checkCertificate, describeCertificate, fingerprintOf, pemToDer, derToPem, parsePem, prepareTrust, toTrustMaterial,
  isApprovedFor, type CertificateSummary, type PreparedTrust, type SchoolApproval, type TrustMaterial,
} from './trust/index.ts';
export { judgeSigners } from './policy/index.ts';
export {
  verifyInput, verifyPackage, verifyXml, ENGINE_VERSION, type VerifyOptions, type PackageReport,
} from './verify/engine.ts';
export { createVerifierPool, type VerifierPool, type PoolJob } from './verify/pool.ts';
export type { Report, SignatureReport, Verdict, Indication } from './verify/report.ts';
export { createTestPki, loadTestPki, type TestPki, type PkiEntity } from './pki/index.ts';
export { createVerifier, type Verifier, type VerifyContext } from './verify/verifier.ts';
export { openRegistry, type OpenRegistryOptions, type OpenedRegistry } from './registry/open.ts';
export type {
  Registry, PackageResult, Receipt, RecordView, OwnRecordView, ApprovedCertificate, OperatorSummary, OperatorLogin,
  AuthenticatedOperator, SchoolListing, ExportQuery, ExportRow, ExportPage,
} from './registry/index.ts';
export { LOCKOUT_FAILURES, LOCKOUT_MS, SESSION_MS, MIN_PASSWORD_LENGTH } from './registry/index.ts';
export { lockDateOf, isLocked, DEFAULT_LOCK_SETTINGS } from './lifecycle/index.ts';
export { renderRecordPdf } from './render/index.ts';
export { renderRecordCopy, type CopyInput } from './render/copy.ts';
export * from './answers/index.ts';
export { isPdf, readPdfCopy, type PdfCopyFacts } from './render/read-copy.ts';
export { CSV_BOM, csvLine, parseCodeList, toCsv, type Cell } from './csv.ts';
export { backupRegistry, type BackupSummary } from './registry/backup.ts';
export { restoreRegistry, type RestoreSummary } from './registry/restore.ts';
