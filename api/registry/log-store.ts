// The registry's side of the transparency log: a state change writes its entry to `log_pending` in its own
// transaction (nothing acknowledged can be missing from the log); one sequencer at a time — even with several
// server processes on one PostgreSQL — moves pending entries into the tree in batches and signs a checkpoint.
import { and, asc, count, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../../db/client.ts';
import { insertRows } from '../../db/bulk-insert.ts';
import { events, logCheckpoints, logEntries, logNodes, logPending } from '../../db/schema/index.ts';
import { formatProof, signCheckpoint } from '../log/checkpoint.ts';
import { appendLeaves, foldRange, inclusionProof, leafHash, rangeNodes, type Hash, type NodeId, type NodeReader } from '../log/merkle.ts';
import type { NoteSigner } from '../log/note.ts';
import type { TileSource } from '../log/tiles.ts';
import { entryText, parseEntry, type LogEntryInput } from './log-entries.ts';

export type { LogEntryInput } from './log-entries.ts';

/** The subject of `journal-head` entries: the internal operator journal, not a record. */
const JOURNAL_SUBJECT = 'journal';

/** Another advisory lock than the audit chain's: integrating never waits for, nor holds up, a push. */
const SEQUENCER_LOCK = 7_240_013;
/** Entries integrated per checkpoint at most; the rest wait for the next turn. */
export const SEQUENCER_BATCH = 4096;


export interface LogIdentity {
  /** `<public origin without scheme>/log`: the checkpoint's first line. */
  readonly origin: string;
  readonly signer: NoteSigner;
}

/** Must run inside the transaction of the state change it records: both commit or neither does. */
export async function appendLogEntries(tx: Tx, entries: readonly LogEntryInput[]): Promise<void> {
  if (entries.length === 0) return;
  await insertRows(tx, logPending, entries.map((entry) => ({ body: Buffer.from(entry.body, 'utf8'), subject: entry.subject, at: entry.at })));
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
    const anchor = await journalAnchor(tx, now);
    if (pending.length === 0 && !anchor) return null;
    const batch = anchor ? [anchor, ...pending] : pending;
    const [head] = await tx.select({ idx: logEntries.idx }).from(logEntries).orderBy(desc(logEntries.idx)).limit(1);
    const size = head ? head.idx + 1 : 0;
    const frontierIds = rangeNodes(0, size);
    const frontierHashes = await nodeReader(tx)(frontierIds);
    const frontier = frontierIds.map((id, i) => ({ ...id, hash: frontierHashes[i]! }));
    const appended = appendLeaves(frontier, size, batch.map((entry) => leafHash(entry.body)));
    await tx.insert(logEntries).values(batch.map((entry, i) => ({ idx: size + i, body: entry.body, subject: entry.subject, at: entry.at })));
    for (let at = 0; at < appended.nodes.length; at += 1000) {
      await tx.insert(logNodes).values(appended.nodes.slice(at, at + 1000).map((node) => ({ id: nodeId(node), level: node.level, idx: node.index, hash: node.hash })));
    }
    if (pending.length > 0) await tx.delete(logPending).where(inArray(logPending.id, pending.map((entry) => entry.id)));
    const newSize = size + batch.length;
    const root = foldRange(appended.frontier.map((node) => node.hash));
    const checkpoint = signCheckpoint({ origin: log.origin, size: newSize, root }, log.signer);
    await tx.insert(logCheckpoints).values({
      size: newSize, note: checkpoint, keyId: log.signer.verifierKey.split('+').slice(0, 2).join('+'), entries: batch.length, at: now,
    });
    return { size: newSize, added: batch.length, checkpoint };
  });
}

/**
 * A `journal-head` entry when the operator journal's hash chain (audit.ts) has grown since the last one: the
 * first seals the chain as the log found it, later ones anchor it, so a journal cut short shows against any
 * checkpoint (`hocba log verify --database` compares them). Null when the chain has not moved.
 */
async function journalAnchor(tx: Tx, now: Date): Promise<{ body: Uint8Array; subject: string; at: Date } | null> {
  const [chain] = await tx.select({ id: events.id, hash: events.hash }).from(events).orderBy(desc(events.id)).limit(1);
  if (!chain) return null;
  const [last] = await tx.select({ body: logEntries.body }).from(logEntries).where(eq(logEntries.subject, JOURNAL_SUBJECT)).orderBy(desc(logEntries.idx)).limit(1);
  const anchored = last ? parseEntry(Buffer.from(last.body).toString('utf8')) : null;
  if (anchored && anchored.fields.event === String(chain.id) && anchored.fields.hash === chain.hash) return null;
  return { body: Buffer.from(entryText('journal-head', { event: chain.id, hash: chain.hash }), 'utf8'), subject: JOURNAL_SUBJECT, at: now };
}

/** Entries written but not yet in a checkpoint, of one subject or all. */
export async function pendingCount(db: Db, subject?: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(logPending).where(subject === undefined ? undefined : eq(logPending.subject, subject));
  return Number(row?.n ?? 0);
}

export async function latestCheckpoint(db: Db): Promise<{ size: number; note: string; at: Date } | null> {
  const [row] = await db.select({ size: logCheckpoints.size, note: logCheckpoints.note, at: logCheckpoints.at })
    .from(logCheckpoints).orderBy(desc(logCheckpoints.size)).limit(1);
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

/** A `c2sp.org/tlog-proof@v1` for every entry about `subject` in the tree of `checkpoint`, against it. */
export async function proofsFor(
  db: Db, subject: string, checkpoint: { size: number; note: string },
): Promise<Array<{ index: number; body: string; proof: string }>> {
  const entries = await db.select({ idx: logEntries.idx, body: logEntries.body }).from(logEntries)
    .where(and(eq(logEntries.subject, subject), lt(logEntries.idx, checkpoint.size))).orderBy(asc(logEntries.idx));
  const read = nodeReader(db);
  const proofs = [];
  for (const entry of entries) {
    const path: Hash[] = await inclusionProof(entry.idx, checkpoint.size, read);
    // The entry rides in the proof's `extra` (tlog-proof: application data), so a proof file alone says what it proves.
    proofs.push({ index: entry.idx, body: Buffer.from(entry.body).toString('utf8'), proof: formatProof({ index: entry.idx, path, checkpoint: checkpoint.note, extra: entry.body }) });
  }
  return proofs;
}

export interface JournalAnchors {
  /** `journal-head` entries in the log. */
  readonly anchors: number;
  /** Anchors the journal no longer matches: its event is gone, or has another hash (cut or rewritten). */
  readonly broken: ReadonlyArray<{ readonly index: number; readonly event: number; readonly hash: string; readonly found: string | null }>;
}

/** Does the operator journal still hold every head the public log anchored? (`hocba audit verify`.) */
export async function checkJournalAnchors(db: Db): Promise<JournalAnchors> {
  const rows = await db.select({ idx: logEntries.idx, body: logEntries.body }).from(logEntries).where(eq(logEntries.subject, JOURNAL_SUBJECT)).orderBy(asc(logEntries.idx));
  const anchors = rows.flatMap((row) => {
    const entry = parseEntry(Buffer.from(row.body).toString('utf8'));
    return entry?.kind === 'journal-head' ? [{ index: row.idx, event: Number(entry.fields.event), hash: entry.fields.hash! }] : [];
  });
  if (anchors.length === 0) return { anchors: 0, broken: [] };
  const found = await db.select({ id: events.id, hash: events.hash }).from(events).where(inArray(events.id, anchors.map((anchor) => anchor.event)));
  const hashOf = new Map(found.map((row) => [Number(row.id), row.hash]));
  const broken = anchors.filter((anchor) => hashOf.get(anchor.event) !== anchor.hash).map((anchor) => ({ ...anchor, found: hashOf.get(anchor.event) ?? null }));
  return { anchors: anchors.length, broken };
}
