// C2SP tlog-checkpoint (the log's signed tree head) and C2SP tlog-proof (an offline proof of one entry).
import { HASH_BYTES, type Hash } from './merkle.ts';
import { openNote, signNote, type NoteSigner, type NoteVerifier } from './note.ts';

export interface Checkpoint {
  /** The log's origin: its URL without scheme or trailing slash, e.g. `hocba.hanoi.edu.vn/log`. */
  readonly origin: string;
  readonly size: number;
  readonly root: Hash;
  /** Extension lines after the root (none are required). */
  readonly extensions?: readonly string[];
}

const SIZE = /^(0|[1-9]\d{0,15})$/;
const HASH64 = /^[A-Za-z0-9+/]{43}=$/;

function checkpointText(checkpoint: Checkpoint): string {
  const lines = [checkpoint.origin, String(checkpoint.size), Buffer.from(checkpoint.root).toString('base64'), ...(checkpoint.extensions ?? [])];
  return `${lines.join('\n')}\n`;
}

export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): string {
  return signNote(checkpointText(checkpoint), signer);
}

function parseHashLine(line: string | undefined, what: string): Hash {
  if (line === undefined || !HASH64.test(line)) throw new Error(`${what} is not a base64 SHA-256 hash`);
  const hash = Buffer.from(line, 'base64');
  if (hash.length !== HASH_BYTES) throw new Error(`${what} is not a base64 SHA-256 hash`);
  return hash;
}

/** Verifies the note with `verifier` and reads it as a checkpoint of `origin` (when given). */
export function openCheckpoint(note: string, verifier: NoteVerifier, origin?: string): Checkpoint {
  const lines = openNote(note, verifier).slice(0, -1).split('\n');
  const [logOrigin, size, root, ...extensions] = lines;
  if (!logOrigin) throw new Error('the checkpoint has no origin line');
  if (origin !== undefined && logOrigin !== origin) throw new Error(`the checkpoint is of ${logOrigin}, not ${origin}`);
  if (size === undefined || !SIZE.test(size) || !Number.isSafeInteger(Number(size))) throw new Error('the checkpoint\'s tree size is not a decimal number');
  return { origin: logOrigin, size: Number(size), root: parseHashLine(root, 'the checkpoint\'s root'), extensions };
}

const PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface EntryProof {
  readonly index: number;
  /** Leaf's sibling first, up to the root's child (RFC 6962 §2.1.1). */
  readonly path: readonly Hash[];
  /** The signed checkpoint note, verbatim. */
  readonly checkpoint: string;
  readonly extra?: Uint8Array;
}

export function formatProof(proof: EntryProof): string {
  const lines = [PROOF_HEADER];
  if (proof.extra) lines.push(`extra ${Buffer.from(proof.extra).toString('base64')}`);
  lines.push(`index ${proof.index}`, ...proof.path.map((hash) => Buffer.from(hash).toString('base64')));
  return `${lines.join('\n')}\n\n${proof.checkpoint}`;
}

export function parseProof(text: string): EntryProof {
  const split = text.indexOf('\n\n');
  if (split < 0) throw new Error('the proof has no checkpoint after its hashes');
  const lines = text.slice(0, split).split('\n');
  if (lines.shift() !== PROOF_HEADER) throw new Error(`the proof does not start with ${PROOF_HEADER}`);
  let extra: Uint8Array | undefined;
  if (lines[0]?.startsWith('extra ')) extra = Buffer.from(lines.shift()!.slice('extra '.length), 'base64');
  const index = /^index (0|[1-9]\d{0,15})$/.exec(lines.shift() ?? '');
  if (!index) throw new Error('the proof has no "index N" line');
  const path = lines.map((line, i) => parseHashLine(line, `proof hash ${i + 1}`));
  return { index: Number(index[1]), path, checkpoint: text.slice(split + 2), ...(extra ? { extra } : {}) };
}
