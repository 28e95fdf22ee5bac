// Numbered copies (SPEC §9): every PDF issued gets the next copy number of its record, logged and traceable.
import { eq, max } from 'drizzle-orm';
import { pdfCopies, records } from '../../db/schema/index.ts';
import { HocbaError } from '../errors.ts';
import { appendEvent, journaledTransaction } from './audit.ts';
import { logEntry } from './log-entries.ts';
import { appendLogEntries } from './log-store.ts';
import { requireLookupCode, type RegistryContext } from './context.ts';

/** `ipHash`: a keyed hash of the requester's address made by the HTTP layer (never the address itself). */
export async function recordCopy(ctx: RegistryContext, code: string, ipHash: string | null, now: Date): Promise<number> {
  const lookupCode = requireLookupCode(code);
  return journaledTransaction(ctx.db, async (tx) => {
    // The chain is taken first (audit.ts lock order). Locking the record row serialises copies of one record, so numbers are gap-free and never repeat.
    const [row] = await tx.select({ lookupCode: records.lookupCode }).from(records).where(eq(records.lookupCode, lookupCode)).for('update');
    if (!row) throw new HocbaError('not_found', { params: { lookupCode } });
    const [last] = await tx.select({ n: max(pdfCopies.copyNumber) }).from(pdfCopies).where(eq(pdfCopies.lookupCode, lookupCode));
    const copyNumber = (last?.n ?? 0) + 1;
    await tx.insert(pdfCopies).values({ lookupCode, copyNumber, issuedAt: now, requesterIpHash: ipHash });
    await appendEvent(tx, { at: now, actor: 'public', kind: 'copy', subject: lookupCode, detail: { copyNumber } });
    await appendLogEntries(tx, [logEntry('copy', { code: lookupCode, number: copyNumber }, now, lookupCode)]);
    return copyNumber;
  });
}
