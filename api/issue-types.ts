// Shapes of the issue catalogue entries; a leaf module so every `issues.ts` can use it without cycles.

/** What an issue does to the result: refuse it, leave it undecided, or only warn (SPEC §7 "three outcomes"). */
export type Outcome = 'invalid' | 'indeterminate' | 'warning';

/** ETSI EN 319 102-1 sub-indications, the model for the expert view. */
export type SubIndication =
  | 'FORMAT_FAILURE'
  | 'HASH_FAILURE'
  | 'SIG_CRYPTO_FAILURE'
  | 'REVOKED'
  | 'SIG_CONSTRAINTS_FAILURE'
  | 'CHAIN_CONSTRAINTS_FAILURE'
  | 'CERTIFICATE_CHAIN_GENERAL_FAILURE'
  | 'CRYPTO_CONSTRAINTS_FAILURE'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'POLICY_PROCESSING_ERROR'
  | 'SIGNED_DATA_NOT_FOUND'
  | 'NO_SIGNING_CERTIFICATE_FOUND'
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'REVOKED_NO_POE'
  | 'TRY_LATER'
  | 'OUT_OF_BOUNDS_NO_POE';

export interface CatalogueEntry {
  readonly outcome: Outcome;
  readonly subIndication?: SubIndication;
  /** Vietnamese message; `{name}` placeholders are filled from the params and path. */
  readonly vi: string;
  readonly en: string;
}
