// Transfers the schools arrange themselves (issue 19: "or the sending school, confirmed by the receiving one"). The
// sending school proposes with its own token; nothing changes for the student until the receiving school confirms
// with its own, and then the transfer is recorded by the same core as an operator's (transfers.ts applyTransfer),
// journaled under the confirming school. Either school may cancel a pending proposal; a third school learns nothing.
import { and, asc, desc, eq, or } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { records, schools, transferProposals, type TransferProposalRow } from '../../db/schema/index.ts';
import { HocbaError } from '../errors.ts';
import { transferFactsIssue } from '../lifecycle/index.ts';
import { appendEvent, journaledTransaction } from './audit.ts';
import type { RegistryContext } from './context.ts';
import { applyTransfer, latestTransfer, throwIf, transferTermsOf } from './transfers.ts';
import type { Transfer, TransferProposal, TransferProposalInput } from './types.ts';

/** A school has a few dozen moves a year: a longer list is a wrong query. */
const MAX_LISTED = 1000;

/** The sending school `fromSchool` proposes; refused as an operator's transfer would be, and when one is already pending. */
export async function proposeTransfer(ctx: RegistryContext, fromSchool: string, input: TransferProposalInput, now: Date): Promise<TransferProposal> {
  const terms = transferTermsOf({ ...input, fromSchool }, now);
  return journaledTransaction(ctx.db, async (tx) => {
    const [receiver] = await tx.select({ code: schools.code }).from(schools).where(eq(schools.code, terms.toSchool));
    if (!receiver) throw new HocbaError('school_unknown', { params: { school: terms.toSchool } });
    // The sender must manage the student now (the rule of an operator's transfer), checked again at confirmation.
    const latest = await latestTransfer(tx, terms.studentCode);
    const held = await tx.selectDistinct({ schoolCode: records.schoolCode }).from(records).where(eq(records.studentCode, terms.studentCode));
    throwIf(transferFactsIssue(terms, { now, latest, recordSchools: held.map((row) => row.schoolCode) }));
    const [open] = await tx.select({ id: transferProposals.id }).from(transferProposals)
      .where(and(eq(transferProposals.studentCode, terms.studentCode), eq(transferProposals.status, 'pending')));
    if (open) throw new HocbaError('transfer_proposal_pending', { params: { studentCode: terms.studentCode, id: open.id } });
    const [row] = await tx.insert(transferProposals).values({ ...terms, proposedAt: now, status: 'pending' }).returning();
    await appendEvent(tx, {
      at: now, actor: fromSchool, kind: 'transfer_propose', subject: terms.studentCode,
      detail: { id: row!.id, toSchool: terms.toSchool, effectiveDate: terms.effectiveDate, reason: terms.reason },
    });
    return toProposal(row!);
  });
}

/** The receiving school confirms: the transfer is recorded (facts judged again, now) and the proposal settled with it. */
export async function confirmTransferProposal(ctx: RegistryContext, schoolCode: string, id: number, now: Date): Promise<{ proposal: TransferProposal; transfer: Transfer }> {
  return journaledTransaction(ctx.db, async (tx) => {
    const row = await loadPending(tx, schoolCode, id);
    if (row.toSchool !== schoolCode) throw new HocbaError('transfer_proposal_not_receiver', { params: { id, school: row.toSchool } });
    const terms = transferTermsOf(row, now);
    const transfer = await applyTransfer(tx, terms, now, schoolCode, { proposal: id, proposedBy: row.fromSchool });
    const [settled] = await tx.update(transferProposals).set({ status: 'confirmed', settledAt: now, settledBy: schoolCode, transferId: transfer.id })
      .where(eq(transferProposals.id, id)).returning();
    return { proposal: toProposal(settled!), transfer };
  });
}

/** Either school withdraws a pending proposal; nothing of the student changes. */
export async function cancelTransferProposal(ctx: RegistryContext, schoolCode: string, id: number, now: Date): Promise<TransferProposal> {
  return journaledTransaction(ctx.db, async (tx) => {
    const row = await loadPending(tx, schoolCode, id);
    const [settled] = await tx.update(transferProposals).set({ status: 'cancelled', settledAt: now, settledBy: schoolCode })
      .where(eq(transferProposals.id, id)).returning();
    await appendEvent(tx, { at: now, actor: schoolCode, kind: 'transfer_cancel', subject: row.studentCode, detail: { id, fromSchool: row.fromSchool, toSchool: row.toSchool } });
    return toProposal(settled!);
  });
}

/** The proposals a school sent or received, newest first. */
export async function listTransferProposals(ctx: RegistryContext, schoolCode: string): Promise<TransferProposal[]> {
  const rows = await ctx.db.select().from(transferProposals)
    .where(or(eq(transferProposals.fromSchool, schoolCode), eq(transferProposals.toSchool, schoolCode)))
    .orderBy(desc(transferProposals.id)).limit(MAX_LISTED);
  return rows.map(toProposal);
}

/**
 * Every proposal still waiting for its receiving school, oldest first, at most `limit` (the Sở's console: what the
 * schools have arranged and not yet settled). Read-only; the partial index on pending proposals keeps it small.
 */
export async function listPendingTransferProposals(ctx: RegistryContext, limit = 200): Promise<TransferProposal[]> {
  const rows = await ctx.db.select().from(transferProposals).where(eq(transferProposals.status, 'pending'))
    .orderBy(asc(transferProposals.id)).limit(Math.min(Math.max(limit, 1), MAX_LISTED));
  return rows.map(toProposal);
}

/**
 * The proposal, locked, if `schoolCode` is one of its two schools — to any other school it does not exist, so a
 * school cannot learn of another's pupils by guessing numbers — and still pending.
 */
async function loadPending(tx: Tx, schoolCode: string, id: number): Promise<TransferProposalRow> {
  const [row] = await tx.select().from(transferProposals).where(eq(transferProposals.id, id)).for('update');
  if (!row || (row.fromSchool !== schoolCode && row.toSchool !== schoolCode)) throw new HocbaError('transfer_proposal_unknown', { params: { id } });
  if (row.status !== 'pending') throw new HocbaError('transfer_proposal_settled', { params: { id, status: row.status } });
  return row;
}

function toProposal(row: TransferProposalRow): TransferProposal {
  return {
    id: row.id, studentCode: row.studentCode, fromSchool: row.fromSchool, toSchool: row.toSchool, effectiveDate: row.effectiveDate,
    reason: row.reason, proposedAt: row.proposedAt, status: row.status as TransferProposal['status'],
    settledAt: row.settledAt, settledBy: row.settledBy, transferId: row.transferId,
  };
}
