// Surface of api/signature: is each signature intact (verify), and the reference school-side signer (sign).
export { MAX_SIGNATURES, verifySignature, verifySignatures, type SignatureCheck } from './verify.ts';
export { signRecord, type SignOptions } from './sign.ts';
export { canonicalize, type C14nOptions } from './c14n.ts';
export { ROLES, type Role } from './signed-properties.ts';
export type { C14nName, DigestName } from './algorithms.ts';
export type { DigestCache } from './crypto-checks.ts';
