// Checks a log from its public files alone, as any outsider can (`hocba log verify`): the checkpoint's signature,
// every entry bundle rebuilt into the tree whose root the checkpoint signs, every hash tile against that tree, and
// an older checkpoint as a prefix of it. Reads the files through `read`, so a URL, a static folder or the
// database serve alike; work is one pass over the entries, and one fetch per tile.
import { openCheckpoint, type Checkpoint } from './checkpoint.ts';
import { appendLeaves, foldRange, leafHash, rangeNodes, type Hash, type NodeId } from './merkle.ts';
import type { NoteVerifier } from './note.ts';
import { decodeBundle, tileNodes, tilePath, tilesOf, type TileRef } from './tiles.ts';

/** One of the log's files by its path under `/log/` (`checkpoint`, `tile/0/001`…); null when it is not there. */
export type LogFileReader = (path: string) => Promise<Uint8Array | null>;

export interface LogAudit {
  readonly checkpoint: Checkpoint;
  /** Every entry, in order (for callers that look inside them). */
  readonly entries: readonly Uint8Array[];
  readonly tilesChecked: number;
  /** The older checkpoint that was shown to be a prefix of this one. */
  readonly older: Checkpoint | null;
}

export class LogAuditError extends Error {
  override name = 'LogAuditError';
}

export interface LogAuditOptions {
  /** An older checkpoint (signed note) that must be a prefix of the current one. */
  readonly olderCheckpoint?: string;
  /** Called after each file read: (files read, files in all). */
  readonly onProgress?: (done: number, total: number) => void;
}

const key = (node: NodeId) => node.index * 64 + node.level;

export async function auditLogFiles(read: LogFileReader, verifier: NoteVerifier, origin: string, options: LogAuditOptions = {}): Promise<LogAudit> {
  const note = await read('checkpoint');
  if (!note) throw new LogAuditError('the log has no checkpoint');
  const checkpoint = openOr(Buffer.from(note).toString('utf8'), verifier, origin, 'the checkpoint');
  const older = options.olderCheckpoint === undefined ? null : openOr(options.olderCheckpoint, verifier, origin, 'the older checkpoint');
  if (older && older.size > checkpoint.size) {
    throw new LogAuditError(`the older checkpoint (size ${older.size}) is larger than the current one (${checkpoint.size}): the log was cut back`);
  }
  const tiles = tilesOf(checkpoint.size);
  const bundles = tiles.filter((tile) => tile.level === 'entries');
  const hashTiles = tiles.filter((tile) => tile.level !== 'entries');
  let done = 0;
  const fetch = async (tile: TileRef): Promise<Uint8Array> => {
    const bytes = await read(tilePath(tile));
    options.onProgress?.(++done, tiles.length);
    if (!bytes) throw new LogAuditError(`${tilePath(tile)} is missing`);
    return bytes;
  };

  const entries: Uint8Array[] = [];
  const nodes = new Map<number, Hash>();
  let frontier: (NodeId & { hash: Hash })[] = [];
  for (const tile of bundles) {
    let inBundle: Uint8Array[];
    try {
      inBundle = decodeBundle(await fetch(tile));
    } catch (error) {
      throw new LogAuditError(`${tilePath(tile)}: ${(error as Error).message}`);
    }
    if (inBundle.length !== tile.width) throw new LogAuditError(`${tilePath(tile)} holds ${inBundle.length} entries, not ${tile.width}`);
    const appended = appendLeaves(frontier, entries.length, inBundle.map((entry) => leafHash(entry)));
    for (const node of appended.nodes) nodes.set(key(node), node.hash);
    frontier = appended.frontier;
    entries.push(...inBundle);
  }
  const rootOf = (size: number) => foldRange(rangeNodes(0, size).map((node) => nodes.get(key(node))!));
  if (checkpoint.size > 0 && !equal(rootOf(checkpoint.size), checkpoint.root)) {
    throw new LogAuditError(`the entries do not hash to the checkpoint's root: an entry was changed, added or removed`);
  }
  for (const tile of hashTiles) {
    const bytes = await fetch(tile);
    const expected = Buffer.concat(tileNodes({ ...tile, level: tile.level as number }).map((node) => nodes.get(key(node))!));
    if (!equal(bytes, expected)) throw new LogAuditError(`${tilePath(tile)} does not match the tree the entries make`);
  }
  if (older && older.size > 0 && !equal(rootOf(older.size), older.root)) {
    throw new LogAuditError(`the older checkpoint (size ${older.size}) is not a prefix of the current one: the log was rewritten`);
  }
  return { checkpoint, entries, tilesChecked: tiles.length, older };
}

function openOr(note: string, verifier: NoteVerifier, origin: string, what: string): Checkpoint {
  try {
    return openCheckpoint(note, verifier, origin);
  } catch (error) {
    throw new LogAuditError(`${what}: ${(error as Error).message}`);
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
