// Ingest (SPEC §5, §7): package → exact bytes → injected engine → registry policy → one outcome per package.
import { and, eq, inArray } from 'drizzle-orm';
import { records, type RecordRow } from '../../db/schema/index.ts';
import { decodePackage } from '../codec/index.ts';
import { isHocbaError, issue, type Issue } from '../errors.ts';
import type { LockSettings } from '../lifecycle/index.ts';
import type { Report } from '../verify/report.ts';
import { sha256Hex } from './certificates.ts';
import { loadRecordRow, RECEIPT_COLUMNS, toLookupCode, type ReceiptRow, type RegistryContext } from './context.ts';
import type { RecordFacts } from './record-facts.ts';
import { saveJudgements, type Push, type VerifiedDocument } from './store.ts';
import type { PackageResult, TrustMaterial } from './types.ts';

/** Successor rules for a replacement: the same student and school year as its predecessor. */
export interface Replacing {
  readonly row: RecordRow;
  readonly settings: LockSettings;
}

/** What ingest decided about one package, before anything is written. */
export type Judgement =
  | { readonly kind: 'rejected'; readonly lookupCode: string | null; readonly digest: string; readonly issues: Issue[] }
  | { readonly kind: 'repeated'; readonly row: ReceiptRow }
  | { readonly kind: 'accept'; readonly doc: VerifiedDocument; readonly replacing: { code: string; settings: LockSettings } | null };

/** One package (a replacement, or a single push): judged, then saved in its own transaction. */
export async function ingestPackage(
  ctx: RegistryContext, push: Push, trust: TrustMaterial, replacing: Replacing | null = null,
): Promise<PackageResult> {
  const [result] = await saveJudgements(ctx, push, [await judgePackage(ctx, push, trust, replacing)]);
  return result!;
}

/**
 * A batch, streamed (issue 11): packages are decoded into a slice until it holds `window` packages or
 * `sliceBytes` of XML; the slice is judged (the engine outside any transaction, a few at a time) and
 * written in ONE transaction, and only then is the next slice decoded. So one request holds at most one
 * slice of inflated XML whatever its length, and a batch still costs one commit and one turn at the
 * audit chain per slice, not per package (docs/PERFORMANCE.md). A receipt is answered only once every
 * slice has committed; a slice lost to a crash is stored again, with the same receipts, on a retry.
 */
export async function ingestBatch(
  ctx: RegistryContext, schoolCode: string, texts: readonly string[], now: Date, trust: TrustMaterial, concurrency: number,
): Promise<PackageResult[]> {
  const results: PackageResult[] = [];
  const budget = { inflated: 0 };
  for (let at = 0; at < texts.length;) {
    const slice: Decoded[] = [];
    let bytes = 0;
    while (at < texts.length && slice.length < ctx.ingest.window && bytes < ctx.ingest.sliceBytes) {
      const item = decodeWithinBudget(ctx, texts[at]!, at, budget);
      if ('xml' in item) bytes += item.xml.length;
      slice.push(item);
      at += 1;
    }
    try {
      results.push(...await judgeAndSave(ctx, schoolCode, texts.slice(at - slice.length, at), slice, now, trust, concurrency));
    } finally {
      for (const item of slice) if ('xml' in item) release(ctx, item.xml);
    }
  }
  return results;
}

async function judgeAndSave(
  ctx: RegistryContext, schoolCode: string, texts: readonly string[], decoded: readonly Decoded[], now: Date, trust: TrustMaterial, concurrency: number,
): Promise<PackageResult[]> {
  const push = (text: string): Push => ({ schoolCode, text, now });
  // Repeats of stored documents are found with one query per slice, not one per package.
  const digests = decoded.flatMap((item) => ('xml' in item ? [item.digest] : []));
  const stored = digests.length === 0 ? [] : await ctx.db.select(RECEIPT_COLUMNS).from(records)
    .where(and(inArray(records.digest, digests), eq(records.schoolCode, schoolCode)));
  const byDigest = new Map(stored.map((row) => [row.digest, row]));
  const judgements = await mapInOrder(decoded, concurrency, async (item, i): Promise<Judgement> => {
    if (!('xml' in item)) return item;
    const same = byDigest.get(item.digest);
    if (same) return { kind: 'repeated', row: same };
    // No "code taken?" read here: the batch INSERT settles taken codes (store-batch.ts).
    return judgeDecoded(ctx, push(texts[i]!), item.xml, item.digest, trust, null, false);
  });
  return saveJudgements(ctx, { schoolCode, text: '', now }, judgements, texts);
}

type Decoded = { readonly xml: Uint8Array; readonly digest: string } | Extract<Judgement, { kind: 'rejected' }>;

/**
 * Decodes the package at `index` unless the batch has already inflated `batchInflatedBytes`: the package
 * that passes the cap and every later one are refused unread (the work one request may ask for is bounded).
 */
function decodeWithinBudget(ctx: RegistryContext, text: string, index: number, budget: { inflated: number }): Decoded {
  const over = (): Decoded => ({
    kind: 'rejected', lookupCode: null, digest: sha256Hex(text),
    issues: [issue('batch_inflated_too_large', { params: { index: index + 1, limit: ctx.ingest.batchInflatedBytes } })],
  });
  if (budget.inflated > ctx.ingest.batchInflatedBytes) return over();
  const item = decodeForIngest(text);
  if (!('xml' in item)) return item;
  budget.inflated += item.xml.length;
  if (budget.inflated > ctx.ingest.batchInflatedBytes) return over();
  hold(ctx, item.xml);
  return item;
}

function decodeForIngest(text: string): Decoded {
  try {
    const xml = decodePackage(text);
    return { xml, digest: sha256Hex(xml) };
  } catch (error) {
    if (!isHocbaError(error)) throw error;
    return { kind: 'rejected', lookupCode: null, digest: sha256Hex(text), issues: [error.toIssue()] };
  }
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

export async function judgePackage(
  ctx: RegistryContext, push: Push, trust: TrustMaterial, replacing: Replacing | null = null,
): Promise<Judgement> {
  const decoded = decodeForIngest(push.text);
  if (!('xml' in decoded)) return decoded;
  if (!replacing) {
    const same = await findSameDocument(ctx, decoded.digest, push.schoolCode);
    if (same) return { kind: 'repeated', row: same };
  }
  return judgeDecoded(ctx, push, decoded.xml, decoded.digest, trust, replacing, true);
}

async function judgeDecoded(
  ctx: RegistryContext, push: Push, xml: Uint8Array, digest: string, trust: TrustMaterial, replacing: Replacing | null, checkTaken: boolean,
): Promise<Judgement> {
  let report: Report;
  try {
    report = await ctx.verify(xml, { schoolCode: push.schoolCode, now: push.now, trust });
  } catch (error) {
    // A coded refusal from the engine is this package's answer; anything else is a bug and must surface.
    if (!isHocbaError(error)) throw error;
    return { kind: 'rejected', lookupCode: null, digest, issues: [error.toIssue()] };
  }
  const facts = report.record === null ? null : ctx.readFacts(report.record);
  const lookupCode = toLookupCode(report.lookupCode ?? facts?.lookupCode ?? '');
  const issues = [...verdictIssues(report), ...policyIssues(push, facts, lookupCode, report, replacing)];
  if (checkTaken && lookupCode && issues.length === 0) {
    const taken = await loadRecordRow(ctx.db, lookupCode);
    if (taken && taken.digest !== digest) issues.push(issue('code_taken', { params: { lookupCode } }));
  }
  if (issues.length > 0 || !facts || !lookupCode) return { kind: 'rejected', lookupCode, digest, issues };
  const replacingCode = replacing ? { code: replacing.row.lookupCode, settings: replacing.settings } : null;
  return { kind: 'accept', doc: { lookupCode, xml, digest, report, facts }, replacing: replacingCode };
}

/** Runs `task` over `items` with at most `limit` at a time, keeping the results in input order. */
export async function mapInOrder<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await task(items[at]!, at);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function findSameDocument(ctx: RegistryContext, digest: string, schoolCode: string): Promise<ReceiptRow | null> {
  const [row] = await ctx.db.select(RECEIPT_COLUMNS).from(records)
    .where(and(eq(records.digest, digest), eq(records.schoolCode, schoolCode))).limit(1);
  return row ?? null;
}

function verdictIssues(report: Report): Issue[] {
  if (report.verdict === 'valid') return [];
  // Reasons sit at the top (envelope, content, policy) and per signature (integrity, chain, role).
  const reasons = [...report.issues, ...report.signatures.flatMap((signature) => signature.issues)]
    .filter((found) => found.severity !== 'warning');
  return reasons.length > 0 ? reasons : [issue('verification_failed')];
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
    if (lookupCode === old.lookupCode) issues.push(issue('code_taken', { params: { lookupCode } }));
  }
  return issues;
}
