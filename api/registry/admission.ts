// Admission of new records (SPEC §8) inside the write transaction of a push: the facts the pure rule of
// api/lifecycle/admission.ts needs, loaded once per batch, and its refusals turned into rejected judgements.
// It runs after the audit-chain lock, which every record insert takes first: no other push can slip a record
// for the same student and year in between the check and the insert, and a batch is checked against itself.
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { records } from '../../db/schema/index.ts';
import { admissionIssues, isYearLocked, type Candidate, type RecordInForce } from '../lifecycle/index.ts';
import { loadLockSettings, type RegistryContext } from './context.ts';
import type { Judged, Judgement } from './judgement.ts';
import { openWindows } from './late-windows.ts';
import { latestTransfers } from './transfers.ts';

type Accept = Extract<Judgement, { kind: 'accept' }>;

/** The judgements with every accepted document that may not be admitted turned into a rejection, in input order. */
export async function admitJudgements(ctx: RegistryContext, tx: Tx, now: Date, items: readonly Judged[]): Promise<Judgement[]> {
  const judgements = items.map((item) => item.judgement);
  const accepts = judgements.filter((judgement): judgement is Accept => judgement.kind === 'accept');
  if (accepts.length === 0) return [...judgements];
  const candidates = new Map(accepts.map((judgement) => [judgement, candidateOf(judgement)]));
  const settings = await loadLockSettings(ctx, tx);
  // Late windows are read only for a year whose lock has passed (rare): an ordinary push pays nothing for them.
  const lateOpen = new Map<string, boolean>();
  for (const candidate of candidates.values()) {
    const key = `${candidate.schoolCode} ${candidate.schoolYear}`;
    if (lateOpen.has(key) || !isYearLocked(candidate, now, settings)) continue;
    lateOpen.set(key, (await openWindows(tx, candidate.schoolCode, candidate.schoolYear, now)).length > 0);
  }
  const inForce = await tx.select({ lookupCode: records.lookupCode, schoolCode: records.schoolCode, studentCode: records.studentCode, schoolYear: records.schoolYear })
    .from(records).where(and(eq(records.status, 'valid'), inArray(records.studentCode, [...new Set([...candidates.values()].map((c) => c.studentCode))])));
  const claims = new Map<string, RecordInForce[]>();
  for (const row of inForce) push(claims, `${row.studentCode} ${row.schoolYear}`, row);
  // Who manages each student now (transfers.ts): read under the chain lock, like the records in force.
  const managedBy = await latestTransfers(tx, [...candidates.values()].map((c) => c.studentCode));
  return judgements.map((judgement, i) => {
    if (judgement.kind !== 'accept') return judgement;
    const candidate = candidates.get(judgement)!;
    const key = `${candidate.studentCode} ${candidate.schoolYear}`;
    const replaced = judgement.replacing?.row.lookupCode;
    const issues = admissionIssues(candidate, {
      now, settings,
      lateWindowOpen: lateOpen.get(`${candidate.schoolCode} ${candidate.schoolYear}`) ?? false,
      inForce: (claims.get(key) ?? []).filter((record) => record.lookupCode !== replaced),
      managedBy: items[i]!.push.operator === undefined ? managedBy.get(candidate.studentCode) ?? null : null,
    });
    if (issues.length > 0) {
      const { grade, schoolYear } = judgement.doc.facts;
      return { kind: 'rejected', lookupCode: candidate.lookupCode, digest: judgement.doc.digest, issues, facts: { grade, schoolYear } };
    }
    // Admitted: a later document of the same batch for this student and year meets it as a record in force.
    push(claims, key, { lookupCode: candidate.lookupCode, schoolCode: candidate.schoolCode });
    return judgement;
  });
}

function candidateOf(judgement: Accept): Candidate {
  const { facts, lookupCode } = judgement.doc;
  return { lookupCode, schoolCode: facts.schoolCode, schoolYear: facts.schoolYear, studentCode: facts.studentCode, supplementary: facts.supplementary };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
