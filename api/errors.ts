// The one error type and the closed catalogue of issue codes (SPEC §7 "every reason has a stable code").
// Each module owns its codes in `<module>/issues.ts` (leaf files, no imports); this file joins them.
import { CODEC_ISSUES } from './codec/issues.ts';
import { XML_ISSUES } from './xml/issues.ts';
import { RECORD_ISSUES } from './record/issues.ts';
import { SIGNATURE_ISSUES } from './signature/issues.ts';
import { TRUST_ISSUES } from './trust/issues.ts';
import { POLICY_ISSUES } from './policy/issues.ts';
import { REGISTRY_ISSUES } from './registry/issues.ts';
import { VERIFY_ISSUES } from './verify/issues.ts';
import { LIFECYCLE_ISSUES } from './lifecycle/issues.ts';
import { ANSWER_ISSUES } from './answers/issues.ts';
import { HTTP_ISSUES } from './http/issues.ts';
import { RENDER_ISSUES } from './render/issues.ts';
import type { CatalogueEntry } from './issue-types.ts';

export type { CatalogueEntry, Outcome, SubIndication } from './issue-types.ts';

export const CATALOGUE = {
  ...CODEC_ISSUES,
  ...XML_ISSUES,
  ...RECORD_ISSUES,
  ...SIGNATURE_ISSUES,
  ...TRUST_ISSUES,
  ...POLICY_ISSUES,
  ...REGISTRY_ISSUES,
  ...VERIFY_ISSUES,
  ...LIFECYCLE_ISSUES,
  ...ANSWER_ISSUES,
  ...HTTP_ISSUES,
  ...RENDER_ISSUES,
} as const satisfies Record<string, CatalogueEntry>;

export type IssueCode = keyof typeof CATALOGUE;
export type Lang = 'vi' | 'en';
export type Severity = 'error' | 'indeterminate' | 'warning';
export type IssueParams = Readonly<Record<string, string | number>>;

/** One finding about an input: a reason to refuse, a reason we could not decide, or a warning. */
export interface Issue {
  readonly code: IssueCode;
  readonly severity: Severity;
  /** Field path inside DuLieu (`HocSinh/NgaySinh`) or a location in the envelope. */
  readonly path?: string;
  /** 1-based index of the signature (CKS slot) the issue is about. */
  readonly signature?: number;
  readonly params?: IssueParams;
}

export interface IssueOptions {
  path?: string;
  signature?: number;
  params?: IssueParams;
}

export function severityOf(code: IssueCode): Severity {
  const outcome = (CATALOGUE[code] as CatalogueEntry).outcome;
  return outcome === 'invalid' ? 'error' : outcome;
}

export function issue(code: IssueCode, options: IssueOptions = {}): Issue {
  const found: Issue = { code, severity: severityOf(code) };
  return {
    ...found,
    ...(options.path === undefined ? {} : { path: options.path }),
    ...(options.signature === undefined ? {} : { signature: options.signature }),
    ...(options.params === undefined ? {} : { params: options.params }),
  };
}

/** The message a person can act on, in Vietnamese or English, with `{name}` placeholders filled. */
export function messageOf(found: Pick<Issue, 'code' | 'params' | 'path'>, lang: Lang = 'vi'): string {
  const entry = CATALOGUE[found.code] as CatalogueEntry;
  const params: Record<string, string | number> = { path: found.path ?? '', ...found.params };
  return entry[lang].replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}

export function subIndicationOf(code: IssueCode): string | undefined {
  return (CATALOGUE[code] as CatalogueEntry).subIndication;
}

/** Thrown only when work cannot go on; expected rejections are collected as `Issue`s instead. */
export class HocbaError extends Error {
  readonly code: IssueCode;
  readonly path?: string;
  readonly params?: IssueParams;

  constructor(code: IssueCode, options: IssueOptions & { cause?: unknown } = {}) {
    super(messageOf({ code, path: options.path, params: options.params }, 'en'), { cause: options.cause });
    this.name = 'HocbaError';
    this.code = code;
    if (options.path !== undefined) this.path = options.path;
    if (options.params !== undefined) this.params = options.params;
  }

  toIssue(): Issue {
    return issue(this.code, { path: this.path, params: this.params });
  }
}

export function isHocbaError(value: unknown): value is HocbaError {
  return value instanceof HocbaError;
}
