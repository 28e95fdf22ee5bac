// The forwarding wire (issue 19): what a province sends the national store, one batch at a time, and its answer;
// and the registry's forwarding surface (forwarding.ts makes it). Types only, so registry/types.ts may name them.
import type { ReportDeadline } from '../lifecycle/index.ts';

/** Bounds of one batch, shared by the forwarder (which fills batches) and the national route (which refuses more). */
export const FORWARD_LIMITS = {
  /** Items per batch. */
  maxItems: 100,
  /** Package text per batch (a package is at most 2 MB; one always fits): the body limit adds room for the JSON around it. */
  maxPackageBytes: 8 * 1024 * 1024,
  /** The request body limit of POST /national/batches. */
  maxBodyBytes: 9 * 1024 * 1024,
} as const;

interface ItemBase {
  /** The province journal's event id: increasing, not contiguous. */
  readonly sequence: number;
  /** When the province made the change (ISO 8601). */
  readonly at: string;
}

/** A record as the province accepted it: the exact package text, its receipt, and the seal the province approved. */
interface RecordItem extends ItemBase {
  readonly lookupCode: string;
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly receiptId: string;
  readonly receivedAt: string;
  readonly package: string;
  /** SHA-256 fingerprint of the school seal certificate the province approved for the school, or null if none was read. */
  readonly seal: string | null;
}

export type ForwardItem =
  | (RecordItem & { readonly kind: 'accept' })
  | (RecordItem & { readonly kind: 'replace'; readonly replaces: string })
  | (ItemBase & { readonly kind: 'recall'; readonly lookupCode: string; readonly reason: string })
  | (ItemBase & { readonly kind: 'lock'; readonly schoolYear: string; readonly main: string; readonly supplementary: string })
  | (ItemBase & { readonly kind: 'transfer' } & TransferFields);

/** A transfer as the province recorded it; the schools' names let the national store know a school it holds no record of. */
interface TransferFields {
  readonly studentCode: string;
  readonly fromSchool: string;
  readonly fromSchoolName: string;
  readonly toSchool: string;
  readonly toSchoolName: string;
  /** ISO date the student moved. */
  readonly effectiveDate: string;
  readonly reason: string;
}

export interface ForwardBatch {
  /** The sequence the batch follows: the national side refuses a batch that would leave a gap. */
  readonly after: number;
  readonly items: readonly ForwardItem[];
}

export interface ForwardRefusal {
  readonly sequence: number;
  readonly lookupCode: string | null;
  readonly errors: Array<{ readonly code: string; readonly message: string; readonly path?: string }>;
}

/** What the national side answers a batch: how far the province's stream is now applied. */
export interface ForwardAck {
  readonly province: string;
  readonly lastSequence: number;
  /** Items applied by this batch. */
  readonly applied: number;
  /** Items at or below the cursor already: sent again, changed nothing. */
  readonly repeated: number;
  /** The first item refused; the items before it are applied, none after it is looked at. */
  readonly refused: ForwardRefusal | null;
}

export interface StreamPage {
  readonly items: ForwardItem[];
  /** Package text bytes in `items`. */
  readonly bytes: number;
}

export interface DeadlineStatus extends ReportDeadline {
  /** Records of the year this deadline covers (every status: a recall is reported too). */
  readonly records: number;
  /** Of them (successors of replacements included), never forwarded. */
  readonly unforwarded: number;
  /** Recalls and replacements of the year's records not yet forwarded. */
  readonly pendingChanges: number;
}

export interface ForwardStatus {
  readonly schoolYear: string;
  /** The last sequence acknowledged by the national store, as journaled here. */
  readonly forwardedThrough: number;
  readonly deadlines: DeadlineStatus[];
}

export interface Forwarding {
  // --- a province's registry ---
  /** Items of this registry's lifecycle stream after `after`, one bounded batch. */
  readStream(after: number, limit: number, maxBytes: number): Promise<StreamPage>;
  countStream(after: number): Promise<number>;
  /** Journals a batch `target` acknowledged. */
  /** Journaled as `actor`: the operator or command user who started the run (default `operator:forward`, the schedule). */
  journalForwarded(target: string, batch: { after: number; through: number; items: number; applied: number; repeated: number }, now?: Date, actor?: string): Promise<void>;
  /** The last sequence journaled as acknowledged by `target` (0: none). */
  lastForwarded(target: string): Promise<number>;
  /** What of `schoolYear` is still unforwarded to `target`, per report deadline. */
  status(schoolYear: string, target: string): Promise<ForwardStatus>;
  // --- a national instance ---
  addProvince(provinceCode: string, options?: { readonly now?: Date; readonly actor?: string }): Promise<{ provinceCode: string; tokenId: number; token: string }>;
  /** Revokes every live token of a province, or one by id; refused `province_token_unknown` when none is live. */
  revokeProvince(
    target: { readonly provinceCode: string } | { readonly tokenId: number }, options?: { readonly now?: Date; readonly actor?: string },
  ): Promise<{ provinceCode: string; tokenIds: number[] }>;
  authenticateProvince(token: string): Promise<{ provinceCode: string } | null>;
  cursor(provinceCode: string): Promise<number>;
  receive(provinceCode: string, batch: ForwardBatch, now?: Date): Promise<ForwardAck>;
}

