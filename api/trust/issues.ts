// Issue codes of api/trust/ (vi + en messages; codes are contract: add freely, never rename).
import type { CatalogueEntry } from '../issue-types.ts';

export const TRUST_ISSUES = {
} as const satisfies Record<string, CatalogueEntry>;
