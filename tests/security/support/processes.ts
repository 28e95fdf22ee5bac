// Real processes for the security tests: a fresh PostgreSQL database by URL (for `hocba` child processes),
// and the `hocba` CLI run as a child with its exit code and output.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import postgres from 'postgres';
import { TEST_POSTGRES_URL } from '../../helpers/database.ts';

export const HOCBA = resolve(import.meta.dirname, '../../../scripts/hocba.ts');

export interface FreshDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

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
export async function createFreshDatabase(prefix = 'hocba_sec'): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
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
