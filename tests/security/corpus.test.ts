// The attack corpus: every file gets its exact list of codes from the engine (no lost and no extra finding); the ingest
// subset keeps that list through registry.submitPackages (PGlite and PostgreSQL); the HTTP items get their status and
// exact codes from the API.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../api/index.ts';
import type { Database } from '../../db/client.ts';
import { databasesUnderTest } from '../helpers/database.ts';
import { toItem } from './corpus/build.ts';
import { SCHOOL } from './corpus/kit.ts';
import { RECIPES } from './corpus/recipes.ts';
import type { AttackItem } from './corpus/types.ts';
import { bytesOf, codesOf, CORPUS_DIR, fieldOf, loadCorpus, packageOf, verifyItem } from './support/corpus.ts';
import { openCorpusRegistry, pushRequest, type CorpusRegistry } from './support/registry.ts';

const corpus = loadCorpus();
const items = corpus.manifest.items;
const byFile = (list: readonly AttackItem[]) => list.map((item) => [item.file, item] as const);
const outcome = (item: AttackItem, code = item.expected) => (code === null ? 'is accepted as signed' : `is refused with ${code}`);

function committedFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(CORPUS_DIR, join(entry.parentPath, entry.name)))
    .filter((file) => !/^(pki|generated)\//.test(file) && file !== 'attacks.json' && file !== '.gitignore')
    .sort();
}

describe('attack corpus (tests/fixtures/attacks)', () => {
  describe('the manifest', () => {
    it('lists every committed file once, and each file it lists exists', () => {
      const listed = items.filter((item) => !item.generated).map((item) => item.file).sort();
      expect(new Set(items.map((item) => item.file)).size).toBe(items.length);
      expect(committedFiles(CORPUS_DIR)).toEqual(listed);
    });

    it('names a technique and only codes of the catalogue', () => {
      for (const item of items) {
        expect(item.technique.length, item.file).toBeGreaterThan(20);
        for (const code of [item.expected, item.ingestExpected, ...item.expectedCodes].filter((code) => code != null)) expect(Object.keys(CATALOGUE), item.file).toContain(code);
        expect(item.expected === null, item.file).toBe(item.verdict === 'valid');
        // The technique's own defence is among the codes; an accepted input has none.
        if (item.expected === null) expect(item.expectedCodes, item.file).toEqual([]);
        else expect(item.expectedCodes, item.file).toContain(item.expected);
      }
    });

    it('says what its recipes say (build.ts would write the same entries)', () => {
      const withoutShows = ({ shows: _shows, ...item }: AttackItem) => item;
      expect(items.map(withoutShows)).toEqual(RECIPES.map((recipe) => withoutShows(toItem(recipe))));
    });

    it('proves each defence on its own: every expected code is the only code of some item', () => {
      // Attacks that trip two defences at once (a moved DuLieu keeps its Id: envelope_duplicate_id and
      // envelope_content_duplicate) cannot tell which defence did the work; some item must show each one alone.
      // A malformed signature is never a seal, so school_seal_missing always comes with it on a record
      // (tests/unit/signature/traps.test.ts shows signature_malformed alone on the signature).
      const together = new Set(['signature_malformed']);
      const alone = new Set(items.filter((item) => new Set(item.expectedCodes).size === 1).map((item) => item.expectedCodes[0]));
      expect(items.filter((item) => item.expected !== null && !alone.has(item.expected) && !together.has(item.expected)).map((item) => item.file)).toEqual([]);
    });

    it('never claims a distinction the answers do not make: items answered with the same codes name the same defence', () => {
      // Four wrapping attacks (DuLieu moved into ds:Object, a copy there, a forgery before or after the signed one)
      // each leave a second DuLieu with the signed Id: the engine rightly answers both defects, in the same order,
      // so `expected` cannot honestly differ between them (it once did: content_duplicate for two, duplicate_id for two).
      const defenceOf = new Map<string, Set<string | null>>();
      for (const item of items) {
        const key = JSON.stringify(item.expectedCodes);
        defenceOf.set(key, (defenceOf.get(key) ?? new Set()).add(item.expected));
      }
      expect([...defenceOf].filter(([, defences]) => defences.size > 1).map(([codes]) => codes)).toEqual([]);
    });

    it('is checked at its own fixed time, which the committed PKI agrees with', () => {
      expect(corpus.now.toISOString()).toBe(corpus.manifest.now);
      expect(corpus.kit.pki.now).toBe(corpus.manifest.now);
    });
  });

  describe('through the engine (verifyInput at the manifest time)', () => {
    describe.each(byFile(items.filter((item) => !item.http)))('%s', (_file, item) => {
      it(outcome(item), async () => {
        const report = await verifyItem(corpus, await bytesOf(corpus, item));
        expect(report.verdict).toBe(item.verdict);
        expect(codesOf(report)).toEqual(item.expectedCodes);
        for (const [path, value] of Object.entries(item.shows ?? {})) expect(fieldOf(report.record, path)).toBe(value);
      });
    });
  });

  describe.each(databasesUnderTest())('through the registry and the API on $name', ({ open }) => {
    let database: Database;
    let opened: CorpusRegistry;
    beforeAll(async () => {
      database = await open();
      opened = await openCorpusRegistry(database, corpus.kit, corpus.manifest.approvals);
    });
    afterAll(async () => {
      await opened?.close();
      await database?.close();
    });

    describe.each(byFile(items.filter((item) => item.ingest)))('registry.submitPackages(%s)', (_file, item) => {
      const expected = item.ingestExpected ?? item.expected;
      it(outcome(item, expected), async () => {
        const school = SCHOOL[item.pushAs ?? 'a'].code;
        const [result] = await opened.registry.submitPackages(school, [packageOf(item, await bytesOf(corpus, item))], corpus.now);
        if (expected === null) {
          expect(result).toMatchObject({ status: 'accepted', receipt: { schoolCode: school } });
          return;
        }
        expect(result!.status).toBe('rejected');
        const codes = result!.status === 'rejected' ? result!.errors.map((error) => error.code) : [];
        expect(codes).toEqual(item.ingestExpected ? [item.ingestExpected] : item.expectedCodes);
      });
    });

    describe.each(byFile(items.filter((item) => item.http)))('POST %s', (_file, item) => {
      it(`answers ${item.http!.status} with ${item.expectedCodes.join(', ')}`, async () => {
        const body = (await bytesOf(corpus, item)).toString('utf8');
        const response = await opened.app.request(item.http!.path, pushRequest(opened.tokens.a, body, item.http!.contentType));
        expect(response.status).toBe(item.http!.status);
        const answer = await response.json() as { code?: string; results?: Array<{ errors?: Array<{ code: string }> }> };
        // A batch answers per package, in order: each package here is refused with exactly one code.
        if (answer.results) expect(answer.results.map((result) => (result.errors ?? []).map((error) => error.code))).toEqual(item.expectedCodes.map((code) => [code]));
        else expect([answer.code]).toEqual(item.expectedCodes);
      });
    });
  });
});
