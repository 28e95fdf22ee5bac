// Surface of api/signature: is each signature intact (verify), and the reference school-side signer (sign).
export { MAX_SIGNATURES, verifySignature, verifySignatures, type SignatureCheck, type SignatureProfile } from './verify.ts';
export { SIGN_PROFILES, signRecord, type SignOptions, type SignProfile } from './sign.ts';
export { canonicalize, type C14nOptions } from './c14n.ts';
export { ROLES, type Role } from './signed-properties.ts';
export type { C14nName, DigestName } from './algorithms.ts';
export type { DigestCache } from './crypto-checks.ts';
