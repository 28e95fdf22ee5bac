// A real server for the e2e suite: registry on in-memory PGlite, the test PKI trusted, three schools, records of
// every status pushed through registry.submitPackages, the built portal mounted through startServer's `portal` hook.
import { openRegistry, type OpenedRegistry } from '../../../api/index.ts';
import { createServerAnswers } from '../../../api/server/answers.ts';
import { startServer, type RunningServer } from '../../../api/server/index.ts';
import { createPortal, type Portal } from '../../../api/server/portal.ts';
import { CORRECTED_TEACHER, RECALL_REASON, seedEveryStatus, type EveryStatus } from '../../helpers/every-status.ts';
import { makeFixtures, type Fixtures } from '../../helpers/signed-records.ts';

/** The record of each status the seed pushed (tests/helpers/every-status.ts). */
export type SeededCodes = EveryStatus['codes'];

export interface PortalUnderTest {
  readonly url: string;
  readonly fixtures: Fixtures;
  readonly opened: OpenedRegistry;
  readonly codes: SeededCodes;
  /** The exact signed XML pushed under each code. */
  readonly xml: Map<string, string>;
  readonly recallReason: string;
  close(): Promise<void>;
}

export { CORRECTED_TEACHER, RECALL_REASON };

export async function startPortalUnderTest(options: { requestsPerMinute?: number } = {}): Promise<PortalUnderTest> {
  const fixtures = await makeFixtures();
  const opened = await openRegistry();
  const { registry } = opened;
  const { codes, xml } = await seedEveryStatus(registry, fixtures);

  // One answers layer for the API and the portal, as `hocba serve` wires it; the public origin is the loopback
  // address the server binds to (tests and development only, SPEC §3).
  const answers = createServerAnswers({ registry });
  const portal: Portal = await createPortal({ registry, answers, ...(options.requestsPerMinute ? { requestsPerMinute: options.requestsPerMinute } : {}) });
  const server: RunningServer = await startServer({ registry, port: 0, answers, portal: portal.handler });
  return {
    url: server.url,
    fixtures,
    opened,
    xml,
    recallReason: RECALL_REASON,
    codes,
    async close() {
      await server.close();
      await portal.close();
      await opened.close();
    },
  };
}
