// The real `hocba serve` as a child process, for end-to-end tests: its URL once it listens, or how it ended.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HOCBA = fileURLToPath(new URL('../../scripts/hocba.ts', import.meta.url));

export type ServeOutcome =
  | { readonly child: ChildProcess; readonly url: string }
  | { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly output: string };

/** `hocba serve ARGS…` with `env` added to this process's environment. */
export function spawnServe(args: readonly string[], env: Record<string, string> = {}): Promise<ServeOutcome> {
  const child = spawn(process.execPath, [HOCBA, 'serve', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((done) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const found = /listening on (http:\/\/\S+)/.exec(output);
      if (found) done({ child, url: found[1]! });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('exit', (code, signal) => done({ code, signal, output }));
  });
}

/** Like spawnServe, for a server that must start: a server that ends first fails the test with its output. */
export async function startServe(args: readonly string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const outcome = await spawnServe(args, env);
  if ('url' in outcome) return outcome;
  throw new Error(`hocba serve exited (${outcome.code ?? outcome.signal}) before listening: ${outcome.output}`);
}
