// Shared setup of the HTTP suites: a real registry (real engine, real database) with the test PKI's trust
// list and three schools, the API app in-process, a movable clock and the captured log lines.
import pino from 'pino';
import type { Database } from '../../../db/client.ts';
import { createApp } from '../../../api/http/app.ts';
import type { AppOptions } from '../../../api/http/types.ts';
import type { Registry } from '../../../api/registry/index.ts';
import type { LogIdentity } from '../../../api/registry/log-store.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import { createUploadVerifier } from '../../../api/server/verify-upload.ts';
import { enrolFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';

/** The public origin of the apps under test (SPEC §3): every URL they print is built from it. */
export const PUBLIC_URL = 'https://hocba.example.vn';

export interface Api {
  readonly registry: Registry;
  readonly app: ReturnType<typeof createApp>;
  /** Tokens by school key (a, b, c). */
  readonly tokens: Record<'a' | 'b' | 'c', string>;
  /** What the app's clock says; tests move it past the lock date and back. */
  clock: { now: Date };
  /** Every JSON log line the app wrote. */
  readonly logs: string[];
  /** Another app on the same registry, e.g. with small limits or a failing part. */
  appWith(options: Partial<AppOptions>): ReturnType<typeof createApp>;
}

export async function setUpApi(database: Database, fx: Fixtures, options: { log?: LogIdentity } = {}): Promise<Api> {
  const clock = { now: fx.now };
  const { registry } = wireRegistry(database, { clock: () => clock.now, ...(options.log ? { log: options.log } : {}) });
  const enrolled = await enrolFixtures(registry, fx);
  const tokens = { a: enrolled.get(SCHOOLS.a.code)!, b: enrolled.get(SCHOOLS.b.code)!, c: enrolled.get(SCHOOLS.c.code)! };
  const uploads = createUploadVerifier({ registry, workers: 0 });
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const base: AppOptions = {
    registry, verifyUpload: uploads.verifyUpload, clock: () => clock.now, logger, ping: () => database.query('select 1'),
    publicUrl: PUBLIC_URL,
  };
  return { registry, app: createApp(base), tokens, clock, logs, appWith: (options) => createApp({ ...base, ...options }) };
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
}

export function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } };
}

/** Just after the end of the lock day (30/06, Vietnam time) of the fixtures' school year. */
export function afterLockOf(schoolYear: string): Date {
  return new Date(`${schoolYear.slice(5)}-07-01T00:00:01+07:00`);
}

/** The preamble of an HTTP suite on one database under test: the database opened, the registry and app on it. */
export async function openApi(open: () => Promise<Database>, fx: Fixtures, options: { log?: LogIdentity } = {}): Promise<{ database: Database; api: Api }> {
  const database = await open();
  return { database, api: await setUpApi(database, fx, options) };
}
