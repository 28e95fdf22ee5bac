// The `hocba` CLI run as a real child process, with its exit code and output: one runner for every CLI test.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

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
