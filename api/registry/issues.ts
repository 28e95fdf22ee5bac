// Issue codes of api/registry/ (vi + en messages; codes are contract: add freely, never rename).
import type { CatalogueEntry } from '../issue-types.ts';

export const REGISTRY_ISSUES = {
} as const satisfies Record<string, CatalogueEntry>;
