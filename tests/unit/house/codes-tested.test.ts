// Every code of the closed catalogue is raised somewhere and asserted somewhere (issue 12 "checks that prove what they
// claim"): a code written into api/ with no test naming it is a refusal nobody has seen happen. A text search, cheap
// and blunt: a code counts as raised when api/ (outside the catalogue files) spells it in quotes, and as tested when
// a test file or the attack manifest names it as a word.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../api/index.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Raised in api/ but unreachable through a real code path today, so no honest test can produce them (defensive
 * guards); each says why. A new entry needs the same proof in review.
 */
const UNREACHED: Readonly<Record<string, string>> = {
  xml_not_public: 'a stored record always has a 12-digit MaDinhDanh (parse.ts requires it); decideXmlRelease is tested for not_public in tests/unit/registry/xml-release-rule.test.ts',
};
/**
 * In the catalogue but raised nowhere: to be removed from the catalogue (and error-handler's status map). The quoted
 * 'forbidden' in api/record/parse-primary.ts is a test-plan rule, not this code, so the text search cannot see it.
 */
const DEAD: readonly string[] = ['forbidden'];

function files(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => keep(relative(ROOT, path)));
}

const apiText = files('api', (path) => path.endsWith('.ts') && !/(^|\/)issues\.ts$/.test(path)).map((path) => readFileSync(path, 'utf8')).join('\n');
const testText = files('tests', (path) => (path.endsWith('.ts') && !path.startsWith('tests/unit/house/')) || path === 'tests/fixtures/attacks/attacks.json')
  .map((path) => readFileSync(path, 'utf8')).join('\n');

const codes = Object.keys(CATALOGUE).sort();
const raised = (code: string) => new RegExp(`['"\`]${code}['"\`]`).test(apiText);
const named = (code: string) => new RegExp(`(^|[^a-z_])${code}($|[^a-z_])`).test(testText);

describe('the code catalogue', () => {
  it('has every code raised somewhere in api/, but the known dead ones', () => {
    // A subset, not an equality: a dead code removed from the catalogue leaves a stale name here, never a failure.
    expect(codes.filter((code) => !raised(code)).filter((code) => !DEAD.includes(code))).toEqual([]);
  });

  it('has every raised code named by a test, but the known unreachable ones', () => {
    expect(codes.filter((code) => raised(code) && !named(code) && !(code in UNREACHED) && !DEAD.includes(code))).toEqual([]);
  });

  it('lists as unreachable only codes that no test names yet (a test that reaches one moves it out)', () => {
    expect(Object.keys(UNREACHED).filter((code) => code in CATALOGUE && named(code))).toEqual([]);
  });
});
