// Surface of api/trust: trust material as a plain value, certificate summaries, chain checks at signing time, approvals.
export { derToPem, parsePem, pemToDer, type PemBlock } from './pem.ts';
export { decodeCertificateFile, decodeCrlFile, MAX_BUNDLE_CERTIFICATES } from './trust-files.ts';
export {
  describeCertificate, fingerprintOf, parseCertificate, type CertificateSummary, type ParsedCertificate,
} from './certificate.ts';
export { parseCrl, type ParsedCrl } from './crl.ts';
export {
  prepareTrust, toTrustMaterial, type PreparedTrust, type SchoolApproval, type TrustMaterial,
} from './trust-material.ts';
export { checkCertificate, type CertificateCheck, type CertificateCheckInput } from './chain.ts';
export type { RevocationStatus } from './revocation.ts';
export { isApprovalInForce, isApprovedFor } from './approval.ts';
