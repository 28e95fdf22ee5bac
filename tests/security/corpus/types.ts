// The shape of the attack corpus manifest (tests/fixtures/attacks/attacks.json) and of the recipes that build it.
import type { IssueCode, Verdict } from '../../../api/index.ts';
import type { Kit, SchoolKey } from './kit.ts';

export const CORPUS_FORMAT = 'hocba-attack-corpus/1';

export type Category =
  | 'signature-wrapping' | 'comments-whitespace' | 'xml-parser' | 'encoding' | 'gzip' | 'base64'
  | 'http-limits' | 'algorithms' | 'key-strength' | 'certificates' | 'policy' | 'envelope';

export interface HttpAttack {
  readonly method: 'POST';
  readonly path: string;
  readonly status: number;
  /** Content-Type of the request (default application/json). */
  readonly contentType?: string;
}

export interface AttackItem {
  /** Relative to tests/fixtures/attacks/. */
  readonly file: string;
  readonly category: Category;
  readonly technique: string;
  /** The issue code the engine (and the registry, the API) must give; null for inputs accepted as signed. */
  readonly expected: IssueCode | null;
  /**
   * Every code the engine gives, in report order (document issues, then each signature's): the exact list the tests
   * compare, so a lost or an extra finding fails. Holds `expected`; [] for inputs accepted as signed. For the HTTP items,
   * the answer's code, or for a batch one code per package in order. In a recipe it defaults to [expected].
   */
  readonly expectedCodes: readonly IssueCode[];
  readonly verdict: Verdict;
  /** Also pushed through registry.submitPackages, which must refuse it with the same code. */
  readonly ingest?: boolean;
  /** What the registry refuses it with (its only code) when that differs from the engine (a registry-only rule); else the registry gives exactly `expectedCodes`. */
  readonly ingestExpected?: IssueCode;
  /** The school whose token pushes it (default a). */
  readonly pushAs?: SchoolKey;
  /** For inputs accepted as signed: record fields (dotted paths) and the values the report must show. */
  readonly shows?: Readonly<Record<string, string>>;
  /** Built at test time into generated/ (too large to commit, or cheap to make). */
  readonly generated?: boolean;
  /** Sent to the HTTP API as the request body instead of to the engine. */
  readonly http?: HttpAttack;
}

export interface Recipe extends Omit<AttackItem, 'expectedCodes'> {
  readonly expectedCodes?: readonly IssueCode[];
  build(kit: Kit): Promise<string | Buffer> | string | Buffer;
  /** For inputs accepted as signed: the fields the report must show, read from the built bytes. */
  show?(built: string | Buffer): Record<string, string>;
}

export interface CorpusManifest {
  readonly format: typeof CORPUS_FORMAT;
  readonly description: string;
  /** The instant every check is made at; the committed PKI's validity and CRL times are relative to it. */
  readonly now: string;
  /** Folder of the committed test PKI (pki.json, extras/extras.json). */
  readonly pki: string;
  readonly approvals: Readonly<Record<string, readonly string[]>>;
  readonly items: readonly AttackItem[];
}
