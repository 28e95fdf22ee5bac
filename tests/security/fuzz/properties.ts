// The fuzzing properties, shared by the short run in `npm test` and the long run (`npm run fuzz`):
// codec → xml → verify and the ingest route never crash, never answer 5xx, always end in a coded result,
// and a record reported valid always shows exactly the content that was signed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CATALOGUE, severityOf, verifyPackage, verifyXml, type HocBaRecord, type IssueCode, type Report } from '../../../api/index.ts';
import { SCHOOL, type Kit } from '../corpus/kit.ts';
import { CORPUS_DIR, type Corpus } from '../support/corpus.ts';
import { pushRequest, type CorpusRegistry } from '../support/registry.ts';
import type { Mutant, Seed } from './mutations.ts';

export interface FuzzContext {
  readonly kit: Kit;
  readonly seeds: Seed[];
  /** The signed content of each valid seed, by lookup code: what a valid report must show. */
  readonly signed: Map<string, HocBaRecord>;
}

/** Valid records of the three schools (RSA 2048 + co-signature, ECDSA P-256, RSA 3072) and the corpus' XML attacks. */
export async function loadFuzzContext(corpus: Corpus): Promise<FuzzContext> {
  const { kit } = corpus;
  const seeds: Seed[] = [
    { name: 'valid-a-cosigned', xml: await kit.sign(await kit.sealed(61_001), 'teacher-a', 'GVCN') },
    { name: 'valid-b-ecdsa', xml: await kit.sealed(61_002, { school: 'b' }) },
    { name: 'valid-c-rsa3072', xml: await kit.sealed(61_003, { school: 'c' }) },
  ];
  const signed = new Map<string, HocBaRecord>();
  for (const seed of seeds) {
    const report = await verifyXml(Buffer.from(seed.xml), { trust: kit.trust, now: kit.now });
    if (report.verdict !== 'valid' || !report.record) throw new Error(`fuzz seed ${seed.name} is not valid: ${JSON.stringify(report.issues)}`);
    signed.set(report.lookupCode!, report.record);
  }
  for (const item of corpus.manifest.items) {
    if (!item.generated && item.file.endsWith('.xml') && item.verdict !== 'valid') {
      seeds.push({ name: item.file, xml: readFileSync(join(CORPUS_DIR, item.file), 'latin1') });
    }
  }
  return { kit, seeds, signed };
}

function fail(why: string, detail: unknown): never {
  throw new Error(`${why}: ${JSON.stringify(detail).slice(0, 2000)}`);
}

/** Three outcomes, each issue a catalogue code of the right severity, and the verdict agreeing with them. */
export function assertCoded(report: Report): void {
  if (!['valid', 'invalid', 'indeterminate'].includes(report.verdict)) fail('unknown verdict', report.verdict);
  const issues = [...report.issues, ...report.signatures.flatMap((signature) => signature.issues)];
  for (const found of issues) {
    if (!(found.code in CATALOGUE)) fail('issue code outside the catalogue', found);
    if (found.severity !== severityOf(found.code as IssueCode)) fail('issue severity differs from its code', found);
  }
  const errors = issues.filter((found) => found.severity === 'error').length;
  const undecided = issues.filter((found) => found.severity === 'indeterminate').length;
  const expected = errors > 0 ? 'invalid' : undecided > 0 ? 'indeterminate' : 'valid';
  if (report.verdict !== expected) fail(`verdict ${report.verdict} with ${errors} errors and ${undecided} indeterminate issues`, issues);
}

/** What is signed is what is seen: a valid report shows exactly the signed content of its lookup code. */
function assertSignedContent(ctx: FuzzContext, report: Report): void {
  if (report.verdict !== 'valid') return;
  const signed = ctx.signed.get(report.lookupCode ?? '');
  if (!signed || !isDeepStrictEqual(report.record, signed)) fail('a valid report shows content that was not signed', report.record);
}

/** Returns the outcome (`valid` or the first code) for the long run's tally. */
export async function checkEngine(ctx: FuzzContext, mutant: Mutant): Promise<string> {
  const { report } = await verifyPackage(mutant.text, { trust: ctx.kit.trust, now: ctx.kit.now });
  assertCoded(report);
  assertSignedContent(ctx, report);
  return outcomeOf(report);
}

export function outcomeOf(report: Report): string {
  const first = [...report.issues, ...report.signatures.flatMap((signature) => signature.issues)][0];
  return first?.code ?? report.verdict;
}

interface PushAnswer {
  code?: string;
  status?: string;
  lookupCode?: string | null;
  errors?: Array<{ code: string }>;
  results?: PushAnswer[];
}

/** POST /api/v1/packages with a hostile body: never 5xx; a coded error, or one coded result per package. */
/** Returns the outcome (`HTTP <status>` and the first code) for the long run's tally. */
export async function checkIngest(ctx: FuzzContext, opened: CorpusRegistry, request: { body: string; contentType: string }): Promise<string> {
  const response = await opened.app.request('/api/v1/packages', pushRequest(opened.tokens.a, request.body, request.contentType));
  if (response.status >= 500) fail(`answered ${response.status}`, await response.text());
  let answer: PushAnswer;
  try {
    answer = await response.json() as PushAnswer;
  } catch {
    return fail(`answered ${response.status} without JSON`, null);
  }
  const results = response.status === 200 ? answer.results : response.status === 201 || response.status === 422 ? [answer] : null;
  if (!results) {
    if (!answer.code || !(answer.code in CATALOGUE)) fail(`answered ${response.status} without a catalogue code`, answer);
    return `HTTP ${response.status} ${answer.code}`;
  }
  for (const result of results) {
    if (result.status === 'rejected') {
      if (!result.errors?.length || result.errors.some((error) => !(error.code in CATALOGUE))) fail('a rejection without catalogue codes', result);
      continue;
    }
    if (result.status !== 'accepted') fail('a result neither accepted nor rejected', result);
    // Accepted: it must be one of the genuinely signed records, stored with exactly the signed content.
    const xml = await opened.registry.loadRecordXml(result.lookupCode ?? '');
    if (!xml) fail('accepted but not stored', result);
    assertSignedContent(ctx, await verifyXml(xml, { trust: ctx.kit.trust, now: ctx.kit.now }));
    if (!ctx.signed.has(result.lookupCode!)) fail('accepted a record nobody signed', result);
  }
  return `HTTP ${response.status} ${results[0]?.status === 'accepted' ? 'accepted' : results[0]?.errors?.[0]?.code ?? '?'}`;
}

export const FUZZ_SCHOOL = SCHOOL.a.code;
