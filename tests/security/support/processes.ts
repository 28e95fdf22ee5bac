// Real processes for the security tests: a fresh PostgreSQL database by URL (for `hocba` child processes),
// and the `hocba` CLI run as a child with its exit code and output.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import postgres from 'postgres';
import { createFreshDatabase as createFresh, TEST_POSTGRES_URL, type FreshDatabase } from '../../helpers/database.ts';

export type { FreshDatabase };

export const HOCBA = resolve(import.meta.dirname, '../../../scripts/hocba.ts');

/** Is the test PostgreSQL wanted (HOCBA_TEST_DATABASES) and answering? */
export async function postgresAvailable(): Promise<boolean> {
  const only = process.env.HOCBA_TEST_DATABASES?.split(',').map((name) => name.trim()).filter(Boolean);
  if (only && only.length > 0 && !only.includes('postgres')) return false;
  const client = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    await client`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await client.end({ timeout: 1 });
  }
}

/** An empty database on the test server (migrated by whoever opens it first); `drop()` removes it. */
export function createFreshDatabase(prefix = 'hocba_sec'): Promise<FreshDatabase> {
  return createFresh(prefix);
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node scripts/hocba.ts ARGS…` with the given environment additions; resolves when it exits. */
export function runHocba(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [HOCBA, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
