// A real server for the e2e suite: registry on in-memory PGlite, the test PKI trusted, three schools, records of
// every status pushed through registry.submitPackages, the built portal mounted through startServer's `portal` hook.
import { generateNoteKey, logIdentityOf, sealFromPem } from '../../../api/index.ts';
import { wireRegistry, type WiredRegistry } from '../../../api/registry/open.ts';
import { openDatabase, type Database } from '../../../db/client.ts';
import { createServerAnswers } from '../../../api/server/answers.ts';
import { createForwardRuns, startServer, type RunningServer } from '../../../api/server/index.ts';
import { createPortal, type Portal } from '../../../api/server/portal.ts';
import type { TrustedProxies } from '../../../api/http/client-address.ts';
import { CORRECTED_TEACHER, RECALL_REASON, seedEveryStatus, type EveryStatus } from '../../helpers/every-status.ts';
import { makeFixtures, type Fixtures } from '../../helpers/signed-records.ts';

/** The record of each status the seed pushed (tests/helpers/every-status.ts). */
export type SeededCodes = EveryStatus['codes'];

export interface PortalUnderTest {
  readonly url: string;
  readonly fixtures: Fixtures;
  /** The server's wiring (wireRegistry, as openRegistry does it) over the database below. */
  readonly opened: WiredRegistry;
  /** The database itself, for the tests that read what was journaled. */
  readonly database: Database;
  readonly codes: SeededCodes;
  /** The exact signed XML pushed under each code. */
  readonly xml: Map<string, string>;
  readonly recallReason: string;
  /** With `log: true`: the log's verifier key, and a sequencer turn run to the end (how many entries it integrated). */
  readonly logKey: string | null;
  integrateLog(): Promise<number>;
  /**
   * Holds the registry's next batch reads (getRecords) after `passing` more have gone through, until `release()`:
   * lets a test see what a streamed page sent before the rest of its work was done, without timing anything.
   */
  holdReads(passing: number): { readonly held: Promise<void>; release(): void };
  /** With `forwardTo`: resolves when the forwarding run in progress (if any) has ended — its work, not a wait. */
  forwardRunEnded(): Promise<void>;
  close(): Promise<void>;
}

/** The origin the e2e log signs under (any `<host>/log` name: the proofs are checked against its key). */
export const E2E_LOG_ORIGIN = 'hocba.e2e.example.vn/log';

export { CORRECTED_TEACHER, RECALL_REASON };

export interface PortalOptionsUnderTest {
  requestsPerMinute?: number;
  log?: boolean;
  /** The portal's clock (the console's sessions expire by it); default the real time. */
  clock?: () => Date;
  /** Reverse proxies whose X-Forwarded-Proto is believed (the console's Secure cookie). */
  trustedProxies?: TrustedProxies;
  /** The console's sign-in budget per minute and address (default the operator API's). */
  loginRequestsPerMinute?: number;
  /** As `serve --forward-to URL --forward-token-file F`: a national instance this registry forwards to. */
  forwardTo?: { url: string; token: string };
}

export async function startPortalUnderTest(options: PortalOptionsUnderTest = {}): Promise<PortalUnderTest> {
  const fixtures = await makeFixtures();
  // As `hocba serve --log-key`: the registry signs the log; the tests run the sequencer's turns themselves
  // (integrateLog), so "being added" and "in the log" are both seen, by count of work rather than by waiting.
  const key = options.log ? generateNoteKey(E2E_LOG_ORIGIN) : null;
  const database = await openDatabase();
  const opened = wireRegistry(database, key ? { log: logIdentityOf(key.signerKey) } : {});
  const { codes, xml } = await seedEveryStatus(opened.registry, fixtures);
  // The server's registry, with batch reads that a test can hold (holdReads); every answer is still the real one.
  let hold: { passing: number; reached(): void; gate: Promise<void> } | null = null;
  const registry: typeof opened.registry = Object.create(opened.registry, {
    getRecords: {
      value: async (...args: Parameters<typeof opened.registry.getRecords>) => {
        if (hold && hold.passing-- <= 0) {
          const { gate, reached } = hold;
          hold = null;
          reached();
          await gate;
        }
        return opened.registry.getRecords(...args);
      },
    },
  });

  // One answers layer for the API and the portal, as `hocba serve` wires it; the public origin is the loopback
  // address the server binds to (tests and development only, SPEC §3).
  // Sealed as `hocba serve --seal-key/--seal-cert/--seal-chain` with the test PKI's registry seal (issue 15).
  const sealEntity = fixtures.pki.entities['registry-seal']!;
  const seal = { key: sealFromPem({ keyPem: sealEntity.keyPem, certPem: sealEntity.certPem, chainPem: sealEntity.chainPem }) };
  const answers = createServerAnswers({ registry, seal });
  // One try per request: a national side that is away is named at once rather than after backoffs.
  const forwardRuns = options.forwardTo ? createForwardRuns({ registry, to: options.forwardTo.url, token: options.forwardTo.token, tries: 1 }) : null;
  const portal: Portal = await createPortal({
    registry, answers, ...(options.requestsPerMinute ? { requestsPerMinute: options.requestsPerMinute } : {}),
    ...(options.clock ? { clock: options.clock } : {}), ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
    ...(options.loginRequestsPerMinute === undefined ? {} : { loginRequestsPerMinute: options.loginRequestsPerMinute }),
    ...(forwardRuns ? { forwardRuns } : {}),
  });
  const server: RunningServer = await startServer({ registry, port: 0, answers, portal: portal.handler, ...(forwardRuns ? { forwardRuns } : {}) });
  return {
    url: server.url,
    fixtures,
    opened,
    database,
    xml,
    recallReason: RECALL_REASON,
    codes,
    logKey: opened.registry.log.verifierKey,
    async integrateLog() {
      let added = 0;
      // Bounded: a turn integrates a batch, so a few turns drain what the seed wrote.
      for (let turns = 0; turns < 100; turns += 1) {
        const turn = await registry.log.integrate();
        if (!turn) break;
        added += turn.added;
      }
      return added;
    },
    holdReads(passing: number) {
      let release!: () => void;
      let reached!: () => void;
      const gate = new Promise<void>((resolve) => { release = resolve; });
      const held = new Promise<void>((resolve) => { reached = resolve; });
      hold = { passing, reached, gate };
      return { held, release };
    },
    // stop() clears no schedule here (none is set) and awaits the run in progress; a later start() still works.
    forwardRunEnded: async () => { await forwardRuns?.stop(); },
    async close() {
      await forwardRuns?.stop();
      await server.close();
      await portal.close();
      await opened.close();
      await database.close();
    },
  };
}
