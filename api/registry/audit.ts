// The audit journal (nhật ký kiểm tra): append hash-chained events inside the caller's transaction, verify the chain.
import { asc, desc, gt, sql } from 'drizzle-orm';
import { events, type EventKind, type EventRow } from '../../db/schema/index.ts';
import type { Db, Tx } from '../../db/client.ts';
import { insertRows } from '../../db/bulk-insert.ts';
import { sha256Hex } from '../byte-digests.ts';

export const GENESIS_HASH = '0'.repeat(64);
// Transaction-scoped advisory lock: every appender waits here, so exactly one event at a time reads
// the head and links to it — the chain stays linear even with many processes on one PostgreSQL.
export const CHAIN_LOCK = 7_240_002;
const PAGE = 1000;

export interface EventInput {
  readonly at: Date;
  /** School code, `operator[:name]` or `public`. */
  readonly actor: string;
  readonly kind: EventKind;
  readonly subject: string | null;
  readonly detail: Record<string, unknown>;
}

export type ChainVerdict =
  | { readonly ok: true; readonly events: number; readonly head: string }
  | { readonly ok: false; readonly events: number; readonly brokenAt: number; readonly reason: 'prev_hash' | 'hash' };

/** JSON with object keys sorted at every level: jsonb reorders keys, so the hash must not depend on order. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashEvent(prevHash: string, event: EventInput): string {
  const fields = { at: event.at.toISOString(), actor: event.actor, kind: event.kind, subject: event.subject, detail: event.detail };
  return sha256Hex(`${prevHash}\n${canonicalJson(fields)}`);
}

// The transactions that hold the chain's turn: PostgreSQL's lock is re-entrant, but asking again is still a round
// trip (issue 14: a push asked twice). A transaction object lives only as long as its transaction.
const chainHolders = new WeakSet<Tx>();

/** Takes the chain's turn for this transaction; taking it again costs nothing. */
export async function lockChain(tx: Tx): Promise<void> {
  if (chainHolders.has(tx)) return;
  await tx.execute(sql.raw(`select pg_advisory_xact_lock(${CHAIN_LOCK})`));
  chainHolders.add(tx);
}

/**
 * A transaction that writes records and journals it, in THE lock order of the registry: the chain first,
 * then record rows (in lookup-code order when several). Recall, replace, copy and push all open here, so
 * none of them can hold a row while it waits for the chain another one holds (issue 11: a recall that
 * locked the row first deadlocked with a replacement that held the chain).
 */
export function journaledTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await lockChain(tx);
    return work(tx);
  });
}

/** Must run inside the transaction whose action it records: both commit or neither does. */
export async function appendEvent(tx: Tx, input: EventInput): Promise<void> {
  await lockChain(tx);
  const [last] = await tx.select({ hash: events.hash }).from(events).orderBy(desc(events.id)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  // What is hashed is what jsonb will give back: a JSON round trip drops undefined and functions.
  const event = { ...input, detail: JSON.parse(JSON.stringify(input.detail)) as Record<string, unknown> };
  await tx.insert(events).values({ ...event, prevHash, hash: hashEvent(prevHash, event) });
}

/** Several events of one transaction, chained in the given order, written in one statement. */
export async function appendEvents(tx: Tx, inputs: readonly EventInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await lockChain(tx);
  const [last] = await tx.select({ hash: events.hash }).from(events).orderBy(desc(events.id)).limit(1);
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows = inputs.map((input) => {
    const event = { ...input, detail: JSON.parse(JSON.stringify(input.detail)) as Record<string, unknown> };
    const hash = hashEvent(prevHash, event);
    const row = { ...event, prevHash, hash };
    prevHash = hash;
    return row;
  });
  // One multi-row INSERT assigns ids in VALUES order, so the chain order and the id order agree.
  await insertRows(tx, events, rows);
}

/**
 * Walks the whole journal in order. An edited, inserted, reordered or deleted event breaks the chain at
 * that point. Cutting the tail leaves a shorter valid chain: compare `head` with a copy kept elsewhere.
 */
/** Whether an event with this hash is in the chain (a head kept from an earlier audit: the chain only grows). */
export async function hasAuditEvent(db: Db, hash: string): Promise<boolean> {
  const rows = await db.select({ id: events.id }).from(events).where(sql`${events.hash} = ${hash}`).limit(1);
  return rows.length === 1;
}

export async function verifyAuditChain(db: Db): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let count = 0;
  let afterId = 0;
  for (;;) {
    const page: EventRow[] = await db.select().from(events).where(gt(events.id, afterId)).orderBy(asc(events.id)).limit(PAGE);
    for (const row of page) {
      if (row.prevHash !== prevHash) return { ok: false, events: count, brokenAt: row.id, reason: 'prev_hash' };
      const input: EventInput = { at: row.at, actor: row.actor, kind: row.kind as EventKind, subject: row.subject, detail: row.detail as Record<string, unknown> };
      if (hashEvent(prevHash, input) !== row.hash) return { ok: false, events: count, brokenAt: row.id, reason: 'hash' };
      prevHash = row.hash;
      count += 1;
      afterId = row.id;
    }
    if (page.length < PAGE) return { ok: true, events: count, head: prevHash };
  }
}
