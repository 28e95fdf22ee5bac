// What ingest decided about one package, before anything is written: the one contract between the judge
// (ingest.ts) and the writer (writer.ts), so neither imports the other's shapes.
import type { RecordRow } from '../../db/schema/index.ts';
import type { Issue } from '../errors.ts';
import type { LockSettings } from '../lifecycle/index.ts';
import type { Report } from '../verify/report.ts';
import type { ReceiptRow } from './context.ts';
import type { RecordFacts } from './record-facts.ts';

export interface Push {
  readonly schoolCode: string;
  /** The base64 text exactly as received. */
  readonly text: string;
  readonly now: Date;
  /**
   * An operator who submits it for the school (the replacement of a record whose student moved away): journaled as
   * the actor, and the transfer rule of admission does not apply — the record stays the school's own.
   */
  readonly operator?: string;
  /**
   * When the bytes were first received, if before `now`: a national instance re-verifying a forwarded package
   * (issue 19) checks CRLs as of now and a revocation against the province's receipt time.
   */
  readonly proofOfExistence?: Date;
}

/** A document the engine called valid and the registry's policy accepted: what a record row is made of. */
export interface VerifiedDocument {
  readonly lookupCode: string;
  readonly xml: Uint8Array;
  readonly digest: string;
  readonly report: Report;
  readonly facts: RecordFacts;
}

/** The record a replacement supersedes, as read before judging, and the lock dates that decide if it still may be. */
export interface Replacing {
  readonly row: RecordRow;
  readonly settings: LockSettings;
}

/** What a refused package's record said of itself, when it parsed: the console counts refusals per grade. */
export interface RefusedFacts {
  readonly grade: number;
  readonly schoolYear: string;
}

export type Judgement =
  | { readonly kind: 'rejected'; readonly lookupCode: string | null; readonly digest: string; readonly issues: Issue[]; readonly facts?: RefusedFacts | null }
  /** The same document as a stored record of the same school (found by digest before verifying). */
  | { readonly kind: 'repeated'; readonly row: ReceiptRow }
  | { readonly kind: 'accept'; readonly doc: VerifiedDocument; readonly replacing: Replacing | null };

/** One package to write: the push it came in (its own text) and what was decided about it. */
export interface Judged {
  readonly push: Push;
  readonly judgement: Judgement;
}
