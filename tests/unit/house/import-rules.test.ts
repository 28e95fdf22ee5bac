// The import rules of STYLE.md "The house" really fail the build when an arrow points the wrong way.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const depcruise = resolve('node_modules/.bin/depcruise');

function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'hocba-house-'));
  copyFileSync('.dependency-cruiser.cjs', join(root, '.dependency-cruiser.cjs'));
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true, noEmit: true } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const folders = [...new Set(Object.keys(files).map((path) => path.split('/')[0]!))];
  const result = spawnSync(depcruise, [...folders, '--config', '.dependency-cruiser.cjs'], { cwd: root, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('import rules', () => {
  it('accept the arrows of the house', () => {
    const result = cruise({
      'api/xml/index.ts': 'export const x = 1;\n',
      'api/record/index.ts': "import { x } from '../xml/index.ts';\nexport const r = x;\n",
      'api/verify/engine.ts': "import { r } from '../record/index.ts';\nexport const v = r;\n",
      'api/index.ts': "export { v } from './verify/engine.ts';\n",
      'scripts/cli.ts': "import { v } from '../api/index.ts';\nconsole.log(v);\n",
    });
    expect(result.output).toContain('no dependency violations');
    expect(result.status).toBe(0);
  });

  it.each([
    ['signature-is-only-integrity', { 'api/trust/index.ts': 'export const t = 1;\n', 'api/signature/verify.ts': "import { t } from '../trust/index.ts';\nexport const s = t;\n" }],
    ['xml-and-codec-are-leaves', { 'api/record/index.ts': 'export const r = 1;\n', 'api/xml/index.ts': "import { r } from '../record/index.ts';\nexport const x = r;\n" }],
    ['only-registry-writes', { 'db/index.ts': 'export const d = 1;\n', 'api/verify/engine.ts': "import { d } from '../../db/index.ts';\nexport const v = d;\n" }],
    ['samples-outside-the-engine', { 'api/samples/index.ts': 'export const s = 1;\n', 'api/index.ts': "export { s } from './samples/index.ts';\n" }],
    ['pki-outside-the-engine', { 'api/pki/index.ts': 'export const k = 1;\n', 'api/index.ts': "export { k } from './pki/index.ts';\n" }],
    ['outside-reaches-domain-through-index', { 'api/record/parse.ts': 'export const p = 1;\n', 'site/page.ts': "import { p } from '../api/record/parse.ts';\nexport const q = p;\n" }],
    ['no-circular', { 'api/record/a.ts': "import { b } from './b.ts';\nexport const a = b;\n", 'api/record/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n" }],
    // A cycle closed by a type-only import counts too (issue 12): a shared type belongs in a third module.
    ['no-circular', { 'api/record/a.ts': "import type { B } from './b.ts';\nexport interface A { b: B }\n", 'api/record/b.ts': "import type { A } from './a.ts';\nexport interface B { a: A }\n" }],
  ])('fail the build on %s', (rule, files) => {
    const result = cruise(files);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(rule);
  });
});

describe('domain folders', () => {
  it('read no process.env: configuration, time and trust come in as arguments', () => {
    const result = spawnSync('grep', ['-rln', 'process\\.env', 'api/codec', 'api/xml', 'api/record', 'api/signature', 'api/trust', 'api/policy', 'api/verify', 'api/lifecycle', 'api/registry', 'api/render', 'api/pki'], { encoding: 'utf8' });
    expect(result.stdout.trim()).toBe('');
  });
});
