// Rebuilds the committed attack corpus: `node tests/security/corpus/build.ts [--out DIR] [--new-pki] [--only FILE]...`.
// Run it only when the record format changes on purpose; review the diff of attacks.json before committing.
// `--only` builds just the named files (new recipes) and keeps every other committed file's bytes as they are
// (signatures are randomised, so a full rebuild rewrites every signed file).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createTestPki, loadTestPki } from '../../../api/pki/index.ts';
import { APPROVED, loadKit } from './kit.ts';
import { createPkiExtras } from './pki-extras.ts';
import { RECIPES } from './recipes.ts';
import { CORPUS_FORMAT, type AttackItem, type CorpusManifest, type Recipe } from './types.ts';

/** The corpus' clock: every certificate and CRL time is relative to it, and every check is made at it. */
export const CORPUS_NOW = new Date('2026-06-01T00:00:00.000Z');
export const CORPUS_DIR = resolve(import.meta.dirname, '../../fixtures/attacks');

/** The manifest entry of a recipe: everything but the builder. */
export function toItem(recipe: Recipe, built?: string | Buffer): AttackItem {
  const { build: _build, show, expectedCodes, ...rest } = recipe;
  const codes = expectedCodes ?? (rest.expected === null ? [] : [rest.expected]);
  // expectedCodes right after expected, so the manifest reads as it did.
  const item = Object.fromEntries(Object.entries(rest).flatMap(([key, value]) => (key === 'expected' ? [[key, value], ['expectedCodes', codes]] : [[key, value]]))) as unknown as AttackItem;
  return show && built !== undefined ? { ...item, shows: show(built) } : item;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'new-pki': { type: 'boolean' }, only: { type: 'string', multiple: true } } });
  const out = resolve(values.out ?? CORPUS_DIR);
  const pkiDir = join(out, 'pki');
  if (values['new-pki'] || !existsSync(join(pkiDir, 'pki.json'))) {
    await createTestPki({ outDir: pkiDir, now: CORPUS_NOW });
    await createPkiExtras(loadTestPki(pkiDir));
  }
  const kit = loadKit(loadTestPki(pkiDir));
  const only = values.only ? new Set(values.only) : null;
  const items: AttackItem[] = [];
  for (const recipe of RECIPES) {
    if (recipe.generated) {
      items.push(toItem(recipe));
      continue;
    }
    const path = join(out, recipe.file);
    if (only && !only.has(recipe.file)) {
      items.push(toItem(recipe, readFileSync(path)));
      continue;
    }
    const built = await recipe.build(kit);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, built);
    items.push(toItem(recipe, built));
    process.stdout.write(`${recipe.file}\n`);
  }
  const manifest: CorpusManifest = {
    format: CORPUS_FORMAT,
    description: 'One file per attack technique, the code of the defence it proves (expected) and the exact codes hocba answers with (expectedCodes, in report order; docs/SECURITY.md). '
      + 'Signed files use the test PKI in pki/ (test keys only, never trusted anywhere) and must be checked at `now`.',
    now: kit.now.toISOString(),
    pki: 'pki',
    approvals: APPROVED,
    items,
  };
  writeFileSync(join(out, 'attacks.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(out, '.gitignore'), 'generated/\n');
  process.stdout.write(`${items.length} items (${items.filter((item) => item.generated).length} generated at test time) in ${out}\n`);
}

if (import.meta.main) await main();
