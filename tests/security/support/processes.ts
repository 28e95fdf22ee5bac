// Real processes for the security tests: a fresh PostgreSQL database by URL (for `hocba` child processes),
// and the `hocba` CLI run as a child with its exit code and output.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createFreshDatabase as createFresh, type FreshDatabase } from '../../helpers/database.ts';

export type { FreshDatabase };

export const HOCBA = resolve(import.meta.dirname, '../../../scripts/hocba.ts');

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
