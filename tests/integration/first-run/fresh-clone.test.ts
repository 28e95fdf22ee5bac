// A new user's first command: `npm install` in a fresh clone, under the machine's own Node (not the pinned one).
// It must print no EBADENGINE warning and leave the clone exactly as checked out (the lockfile already holds every
// platform's optional bindings), and the quiet must be honest: npm run by the pinned Node finds no engine mismatch.
// One real install from the npm cache (about 40 s); a clone of HEAD, so commit what this test should see.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { accessSync, constants, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

/** PATH without node_modules/.bin folders: what a user's shell has before the first install. */
const systemPath = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '' && !dir.includes('node_modules')).join(delimiter);

function which(name: string): string {
  for (const dir of systemPath.split(delimiter)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch { /* next folder */ }
  }
  throw new Error(`no ${name} on PATH outside node_modules (${systemPath})`);
}

/** The environment of a fresh shell: no npm_* variables that `npm test` exports, no vitest options. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|NODE_OPTIONS$|VITEST|TEST$|NODE_ENV$)/i.test(key)) env[key] = value;
  }
  return { ...env, PATH: systemPath };
}

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env: userEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 540_000 });
}

const work = mkdtempSync(join(tmpdir(), 'hocba-clone-'));
const clone = join(work, 'hocba');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a fresh clone', () => {
  it('installs under the machine\'s Node with no EBADENGINE line and leaves git status clean', () => {
    const cloned = run('git', ['clone', '--quiet', ROOT, clone], work);
    expect(cloned.status, cloned.stderr).toBe(0);
    const node = which('node');
    const npm = which('npm');
    const installed = run(npm, ['install', '--no-audit', '--no-fund'], clone);
    const output = installed.stdout + installed.stderr;
    expect(installed.status, output).toBe(0);
    expect(output).not.toContain('EBADENGINE');
    expect(output).not.toMatch(/npm (warn|WARN)/);
    expect(run('git', ['status', '--porcelain'], clone).stdout).toBe('');
    // Which Node ran it, for the record: the point is a Node other than the pinned one when the machine has one.
    expect(run(node, ['--version'], clone).stdout).toMatch(/^v\d+\./);
  }, 600_000);

  it('holds no package whose engines range the pinned Node rejects (npm itself, run by node_modules/.bin/node)', () => {
    const pinned = join(clone, 'node_modules/.bin/node');
    const npmCli = join(dirname(realpathSync(which('npm'))), 'npm-cli.js');
    const version = run(pinned, ['--version'], clone);
    const wanted = (JSON.parse(run(pinned, ['-p', 'JSON.stringify(require("./package.json").devDependencies)'], clone).stdout) as Record<string, string>).node;
    expect(version.stdout.trim()).toBe(`v${wanted}`);
    const again = run(pinned, [npmCli, 'install', '--no-audit', '--no-fund', '--loglevel=warn'], clone);
    const output = again.stdout + again.stderr;
    expect(again.status, output).toBe(0);
    expect(output).not.toContain('EBADENGINE');
    expect(run('git', ['status', '--porcelain'], clone).stdout).toBe('');
  }, 600_000);
});
