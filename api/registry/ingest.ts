// Ingest (SPEC §5, §7): package → injected engine (exact bytes and report) → registry policy → one judgement per package,
// handed to the one writer (writer.ts). Batches are streamed a slice at a time (issue 11).
import { and, eq, inArray } from 'drizzle-orm';
import { records } from '../../db/schema/index.ts';
import { signerWarningsOf } from '../verify/signers.ts';
import { isHocbaError, issue, type Issue } from '../errors.ts';
import type { CheckedPackage } from '../verify/engine.ts';
import type { Report } from '../verify/report.ts';
import { sha256Hex } from '../byte-digests.ts';
import { RECEIPT_COLUMNS, type RegistryContext } from './context.ts';
import type { Judgement, Push, RefusedFacts, Replacing } from './judgement.ts';
import { readRecordFacts, type RecordFacts } from './record-facts.ts';
import type { PackageResult, TrustMaterial, VerifyContext } from './types.ts';
import { writeJudged } from './writer.ts';
import { appendEvents, journaledTransaction, type EventInput } from './audit.ts';
import { normalizeLookupCode } from '../record/lookup-code.ts';

/**
 * A batch, streamed (issue 11): packages are checked (decoded and verified, a few at a time, on the verification
 * workers in a server) into a slice until it holds `window` packages or `sliceBytes` of XML; the slice is judged
 * and written in ONE transaction, and only then is the next slice checked. So one request holds at most one slice of
 * inflated XML whatever its length, and a batch still costs one commit and one turn at the audit chain per slice,
 * not per package (docs/PERFORMANCE.md). A receipt is answered only once every slice has committed; a slice lost to
 * a crash is stored again, with the same receipts, on a retry.
 */
export async function ingestBatch(
  ctx: RegistryContext, schoolCode: string, texts: readonly string[], now: Date, trust: TrustMaterial, concurrency: number,
): Promise<PackageResult[]> {
  // The batch's own event goes with its first slice (issue 14: a transaction of its own was a second commit per push).
  let lead: EventInput | null = { at: now, actor: schoolCode, kind: 'push', subject: null, detail: { packages: texts.length } };
  if (texts.length === 0) {
    await journaledTransaction(ctx.db, (tx) => appendEvents(tx, [lead!]));
    return [];
  }
  const results: PackageResult[] = [];
  const budget = { inflated: 0 };
  const check = checkingAhead(ctx, texts, { schoolCode, now, trust }, concurrency, budget);
  for (let at = 0; at < texts.length;) {
    const slice: Checked[] = [];
    let bytes = 0;
    while (at < texts.length && slice.length < ctx.ingest.window && bytes < ctx.ingest.sliceBytes) {
      const item = await checkWithinBudget(ctx, texts[at]!, at, budget, check);
      if ('xml' in item) bytes += item.xml.length;
      slice.push(item);
      at += 1;
    }
    const pushes = texts.slice(at - slice.length, at).map((text): Push => ({ schoolCode, text, now }));
    try {
      results.push(...await judgeAndWrite(ctx, pushes, slice, lead));
      lead = null;
    } finally {
      for (const item of slice) if ('xml' in item) release(ctx, item.xml);
    }
  }
  return results;
}

async function judgeAndWrite(ctx: RegistryContext, pushes: readonly Push[], checked: readonly Checked[], lead: EventInput | null): Promise<PackageResult[]> {
  // Repeats of stored documents are found with one query per slice, not one per package: a repeat is answered with the
  // stored record's receipt, whatever its report says now (a retried batch costs the engine what the first try did).
  const digests = checked.flatMap((item) => ('xml' in item ? [item.digest] : []));
  const stored = digests.length === 0 ? [] : await ctx.db.select(RECEIPT_COLUMNS).from(records)
    .where(and(inArray(records.digest, digests), eq(records.schoolCode, pushes[0]!.schoolCode)));
  const byDigest = new Map(stored.map((row) => [row.digest, row]));
  const judgements = checked.map((item, i): Judgement => {
    if (!('xml' in item)) return item;
    const same = byDigest.get(item.digest);
    if (same) return { kind: 'repeated', row: same };
    return judgeReport(pushes[i]!, item, null);
  });
  return writeJudged(ctx, judgements.map((judgement, i) => ({ push: pushes[i]!, judgement })), lead);
}

/**
 * A replacement (SPEC §8): the successor goes through the whole ingest, and is written as a batch of one
 * that also supersedes its predecessor (writer.ts).
 */
export async function ingestReplacement(ctx: RegistryContext, push: Push, trust: TrustMaterial, replacing: Replacing): Promise<PackageResult> {
  const item = checkedOf(await checkText(ctx, push.text, checkContextOf(push, trust)));
  const judgement = 'xml' in item ? judgeReport(push, item, replacing) : item;
  const [result] = await writeJudged(ctx, [{ push, judgement }]);
  return result!;
}

/** What the engine is asked to check a push against; the proof of existence, when the push carries one. */
export function checkContextOf(push: Push, trust: TrustMaterial): VerifyContext {
  return { schoolCode: push.schoolCode, now: push.now, trust, ...(push.proofOfExistence ? { proofOfExistence: push.proofOfExistence } : {}) };
}

/** A package the engine has answered for: its exact XML and report, or its coded refusal (it did not decode). */
type Checked = { readonly xml: Uint8Array; readonly digest: string; readonly report: Report } | Extract<Judgement, { kind: 'rejected' }>;

/**
 * One package decoded and verified (ctx.check: on a verification worker in a server, so the event loop only passes the
 * text on and gets the XML and its report back). A coded refusal from the engine is this package's answer; anything
 * else is a bug and must surface.
 */
export async function checkText(ctx: RegistryContext, text: string, context: VerifyContext): Promise<CheckedPackage> {
  try {
    return await ctx.check(text, context);
  } catch (error) {
    if (!isHocbaError(error)) throw error;
    return { xml: null, digest: sha256Hex(text), report: null, issue: error.toIssue(), inflatedBytes: 0 };
  }
}

/**
 * Checks the package at `index` unless the batch has already inflated `batchInflatedBytes`: the package that
 * passes the cap and every later one are refused (their reports unread). A refused package counts what it inflated
 * too (a bomb: the cap), so a batch of bombs is bounded like any other (the work one request may ask for is bounded).
 */
async function checkWithinBudget(
  ctx: RegistryContext, text: string, index: number, budget: { inflated: number }, check: (index: number) => Promise<CheckedPackage>,
): Promise<Checked> {
  const over = (): Checked => ({
    kind: 'rejected', lookupCode: null, digest: sha256Hex(text),
    issues: [issue('batch_inflated_too_large', { params: { index: index + 1, limit: ctx.ingest.batchInflatedBytes } })],
  });
  if (budget.inflated > ctx.ingest.batchInflatedBytes) return over();
  const checked = await check(index);
  budget.inflated += checked.inflatedBytes;
  const item = checkedOf(checked);
  if (!('xml' in item)) return item;
  if (budget.inflated > ctx.ingest.batchInflatedBytes) return over();
  hold(ctx, item.xml);
  return item;
}

/**
 * The checker of one batch: package `index` is asked for together with the next `depth − 1`, so the workers check
 * several at once (and go on with the next slice's first packages while a slice is written) while answers, slices and
 * the budget still go in order. Nothing is asked for once the budget is spent; what was asked for ahead and then not
 * needed is dropped (at most depth − 1 packages of 2 MB).
 */
function checkingAhead(
  ctx: RegistryContext, texts: readonly string[], context: VerifyContext, depth: number, budget: { inflated: number },
): (index: number) => Promise<CheckedPackage> {
  const pending = new Map<number, Promise<CheckedPackage>>();
  return (index) => {
    for (let next = index; next < Math.min(texts.length, index + Math.max(1, depth)); next++) {
      if (pending.has(next) || (next > index && budget.inflated > ctx.ingest.batchInflatedBytes)) continue;
      const asked = checkText(ctx, texts[next]!, context);
      // A package asked for ahead may never be awaited (the budget ran out first): its failure must not go unhandled.
      asked.catch(() => {});
      pending.set(next, asked);
    }
    const own = pending.get(index)!;
    pending.delete(index);
    return own;
  };
}

function checkedOf(checked: CheckedPackage): Checked {
  if (checked.xml === null) return { kind: 'rejected', lookupCode: null, digest: checked.digest, issues: [checked.issue] };
  return { xml: checked.xml, digest: checked.digest, report: checked.report };
}

/** Counts a decoded package as alive (IngestCounters) until `release`: what tests bound instead of RSS. */
function hold(ctx: RegistryContext, xml: Uint8Array): void {
  const counters = ctx.counters;
  counters.decodedAlive += 1;
  counters.inflatedAlive += xml.length;
  counters.peakDecodedAlive = Math.max(counters.peakDecodedAlive, counters.decodedAlive);
  counters.peakInflatedAlive = Math.max(counters.peakInflatedAlive, counters.inflatedAlive);
}

function release(ctx: RegistryContext, xml: Uint8Array): void {
  ctx.counters.decodedAlive -= 1;
  ctx.counters.inflatedAlive -= xml.length;
}

/** The registry's judgement of a package the engine has verified: its verdict, then the registry's own policy. */
export function judgeReport(push: Push, { xml, digest, report: engineReport }: { xml: Uint8Array; digest: string; report: Report }, replacing: Replacing | null): Judgement {
  const report = { ...engineReport, warnings: [...engineReport.warnings, ...signerWarningsOf(engineReport)] };
  const facts = report.record === null ? null : readRecordFacts(report.record);
  const lookupCode = normalizeLookupCode(report.lookupCode ?? facts?.lookupCode ?? '');
  // Whether the code is taken (or a repeat) is settled by the writer's INSERT, not read here.
  const issues = [...verdictIssues(report), ...policyIssues(push, facts, lookupCode, report, replacing)];
  if (issues.length > 0 || !facts || !lookupCode) return { kind: 'rejected', lookupCode, digest, issues, facts: refusedFactsOf(facts) };
  return { kind: 'accept', doc: { lookupCode, xml, digest, report, facts }, replacing };
}

/** The grade and year of a record that parsed, kept with its refusal (writer.ts, submissions). */
function refusedFactsOf(facts: RecordFacts | null): RefusedFacts | null {
  return facts ? { grade: facts.grade, schoolYear: facts.schoolYear } : null;
}

function verdictIssues(report: Report): Issue[] {
  if (report.verdict === 'valid') return [];
  // Reasons sit at the top (envelope, content, policy) and per signature (integrity, chain, role).
  const reasons = [...report.issues, ...report.signatures.flatMap((signature) => signature.issues)]
    .filter((found) => found.severity !== 'warning');
  // verdictOf (verify/summarise.ts) derives a verdict other than valid from these very issues: none is a bug.
  if (reasons.length === 0) throw new Error(`a ${report.verdict} report without an error or indeterminate issue`);
  return reasons;
}

// Registry policy on top of the engine's verdict, all collected so the school sees every problem at once.
function policyIssues(push: Push, facts: RecordFacts | null, lookupCode: string | null, report: Report, replacing: Replacing | null): Issue[] {
  if (!facts || !lookupCode) return report.verdict === 'valid' ? [issue('record_facts_unreadable')] : [];
  const issues: Issue[] = [];
  if (facts.schoolCode !== push.schoolCode) {
    issues.push(issue('school_mismatch', { path: 'MaTruong', params: { recordSchool: facts.schoolCode, school: push.schoolCode } }));
  }
  if (replacing) {
    const old = replacing.row;
    if (facts.studentCode !== old.studentCode) {
      issues.push(issue('replace_mismatch', { path: 'MaHocSinh', params: { field: 'MaHocSinh', expected: old.studentCode, found: facts.studentCode } }));
    }
    if (facts.schoolYear !== old.schoolYear) {
      issues.push(issue('replace_mismatch', { path: 'NamHoc', params: { field: 'NamHoc', expected: old.schoolYear, found: facts.schoolYear } }));
    }
  }
  return issues;
}
