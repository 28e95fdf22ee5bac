// `npm start` (`hocba demo`) as a new user meets it (issue 17): a busy port is refused at once with what to do, and
// no way out — a signal while starting, Ctrl-C once serving, an error — leaves its temporary folder (the test PKI's
// private keys and a database) behind. Each run gets its own TMPDIR, so the folder it made is the one looked for.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const HOOK = join(ROOT, 'tests/helpers/loaded-modules.ts');
const work = mkdtempSync(join(tmpdir(), 'hocba-demo-test-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

interface Demo {
  readonly child: ChildProcess;
  readonly tmp: string;
  readonly modules: string;
  output(): { stdout: string; stderr: string };
  ended: Promise<number | null>;
}

let runs = 0;
function startDemo(args: string[]): Demo {
  const tmp = join(work, `tmp-${runs}`);
  const modules = join(work, `modules-${runs++}.txt`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const child = spawn(process.execPath, ['--import', HOOK, 'scripts/hocba.ts', 'demo', ...args], {
    cwd: ROOT, env: { ...process.env, TMPDIR: tmp, HOCBA_LOADED_MODULES: modules, HOCBA_PUBLIC_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const ended = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { child, tmp, modules, output: () => ({ stdout, stderr }), ended };
}

/** The demo folders a run's TMPDIR holds. */
function demoFolders(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name.startsWith('hocba-demo-'));
}

async function waitFor(check: () => boolean, what: string, demo: Demo): Promise<void> {
  let exited = false;
  void demo.ended.then(() => (exited = true));
  while (!check()) {
    if (exited) throw new Error(`hocba demo ended before ${what}: ${JSON.stringify(demo.output())}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('hocba demo', () => {
  it('refuses a busy port at once: exit 64, "use --port", no folder written, no registry code loaded', async () => {
    const holder: Server = createServer();
    await new Promise<void>((done) => holder.listen(0, '127.0.0.1', done));
    const port = (holder.address() as { port: number }).port;
    try {
      const demo = startDemo(['--port', String(port)]);
      expect(await demo.ended).toBe(64);
      expect(demo.output().stderr).toContain(`hocba demo: port ${port} is in use on 127.0.0.1; use --port`);
      expect(demo.output().stderr).not.toContain('    at ');
      expect(demoFolders(demo.tmp)).toEqual([]);
      // "At once": before the registry, the database or the PDF engine is even loaded (no wall clock in a test).
      const loaded = readFileSync(demo.modules, 'utf8');
      expect(loaded).not.toMatch(/pglite|pdf-lib|demo-run\.ts|api\/registry\/(?!issues\.ts)/);
    } finally {
      await new Promise((done) => holder.close(done));
    }
  });

  it('removes its folder when SIGTERM comes while it is still starting', async () => {
    const demo = startDemo(['--port', '0', '--per-class', '1']);
    // The folder exists and holds the test PKI's private keys: the moment that must not leak.
    await waitFor(() => demoFolders(demo.tmp).some((name) => existsSync(join(demo.tmp, name, 'pki'))), 'writing its PKI', demo);
    demo.child.kill('SIGTERM');
    expect(await demo.ended).toBe(0);
    expect(demo.output().stdout).toContain('stopped (SIGTERM)');
    expect(demoFolders(demo.tmp)).toEqual([]);
  }, 600_000);

  it('removes its folder on Ctrl-C (SIGINT) once serving', async () => {
    const demo = startDemo(['--port', '0', '--per-class', '1']);
    await waitFor(() => demo.output().stdout.includes('Ctrl-C stops'), 'serving', demo);
    expect(demoFolders(demo.tmp)).toHaveLength(1);
    demo.child.kill('SIGINT');
    expect(await demo.ended).toBe(0);
    expect(demo.output().stdout).toContain('stopped (SIGINT), temporary data removed');
    expect(demoFolders(demo.tmp)).toEqual([]);
  }, 600_000);

  it('removes its folder when it fails part-way (a public URL that is not http(s), read after the PKI is written)', async () => {
    const demo = startDemo(['--port', '0', '--per-class', '1', '--public-url', 'ftp://hocba.example']);
    expect(await demo.ended).toBe(1);
    expect(demo.output().stderr).toContain('not an http(s) URL');
    expect(demoFolders(demo.tmp)).toEqual([]);
  }, 600_000);
});
