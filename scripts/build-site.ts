#!/usr/bin/env node
// Builds the portal (astro build → dist/) when dist/ is missing or older than its sources: site/, astro.config.mjs,
// and api/ and db/, which the pages import and the build bundles into dist/server.
// `node scripts/build-site.ts [--force]`; `hocba demo`, `npm test` and the e2e suite call ensureSiteBuilt().
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = join(ROOT, 'dist', 'server', 'entry.mjs');
// Outside dist/, which astro build empties.
const LOCK = join(ROOT, 'node_modules', '.cache', 'hocba-portal-build.lock');
const SOURCES = [join(ROOT, 'site'), join(ROOT, 'api'), join(ROOT, 'db'), join(ROOT, 'astro.config.mjs')];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

/** True when dist/ has no server entry, or any source changed after it was written. */
export function isSiteStale(): boolean {
  if (!existsSync(ENTRY)) return true;
  const built = statSync(ENTRY).mtimeMs;
  return SOURCES.some((source) => existsSync(source) && newestChange(source) > built);
}

export function buildSite(): void {
  const astro = join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const result = spawnSync(process.execPath, [astro, 'build', '--silent'], {
    cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`astro build failed (exit ${result.status ?? result.signal})`);
}

/**
 * Builds only when stale. A lock directory keeps parallel callers (test files run in parallel) from building at
 * once: the others wait for it, then find dist/ fresh. Returns true when this call built.
 */
export async function ensureSiteBuilt({ force = false } = {}): Promise<boolean> {
  if (!force && !isSiteStale()) return false;
  mkdirSync(join(LOCK, '..'), { recursive: true });
  for (let waited = 0; ; waited += 250) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than five minutes is a crashed build.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 300_000) rmSync(LOCK, { recursive: true, force: true });
      if (waited > 300_000) throw new Error(`another portal build holds ${LOCK}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (!force && !isSiteStale()) return false;
    buildSite();
    return true;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const force = process.argv.includes('--force');
  const started = Date.now();
  const built = await ensureSiteBuilt({ force });
  console.log(built ? `portal built into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s` : 'portal is up to date (dist/)');
}
