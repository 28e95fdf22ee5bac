// `npm test`: typecheck, import rules, then every vitest suite; ends with the plain "N passed, N failed" line CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const passThrough = process.argv.slice(2);
const resultFile = 'test-results/vitest.json';
mkdirSync('test-results', { recursive: true });

function run(label: string, command: string, args: string[]): boolean {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status === 0;
}

const typed = run('typecheck (tsc --noEmit)', 'tsc', ['--noEmit', '-p', '.']);
// tsc leaves out site/ (.astro files need Astro's checker): astro check type-checks the portal, pages included.
const portalTyped = run('portal typecheck (astro check)', 'astro', ['check', '--tsconfig', 'site/tsconfig.json']);
const folders = ['api', 'db', 'scripts', 'site'].filter((folder) => existsSync(folder));
const layered = run('import rules (dependency-cruiser)', 'depcruise', [...folders, '--config', '.dependency-cruiser.cjs']);
// The e2e suite drives the built portal: build it first when site/ changed (scripts/build-site.ts).
const siteBuilt = run('portal build (astro, when site/ changed)', process.execPath, ['scripts/build-site.ts']);
const tested = run('tests (vitest)', 'vitest', [
  'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultFile}`, ...passThrough,
]);

let passed = 0;
let failed = 0;
try {
  const summary = JSON.parse(readFileSync(resultFile, 'utf8')) as { numPassedTests: number; numFailedTests: number };
  passed = summary.numPassedTests;
  failed = summary.numFailedTests;
} catch {
  failed += 1;
}
if (!typed) failed += 1;
if (!portalTyped) failed += 1;
if (!layered) failed += 1;
if (!siteBuilt) failed += 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(typed && portalTyped && layered && tested && failed === 0 ? 0 : 1);
