// The `hocba` CLI run as a real child process, with its exit code and output: one runner for every CLI test.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createFreshDatabase } from './database.ts';

export const HOCBA = resolve(import.meta.dirname, '../../scripts/hocba.ts');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `node scripts/hocba.ts ARGS…` with the given environment additions; resolves when it exits. `input` is piped to
 * standard input (else standard input is closed); `cwd` is where relative paths (the default data folder) resolve.
 */
export function runHocba(args: string[], env: Record<string, string> = {}, options: { input?: string; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [HOCBA, ...args], {
      env: { ...process.env, ...env }, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

/** Where a CLI test's commands keep their registry: the flags and environment to run them with, how to open it. */
export interface CliTarget {
  readonly args: string[];
  readonly env: Record<string, string>;
  readonly open: { readonly dataDir: string } | { readonly url: string };
  /** Removes the folder or drops the database. */
  drop(): Promise<void>;
}

/** `describe.each(cliTargets('hocba-x'))`: a PGlite folder of its own, and a fresh PostgreSQL database. */
export function cliTargets(prefix: string): Array<{ name: string; setUp(): Promise<CliTarget> }> {
  return [
    {
      name: 'a PGlite folder',
      async setUp() {
        const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
        const dataDir = join(dir, 'data');
        return { args: ['--data', dataDir], env: { DATABASE_URL: '' }, open: { dataDir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    },
    {
      name: 'PostgreSQL',
      async setUp() {
        const fresh = await createFreshDatabase(prefix.replace(/-/g, '_'));
        return { args: [], env: { DATABASE_URL: fresh.url }, open: { url: fresh.url }, drop: () => fresh.drop() };
      },
    },
  ];
}
