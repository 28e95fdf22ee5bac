// Transfers (chuyển trường; DOMAIN.md "The registry"): the Sở records that a student's records pass from one school
// to another. From then on only the receiving school pushes the student's new records; the sending school's records
// stay exactly as signed, and only an operator may still recall or replace them (corrections.ts). One journaled
// event carries every fact of the transfer, in the journal's order, so it can be forwarded as a lifecycle event.
import { and, asc, desc, eq, inArray, or } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { records, schools, transfers, type TransferRow } from '../../db/schema/index.ts';
import { HocbaError, type Issue } from '../errors.ts';
import { transferFactsIssue, transferRequestIssue, type TransferTerms } from '../lifecycle/index.ts';
import { appendEvent, journaledTransaction } from './audit.ts';
import { cleanReasonText, type RegistryContext } from './context.ts';
import { logEntry, textDigest } from './log-entries.ts';
import { appendLogEntries } from './log-store.ts';
import type { OperatorOptions, Transfer, TransferInput, TransferQuery } from './types.ts';

/** A student has a handful of records (one per school year): a list this long is a wrong query, not a student. */
const MAX_LISTED = 1000;

export async function recordTransfer(ctx: RegistryContext, input: TransferInput, options: OperatorOptions = {}): Promise<Transfer> {
  const now = options.now ?? ctx.clock();
  const terms = transferTermsOf(input, now);
  // The chain lock first (audit.ts): a push for the student, a recall and another transfer wait here, so each
  // sees the management as it stands after this one.
  return journaledTransaction(ctx.db, (tx) => applyTransfer(tx, terms, now, options.actor ?? 'operator'));
}

/** A transfer request checked for its own mistakes (code, schools, date, reason), before anything is read. */
export function transferTermsOf(input: TransferInput, now: Date): TransferInput {
  const request = { studentCode: input.studentCode, fromSchool: input.fromSchool, toSchool: input.toSchool, effectiveDate: input.effectiveDate };
  throwIf(transferRequestIssue(request, now));
  const reason = cleanReasonText(input.reason);
  if (reason === '') throw new HocbaError('transfer_reason_missing');
  return { ...request, reason };
}

/**
 * The one core of a transfer, inside a journaled transaction (the caller holds the chain lock): both schools known,
 * the student at the sending school, then the row, the journal event and the public log entry. An operator's
 * transfer and a school's confirmed proposal (transfer-proposals.ts) both come here; `detail` adds to the event.
 */
export async function applyTransfer(tx: Tx, terms: TransferInput, now: Date, actor: string, detail: Record<string, unknown> = {}): Promise<Transfer> {
  const { reason, ...request } = terms;
  for (const school of [request.fromSchool, request.toSchool]) {
    const [found] = await tx.select({ code: schools.code }).from(schools).where(eq(schools.code, school));
    if (!found) throw new HocbaError('school_unknown', { params: { school } });
  }
  const latest = await latestTransfer(tx, request.studentCode);
  const held = await tx.select({ lookupCode: records.lookupCode, schoolCode: records.schoolCode }).from(records)
    .where(eq(records.studentCode, request.studentCode)).orderBy(asc(records.lookupCode));
  throwIf(transferFactsIssue(request, { now, latest, recordSchools: [...new Set(held.map((row) => row.schoolCode))] }));
  const [row] = await tx.insert(transfers).values({ ...request, reason, recordedAt: now, recordedBy: actor }).returning();
  const codes = held.map((found) => found.lookupCode);
  await appendEvent(tx, {
    at: now, actor, kind: 'transfer', subject: request.studentCode,
    detail: { id: row!.id, ...request, reason, records: codes, ...detail },
  });
  // Public and for ever: no student code and no receiving school (which would tell where a minor studies now).
  await appendLogEntries(tx, [logEntry('transferred', {
    transfer: row!.id, from: request.fromSchool, date: request.effectiveDate, 'reason-sha256': textDigest(reason),
  }, now, request.fromSchool)]);
  return { ...toTransfer(row!), records: codes };
}

/** Transfers, oldest first, of one student and/or from or to one school. */
export async function listTransfers(ctx: RegistryContext, query: TransferQuery = {}): Promise<Transfer[]> {
  const rows = await ctx.db.select().from(transfers).where(and(
    query.studentCode === undefined ? undefined : eq(transfers.studentCode, query.studentCode),
    query.schoolCode === undefined ? undefined : or(eq(transfers.fromSchool, query.schoolCode), eq(transfers.toSchool, query.schoolCode)),
  )).orderBy(asc(transfers.id)).limit(MAX_LISTED);
  return rows.map(toTransfer);
}

/** The student's latest transfer (who manages them now), read in the caller's transaction. */
export async function latestTransfer(db: Db | Tx, studentCode: string): Promise<TransferTerms | null> {
  const [row] = await db.select({ toSchool: transfers.toSchool, effectiveDate: transfers.effectiveDate }).from(transfers)
    .where(eq(transfers.studentCode, studentCode)).orderBy(desc(transfers.id)).limit(1);
  return row ?? null;
}

/** The latest transfer of each of these students: for a push, one statement per slice whatever its length. */
export async function latestTransfers(tx: Tx, studentCodes: readonly string[]): Promise<Map<string, TransferTerms>> {
  const wanted = [...new Set(studentCodes)];
  if (wanted.length === 0) return new Map();
  const rows = await tx.selectDistinctOn([transfers.studentCode], {
    studentCode: transfers.studentCode, toSchool: transfers.toSchool, effectiveDate: transfers.effectiveDate,
  }).from(transfers).where(inArray(transfers.studentCode, wanted)).orderBy(transfers.studentCode, desc(transfers.id));
  return new Map(rows.map((row) => [row.studentCode, { toSchool: row.toSchool, effectiveDate: row.effectiveDate }]));
}

export function throwIf(found: Issue | null): void {
  if (found) throw new HocbaError(found.code, { params: found.params ?? {} });
}

function toTransfer(row: TransferRow): Transfer {
  return {
    id: row.id, studentCode: row.studentCode, fromSchool: row.fromSchool, toSchool: row.toSchool,
    effectiveDate: row.effectiveDate, reason: row.reason, recordedAt: row.recordedAt, recordedBy: row.recordedBy,
  };
}
