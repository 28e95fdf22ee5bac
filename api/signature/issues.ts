// Issue codes of api/signature/ (vi + en messages; codes are contract: add freely, never rename).
import type { CatalogueEntry } from '../issue-types.ts';

export const SIGNATURE_ISSUES = {
} as const satisfies Record<string, CatalogueEntry>;
