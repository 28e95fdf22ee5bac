// The registry's side of the transparency log: a state change writes its entry to `log_pending` in its own
// transaction (nothing acknowledged can be missing from the log); one sequencer at a time — even with several
// server processes on one PostgreSQL — moves pending entries into the tree in batches and signs a checkpoint.
import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../../db/client.ts';
import { logCheckpoints, logEntries, logNodes, logPending } from '../../db/schema/index.ts';
import { formatProof, signCheckpoint } from '../log/checkpoint.ts';
import { appendLeaves, foldRange, inclusionProof, leafHash, rangeNodes, type Hash, type NodeId, type NodeReader } from '../log/merkle.ts';
import type { NoteSigner } from '../log/note.ts';
import type { TileSource } from '../log/tiles.ts';

/** Another advisory lock than the audit chain's: integrating never waits for, nor holds up, a push. */
const SEQUENCER_LOCK = 7_240_013;
/** Entries integrated per checkpoint at most; the rest wait for the next turn. */
export const SEQUENCER_BATCH = 4096;

export interface LogEntryInput {
  /** The entry's canonical text (docs/log.md), UTF-8, no personal data. */
  readonly body: string;
  /** What it is about (a lookup code, a school…), to find its proofs. */
  readonly subject: string | null;
  readonly at: Date;
}

export interface LogIdentity {
  /** `<public origin without scheme>/log`: the checkpoint's first line. */
  readonly origin: string;
  readonly signer: NoteSigner;
}

/** Must run inside the transaction of the state change it records: both commit or neither does. */
export async function appendLogEntries(tx: Tx, entries: readonly LogEntryInput[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(logPending).values(entries.map((entry) => ({ body: Buffer.from(entry.body, 'utf8'), subject: entry.subject, at: entry.at })));
}

/** The one key of a node: idx·64 + level (a tree has at most 63 levels; idx stays below 2^47). */
export function nodeId(node: NodeId): number {
  return node.index * 64 + node.level;
}

/** Reads node hashes in one query (a tile, a proof or a frontier is at most a few hundred nodes). */
function nodeReader(db: Db | Tx): NodeReader {
  return async (ids: readonly NodeId[]) => {
    if (ids.length === 0) return [];
    const rows = await db.select({ id: logNodes.id, hash: logNodes.hash }).from(logNodes).where(inArray(logNodes.id, ids.map(nodeId)));
    const byKey = new Map(rows.map((row) => [row.id, row.hash]));
    return ids.map((id) => {
      const hash = byKey.get(nodeId(id));
      if (!hash) throw new Error(`log node ${id.level}/${id.index} is missing`);
      return hash;
    });
  };
}

export interface Integrated {
  readonly size: number;
  readonly added: number;
  readonly checkpoint: string;
}

/**
 * One turn of the sequencer: if no other process holds the turn, integrates up to `max` pending entries, signs a
 * checkpoint of the new size and returns it; null when another sequencer is at work or nothing is pending.
 */
export async function integratePending(db: Db, log: LogIdentity, now: Date, max = SEQUENCER_BATCH): Promise<Integrated | null> {
  return db.transaction(async (tx) => {
    const [turn] = rowsOf<{ ok: boolean }>(await tx.execute(sql.raw(`select pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) as ok`)));
    if (!turn?.ok) return null;
    const pending = await tx.select().from(logPending).orderBy(asc(logPending.id)).limit(max);
    if (pending.length === 0) return null;
    const [head] = await tx.select({ idx: logEntries.idx }).from(logEntries).orderBy(desc(logEntries.idx)).limit(1);
    const size = head ? head.idx + 1 : 0;
    const frontierIds = rangeNodes(0, size);
    const frontierHashes = await nodeReader(tx)(frontierIds);
    const frontier = frontierIds.map((id, i) => ({ ...id, hash: frontierHashes[i]! }));
    const appended = appendLeaves(frontier, size, pending.map((entry) => leafHash(entry.body)));
    await tx.insert(logEntries).values(pending.map((entry, i) => ({ idx: size + i, body: entry.body, subject: entry.subject, at: entry.at })));
    for (let at = 0; at < appended.nodes.length; at += 1000) {
      await tx.insert(logNodes).values(appended.nodes.slice(at, at + 1000).map((node) => ({ id: nodeId(node), level: node.level, idx: node.index, hash: node.hash })));
    }
    await tx.delete(logPending).where(inArray(logPending.id, pending.map((entry) => entry.id)));
    const newSize = size + pending.length;
    const root = foldRange(appended.frontier.map((node) => node.hash));
    const checkpoint = signCheckpoint({ origin: log.origin, size: newSize, root }, log.signer);
    await tx.insert(logCheckpoints).values({
      size: newSize, note: checkpoint, keyId: log.signer.verifierKey.split('+').slice(0, 2).join('+'), entries: pending.length, at: now,
    });
    return { size: newSize, added: pending.length, checkpoint };
  });
}

export async function latestCheckpoint(db: Db): Promise<{ size: number; note: string } | null> {
  const [row] = await db.select({ size: logCheckpoints.size, note: logCheckpoints.note }).from(logCheckpoints).orderBy(desc(logCheckpoints.size)).limit(1);
  return row ?? null;
}

/** Tiles and entry bundles straight from the database (the tree only grows: any stored node is final). */
export function tileSource(db: Db): TileSource {
  return {
    readNodes: nodeReader(db),
    async readEntries(start, end) {
      const rows = await db.select({ body: logEntries.body }).from(logEntries)
        .where(and(gte(logEntries.idx, start), lt(logEntries.idx, end))).orderBy(asc(logEntries.idx));
      return rows.map((row) => row.body);
    },
  };
}

/** A `c2sp.org/tlog-proof@v1` for every integrated entry about `subject`, against the latest checkpoint. */
export async function proofsFor(db: Db, subject: string): Promise<Array<{ index: number; body: string; proof: string }>> {
  const checkpoint = await latestCheckpoint(db);
  if (!checkpoint) return [];
  const entries = await db.select({ idx: logEntries.idx, body: logEntries.body }).from(logEntries)
    .where(and(eq(logEntries.subject, subject), lt(logEntries.idx, checkpoint.size))).orderBy(asc(logEntries.idx));
  const read = nodeReader(db);
  const proofs = [];
  for (const entry of entries) {
    const path: Hash[] = await inclusionProof(entry.idx, checkpoint.size, read);
    proofs.push({ index: entry.idx, body: Buffer.from(entry.body).toString('utf8'), proof: formatProof({ index: entry.idx, path, checkpoint: checkpoint.note }) });
  }
  return proofs;
}
