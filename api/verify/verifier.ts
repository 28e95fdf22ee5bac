// A verify function for callers that hold trust material as a plain value (the registry): prepares it once per
// content, and runs the engine on worker threads when asked to (SPEC §3: verification off the event loop).
import { createHash } from 'node:crypto';
import { prepareTrust, type PreparedTrust, type TrustMaterial } from '../trust/index.ts';
import { checkForIngest, verifyInput, verifyXml, type CheckedPackage } from './engine.ts';
import { createVerifierPool, type Lane, type PoolStats, type VerifierPool, type VerifierPoolOptions } from './pool.ts';
import type { Report } from './report.ts';

export interface VerifyContext {
  readonly now: Date;
  readonly trust: TrustMaterial;
  readonly proofOfExistence?: Date;
  /** Which queue of the pool: `verify` defaults to `school` (ingest), `verifyInput` to `public` (uploads). */
  readonly lane?: Lane;
  /** The public client asking (a keyed address hash): bounds its uploads in flight. */
  readonly client?: string;
}

/** The pool's budget and lanes (pool.ts); without it the defaults of DEFAULT_VERIFY_BUDGET. */
export type VerifierBudget = Omit<VerifierPoolOptions, 'trust' | 'size'>;

export interface Verifier {
  /** The exact XML bytes of a record (ingest: the registry has already decoded the package). */
  verify(xml: Uint8Array, context: VerifyContext): Promise<Report>;
  /** An upload that may be an XML document or a package, told apart by its first bytes. */
  verifyInput(bytes: Uint8Array, context: VerifyContext): Promise<Report>;
  /**
   * A package of a school's batch decoded and verified for ingest, in one job on a worker when there are any (issue 11:
   * not on the event loop; issue 14: one job, so the XML crosses between threads once).
   */
  check(text: string, context: VerifyContext): Promise<CheckedPackage>;
  /**
   * Starts the threads now and resolves once each has loaded the engine (a server, before it listens), so the first
   * batch does not pay for loading and compiling it (issue 14). Nothing to do without workers.
   */
  start(): Promise<void>;
  /** The worker pool's counters (budget-pool.ts), or null while no thread has started (or with `workers: 0`). */
  stats(): PoolStats | null;
  close(): Promise<void>;
}

// The threads start before any trust is known; the first job's trust then replaces this (poolFor: a new key).
const NO_TRUST: TrustMaterial = { anchors: [], intermediates: [], crls: [], approvals: [] };

/** `workers: 0` verifies in this thread (tests, CLI); otherwise a pool of that many threads. */
export function createVerifier(options: { workers: number; budget?: VerifierBudget }): Verifier {
  let pool: VerifierPool | null = null;
  let poolTrustKey = '';
  let prepared: { key: string; trust: PreparedTrust } | null = null;
  /** The pool, started on first use, with this trust material for its later jobs. */
  function poolFor(trust: TrustMaterial, key: string): VerifierPool {
    if (!pool) {
      pool = createVerifierPool({ ...options.budget, trust, size: options.workers });
      poolTrustKey = key;
    } else if (poolTrustKey !== key) {
      pool.setTrust(trust);
      poolTrustKey = key;
    }
    return pool;
  }
  /** The engine's options in this thread (no workers), trust prepared once per content. */
  function inThread(context: VerifyContext, key: string) {
    if (prepared?.key !== key) prepared = { key, trust: prepareTrust(context.trust) };
    return { trust: prepared.trust, now: context.now, ...poe(context) };
  }
  async function run(kind: 'xml' | 'input', bytes: Uint8Array, context: VerifyContext, lane: Lane): Promise<Report> {
    const key = trustKey(context.trust);
    if (options.workers === 0) {
      const engine = inThread(context, key);
      return kind === 'xml' ? verifyXml(bytes, engine) : (await verifyInput(bytes, engine)).report;
    }
    const pool = poolFor(context.trust, key);
    const client = context.client === undefined ? {} : { client: context.client };
    return pool.verify({ kind, payload: bytes, now: context.now, ...poe(context), lane: context.lane ?? lane, ...client });
  }
  return {
    verify: (xml, context) => run('xml', xml, context, 'school'),
    verifyInput: (bytes, context) => run('input', bytes, context, 'public'),
    async check(text, context) {
      const key = trustKey(context.trust);
      if (options.workers === 0) return checkForIngest(text, inThread(context, key));
      return poolFor(context.trust, key).check({ text, now: context.now, ...poe(context), ...(context.lane ? { lane: context.lane } : {}) });
    },
    async start() {
      if (options.workers === 0) return;
      await (pool ?? poolFor(NO_TRUST, '')).whenReady();
    },
    stats: () => pool?.stats() ?? null,
    async close() {
      await pool?.close();
    },
  };
}

function poe(context: VerifyContext): { proofOfExistence?: Date } {
  return context.proofOfExistence ? { proofOfExistence: context.proofOfExistence } : {};
}

// Trust changes rarely (an operator adds a CA or loads a CRL): a digest of its content tells when. The registry hands
// the same object until something changed (api/registry/trust-cache.ts), so each object is hashed once: hashing every
// approval of a province (20,000) for every package cost 8.4 ms.
const trustKeys = new WeakMap<TrustMaterial, string>();
function trustKey(trust: TrustMaterial): string {
  let key = trustKeys.get(trust);
  if (key === undefined) {
    key = digestOfTrust(trust);
    trustKeys.set(trust, key);
  }
  return key;
}

function digestOfTrust(trust: TrustMaterial): string {
  const hash = createHash('sha256');
  for (const list of [trust.anchors, trust.intermediates, trust.crls]) {
    hash.update(String(list.length));
    for (const der of list) hash.update(der);
  }
  hash.update(JSON.stringify(trust.approvals));
  return hash.digest('hex');
}
