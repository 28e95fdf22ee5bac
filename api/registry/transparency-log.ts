// The registry's transparency log as the doors see it (SPEC §5 "Log", docs/log.md): the signed checkpoint, the
// verifier key, immutable tiles, a record's entries with their proofs, and one sequencer turn. Reads only the log
// tables, so it answers from any replica; only `integrate` writes, and only with the signing key.
import type { Db } from '../../db/client.ts';
import { HocbaError } from '../errors.ts';
import { parseSignerKey } from '../log/note.ts';
import { parseTilePath, readTile, type TileRef } from '../log/tiles.ts';
import { checkpointPage, type CheckpointPage, type CheckpointQuery } from './log-checkpoint-page.ts';
import { parseEntry, type EntryKind } from './log-entries.ts';
import { checkJournalAnchors, integratePending, latestCheckpoint, type JournalAnchors, pendingCount, proofsFor, tileSource, type Integrated, type LogIdentity } from './log-store.ts';

export interface LogEntryProof {
  /** Position in the log, from 0. */
  readonly index: number;
  readonly kind: EntryKind | null;
  /** The entry's exact text (what its leaf hashes). */
  readonly entry: string;
  /** `c2sp.org/tlog-proof@v1`, the entry in its `extra` line, against `checkpoint`. */
  readonly proof: string;
}

export interface LogProofs {
  /** The checkpoint every proof is against: its size and its signed note; null before the first one. */
  readonly checkpoint: { readonly size: number; readonly note: string; readonly at: string } | null;
  readonly entries: readonly LogEntryProof[];
  /** Entries about the subject written but not yet in a checkpoint (the sequencer integrates them within seconds). */
  readonly pending: number;
}

export interface TransparencyLog {
  /** `<name>+<id>+<key>`; null when this process has no log key (then nothing is integrated here). */
  readonly verifierKey: string | null;
  /** The checkpoint's origin line (`<public host>/log`); null without a key. */
  readonly origin: string | null;
  /** The latest checkpoint: its size, its signed note verbatim and when it was signed; null before the first. */
  checkpoint(): Promise<{ readonly size: number; readonly note: string; readonly at: Date } | null>;
  /** The checkpoints signed, newest first, by Vietnam dates and paged (the operator console's journal page). */
  checkpoints(query: CheckpointQuery): Promise<CheckpointPage>;
  /** A tile or entry bundle by its path (`tile/0/001`, `tile/entries/000.p/7`), at the latest checkpoint; null when none. */
  tile(path: string): Promise<Uint8Array | null>;
  /** The subject's (a lookup code's) integrated entries with their proofs, and how many still wait. */
  proofs(subject: string): Promise<LogProofs>;
  /** A tile of the tree of `size` (a checkpointed size): for exports that must not straddle two checkpoints. */
  tileAt(tile: TileRef, size: number): Promise<Uint8Array | null>;
  /** Whether the operator journal still holds every head the log anchored (`journal-head` entries). */
  checkJournalAnchors(): Promise<JournalAnchors>;
  /** One sequencer turn: null when nothing was pending or another process holds the turn. */
  integrate(now?: Date): Promise<Integrated | null>;
}

export function createTransparencyLog(db: Db, identity: LogIdentity | null, clock: () => Date): TransparencyLog {
  const source = tileSource(db);
  return {
    verifierKey: identity?.signer.verifierKey ?? null,
    origin: identity?.origin ?? null,
    checkpoint: () => latestCheckpoint(db),
    checkpoints: (query) => checkpointPage(db, query),
    async tile(path) {
      const ref = parseTilePath(path);
      if (!ref) return null;
      const head = await latestCheckpoint(db);
      return head ? readTile(ref, head.size, source) : null;
    },
    tileAt: (tile, size) => readTile(tile, size, source),
    checkJournalAnchors: () => checkJournalAnchors(db),
    async proofs(subject) {
      const head = await latestCheckpoint(db);
      const found = head ? await proofsFor(db, subject, head) : [];
      return {
        checkpoint: head ? { size: head.size, note: head.note, at: head.at.toISOString() } : null,
        entries: found.map((item) => ({ index: item.index, kind: parseEntry(item.body)?.kind ?? null, entry: item.body, proof: item.proof })),
        pending: await pendingCount(db, subject),
      };
    },
    async integrate(now) {
      if (!identity) throw new HocbaError('log_not_configured');
      return integratePending(db, identity, now ?? clock());
    },
  };
}

/**
 * The signing identity from a `PRIVATE+KEY+<name>+…` key (`hocba log init`): the key's name is the log's origin,
 * so a checkpoint can never name another log than the key says. Throws with the reason for anything else.
 */
export function logIdentityOf(signerKey: string): LogIdentity {
  const signer = parseSignerKey(signerKey);
  if (!signer.name.endsWith('/log')) throw new Error(`the log key is for "${signer.name}", which is not a log origin (<public host>/log)`);
  return { origin: signer.name, signer };
}

/** `https://hocba.hanoi.edu.vn` → `hocba.hanoi.edu.vn/log` (C2SP: the origin is the log's URL without scheme). */
export function logOriginOf(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}/log`;
}
