// A run of forwarded accepts applied set-based (issue 19): the national side's writes for N new records in a
// constant number of statements — one look for codes already held, one insert each into schools, records, the
// journal and the log queue — instead of five per record. Only plain accepts run together: a replacement, recall,
// transfer or lock reads and changes rows an earlier item may have written, so those stay one at a time, in order.
import { inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { records, schools } from '../../db/schema/index.ts';
import { issue, type Issue } from '../errors.ts';
import { appendEvents, type EventInput } from './audit.ts';
import type { ForwardItem } from './forward-types.ts';
import type { VerifiedDocument } from './judgement.ts';
import { logEntry } from './log-entries.ts';
import { appendLogEntries } from './log-store.ts';
import { toRow } from './writer.ts';

export type AcceptItem = Extract<ForwardItem, { kind: 'accept' }>;
export interface CheckedAccept { readonly item: AcceptItem; readonly doc: VerifiedDocument }

/**
 * Applies `run` (consecutive accepts, in stream order) inside the batch's transaction, which holds the chain lock, so
 * no other writer inserts a record meanwhile. The first item whose code is already held (or repeats an earlier
 * one of the run) stops it, as one at a time would: the items before it are written, it is refused `code_taken`.
 */
export async function applyAccepts(tx: Tx, province: string, run: readonly CheckedAccept[], now: Date): Promise<{ applied: number; refused: Issue[] }> {
  const held = await tx.select({ lookupCode: records.lookupCode }).from(records)
    .where(inArray(records.lookupCode, run.map((entry) => entry.item.lookupCode)));
  const taken = new Set(held.map((row) => row.lookupCode));
  let cut = run.length;
  for (const [index, { item }] of run.entries()) {
    if (taken.has(item.lookupCode)) {
      cut = index;
      break;
    }
    taken.add(item.lookupCode);
  }
  const applying = run.slice(0, cut);
  const refused = cut < run.length ? [issue('code_taken', { params: { lookupCode: run[cut]!.item.lookupCode } })] : [];
  if (applying.length === 0) return { applied: 0, refused };
  const schoolRows = new Map(applying.map(({ item }) => [item.schoolCode, { code: item.schoolCode, name: item.schoolName, provinceCode: province, createdAt: now }]));
  await tx.insert(schools).values([...schoolRows.values()]).onConflictDoNothing();
  const inserted = await tx.insert(records).values(applying.map(({ item, doc }) => ({
    ...toRow({ schoolCode: item.schoolCode, text: item.package, now }, { kind: 'accept', doc, replacing: null }),
    receiptId: item.receiptId, receivedAt: new Date(item.receivedAt), replaces: null, sourceProvince: province,
  }))).onConflictDoNothing({ target: records.lookupCode }).returning({ lookupCode: records.lookupCode });
  // Under the chain lock nothing else inserts records; a shortfall is a broken invariant, and the batch rolls back.
  if (inserted.length !== applying.length) throw new Error(`forwarded accepts: ${applying.length - inserted.length} of ${applying.length} codes appeared during the batch`);
  const journal: EventInput[] = applying.map(({ item, doc }) => ({
    at: now, actor: `province:${province}`, kind: 'accept', subject: item.lookupCode,
    detail: { receiptId: item.receiptId, digest: doc.digest, sequence: item.sequence, province },
  }));
  await appendEvents(tx, journal);
  await appendLogEntries(tx, applying.map(({ item, doc }) => logEntry('accepted', {
    code: item.lookupCode, school: item.schoolCode, year: doc.facts.schoolYear, 'xml-sha256': doc.digest,
  }, now, item.lookupCode)));
  return { applied: applying.length, refused };
}
