// The transparency log's checkpoints as the operator console browses them beside the journal (issue 20): newest
// first, filtered by Vietnam date range like the journal, paged by size (keyset: a deep page costs what the first
// does). Each row is what a verifier sees in the signed note — size and root hash — with when and by which key.
import { and, desc, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { logCheckpoints } from '../../db/schema/index.ts';
import { lockInstantOf } from '../lifecycle/index.ts';

export const CHECKPOINT_PAGE = 20;

export interface CheckpointQuery {
  /** Vietnam calendar days (YYYY-MM-DD), both ends included. */
  readonly from?: string;
  readonly to?: string;
  /** Only checkpoints smaller than this size (the `next` of the page before). */
  readonly before?: number;
  readonly limit?: number;
}

export interface CheckpointRow {
  /** The tree size: entries 0 … size-1. */
  readonly size: number;
  /** The root hash as the note's third line writes it (base64, C2SP tlog-checkpoint). */
  readonly rootHash: string;
  /** Entries this checkpoint added to the one before. */
  readonly entries: number;
  /** The key that signed it (`<name>+<id>`). */
  readonly keyId: string;
  readonly at: Date;
}

export interface CheckpointPage {
  readonly checkpoints: readonly CheckpointRow[];
  /** The `before` of the next (older) page; null on the last. */
  readonly next: number | null;
}

export async function checkpointPage(db: Db, query: CheckpointQuery): Promise<CheckpointPage> {
  const limit = Math.min(Math.max(query.limit ?? CHECKPOINT_PAGE, 1), 200);
  const filters: (SQL | undefined)[] = [];
  // As journal-page.ts: from 00:00 of `from` to the end of `to`, Vietnam time.
  if (query.from !== undefined) filters.push(gte(logCheckpoints.at, new Date(lockInstantOf(query.from).getTime() - 86_400_000)));
  if (query.to !== undefined) filters.push(lt(logCheckpoints.at, lockInstantOf(query.to)));
  if (query.before !== undefined) filters.push(lt(logCheckpoints.size, query.before));
  const rows = await db.select({ size: logCheckpoints.size, note: logCheckpoints.note, entries: logCheckpoints.entries, keyId: logCheckpoints.keyId, at: logCheckpoints.at })
    .from(logCheckpoints).where(and(...filters)).orderBy(desc(logCheckpoints.size)).limit(limit + 1);
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return {
    checkpoints: shown.map(({ note, ...row }) => ({ ...row, rootHash: rootHashOf(note) })),
    next: more ? shown.at(-1)!.size : null,
  };
}

/** The note's body is `<origin>\n<size>\n<base64 root hash>\n…`; the registry signed it, so it is read, not verified. */
function rootHashOf(note: string): string {
  return note.split('\n')[2] ?? '';
}
