// Composition of a working registry: the database (PGlite or PostgreSQL) and the verification engine.
import { openDatabase, SchemaNotCurrentError, type Database } from '../../db/index.ts';
import { HocbaError } from '../errors.ts';
import { createVerifier, type Verifier, type VerifierBudget } from '../verify/verifier.ts';
import { createRegistry } from './index.ts';
import type { LogIdentity } from './log-store.ts';
import type { Registry, RegistryOptions } from './types.ts';

export interface OpenRegistryOptions {
  /** `postgres://…` for PostgreSQL; otherwise PGlite in `dataDir` (in memory when neither). */
  readonly url?: string;
  readonly dataDir?: string;
  /** Verification threads: 0 verifies in the calling thread (operator commands, tests). */
  readonly workers?: number;
  readonly clock?: () => Date;
  /** false: apply no migration, and refuse (`schema_not_current`) a database that lacks one (SECURITY.md). */
  readonly migrate?: boolean;
  /** The transparency log's signing identity (`logIdentityOf`); without one nothing is integrated by this process. */
  readonly log?: LogIdentity;
  /** Streaming replicas of `url` for public reads (DATABASE_READ_URL, read-path.ts). */
  readonly readUrls?: readonly string[];
}

/** What a server or a tool holds: the registry and its engine, never the database handle under them. */
export interface OpenedRegistry {
  readonly registry: Registry;
  /** Tags of the migrations this open applied (none when the schema was current or `migrate` was false). */
  readonly migrated: readonly string[];
  /** The registry's verification threads; the server's upload checks share them instead of starting more. */
  readonly verifier: Verifier;
  /**
   * Resolves while this process can answer lookups: the primary answers `select 1`, or, while it is away, a
   * replica does (GET /healthz: a load balancer keeps a node that still serves reads; writes answer 503).
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** How the registry is wired onto a database it does not own (tests and tools reuse the server's wiring). */
export interface WireOptions extends Pick<RegistryOptions, 'clock' | 'ingest' | 'counters' | 'accessLog' | 'log'> {
  /** Verification threads: 0 verifies in the calling thread (operator commands, tests). */
  readonly workers?: number;
  /** The threads' budget per job (deadline, heap): the defaults of DEFAULT_VERIFY_BUDGET unless given. */
  readonly verifierBudget?: VerifierBudget;
}

export interface WiredRegistry {
  readonly registry: Registry;
  readonly verifier: Verifier;
  /** Writes the lookups still noted, stops the verification threads; the database stays open (its opener closes it). */
  close(): Promise<void>;
}

/** The registry over an open database, with the engine exactly as the server runs it. */
export function wireRegistry(database: Database, options: WireOptions = {}): WiredRegistry {
  const verifier = createVerifier({ workers: options.workers ?? 0, ...(options.verifierBudget ? { budget: options.verifierBudget } : {}) });
  const registry = createRegistry({
    db: database,
    // Proof of existence: the registry's own receipt time settles a revocation that comes after it.
    check: (text, context) => verifier.check(text, { now: context.now, trust: context.trust, proofOfExistence: context.proofOfExistence ?? context.now }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.ingest ? { ingest: options.ingest } : {}),
    ...(options.counters ? { counters: options.counters } : {}),
    ...(options.accessLog ? { accessLog: options.accessLog } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return {
    registry,
    verifier,
    async close() {
      await registry.close();
      await verifier.close();
    },
  };
}

export async function openRegistry(options: OpenRegistryOptions = {}): Promise<OpenedRegistry> {
  const database = await openDatabase({
    ...(options.url ? { url: options.url } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    migrate: options.migrate ?? true,
    ...(options.readUrls ? { readUrls: options.readUrls } : {}),
  }).catch((error: unknown) => {
    if (error instanceof SchemaNotCurrentError) {
      throw new HocbaError('schema_not_current', { params: { count: error.pending.length, pending: error.pending.join(', ') } });
    }
    throw error;
  });
  const { registry, verifier } = wireRegistry(database, {
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return {
    registry,
    migrated: database.migrated,
    verifier,
    // /healthz stays up while the primary is away and a replica answers (issue 14).
    ping: () => pingReadable(database),
    async close() {
      // The last lookups noted are written before the database goes.
      await registry.close();
      await verifier.close();
      await database.close();
    },
  };
}

async function pingReadable(database: Database): Promise<void> {
  try {
    await database.query('select 1');
  } catch (error) {
    for (const replica of database.replicas) {
      try {
        await replica.query('select 1');
        return;
      } catch {
        // the next one
      }
    }
    throw error;
  }
}
