// Real processes for the security tests: a fresh PostgreSQL database by URL (for `hocba` child processes),
// and the `hocba` CLI run as a child with its exit code and output (tests/helpers/hocba.ts).
import { createFreshDatabase as createFresh, type FreshDatabase } from '../../helpers/database.ts';

export type { FreshDatabase };
export { HOCBA, runHocba, type CliResult } from '../../helpers/hocba.ts';

/** An empty database on the test server (migrated by whoever opens it first); `drop()` removes it. */
export function createFreshDatabase(prefix = 'hocba_sec'): Promise<FreshDatabase> {
  return createFresh(prefix);
}
