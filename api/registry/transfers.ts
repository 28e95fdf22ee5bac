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
  const actor = options.actor ?? 'operator';
  const request = { studentCode: input.studentCode, fromSchool: input.fromSchool, toSchool: input.toSchool, effectiveDate: input.effectiveDate };
  throwIf(transferRequestIssue(request, now));
  const reason = cleanReasonText(input.reason);
  if (reason === '') throw new HocbaError('transfer_reason_missing');
  // The chain lock first (audit.ts): a push for the student, a recall and another transfer wait here, so each
  // sees the management as it stands after this one.
  return journaledTransaction(ctx.db, async (tx) => {
    for (const school of [input.fromSchool, input.toSchool]) {
      const [found] = await tx.select({ code: schools.code }).from(schools).where(eq(schools.code, school));
      if (!found) throw new HocbaError('school_unknown', { params: { school } });
    }
    const latest = await latestTransfer(tx, input.studentCode);
    const held = await tx.select({ lookupCode: records.lookupCode, schoolCode: records.schoolCode }).from(records)
      .where(eq(records.studentCode, input.studentCode)).orderBy(asc(records.lookupCode));
    throwIf(transferFactsIssue(request, { now, latest, recordSchools: [...new Set(held.map((row) => row.schoolCode))] }));
    const [row] = await tx.insert(transfers).values({ ...request, reason, recordedAt: now, recordedBy: actor }).returning();
    const codes = held.map((found) => found.lookupCode);
    await appendEvent(tx, {
      at: now, actor, kind: 'transfer', subject: input.studentCode,
      detail: { id: row!.id, ...request, reason, records: codes },
    });
    // Public and for ever: no student code and no receiving school (which would tell where a minor studies now).
    await appendLogEntries(tx, [logEntry('transferred', {
      transfer: row!.id, from: input.fromSchool, date: input.effectiveDate, 'reason-sha256': textDigest(reason),
    }, now, input.fromSchool)]);
    return { ...toTransfer(row!), records: codes };
  });
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

function throwIf(found: Issue | null): void {
  if (found) throw new HocbaError(found.code, { params: found.params ?? {} });
}

function toTransfer(row: TransferRow): Transfer {
  return {
    id: row.id, studentCode: row.studentCode, fromSchool: row.fromSchool, toSchool: row.toSchool,
    effectiveDate: row.effectiveDate, reason: row.reason, recordedAt: row.recordedAt, recordedBy: row.recordedBy,
  };
}
