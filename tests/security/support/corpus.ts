// Reads the committed attack corpus: the manifest, its test PKI and trust list at the manifest's `now`,
// each item's bytes (generated ones built on demand into generated/), and the engine's answer.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { encodePackage, verifyInput, type Issue, type Report } from '../../../api/index.ts';
import { loadTestPki } from '../../../api/pki/index.ts';
import { loadKit, type Kit } from '../corpus/kit.ts';
import { recipeFor } from '../corpus/recipes.ts';
import { CORPUS_FORMAT, type AttackItem, type CorpusManifest } from '../corpus/types.ts';

export const CORPUS_DIR = resolve(import.meta.dirname, '../../fixtures/attacks');

export interface Corpus {
  readonly manifest: CorpusManifest;
  readonly kit: Kit;
  readonly now: Date;
}

export function loadCorpus(dir = CORPUS_DIR): Corpus {
  const manifest = JSON.parse(readFileSync(join(dir, 'attacks.json'), 'utf8')) as CorpusManifest;
  if (manifest.format !== CORPUS_FORMAT) throw new Error(`unknown corpus format ${manifest.format}`);
  const kit = loadKit(loadTestPki(join(dir, manifest.pki)));
  if (kit.now.toISOString() !== manifest.now) throw new Error(`the PKI's now ${kit.now.toISOString()} is not the manifest's ${manifest.now}`);
  return { manifest, kit, now: new Date(manifest.now) };
}

/** The item's bytes: the committed file, or for a generated item its recipe's output (cached in generated/). */
export async function bytesOf(corpus: Corpus, item: AttackItem, dir = CORPUS_DIR): Promise<Buffer> {
  const path = join(dir, item.file);
  if (!item.generated) return readFileSync(path);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, await recipeFor(item.file).build(corpus.kit));
  }
  return readFileSync(path);
}

/** What a school pushes: a .b64 file as it is, anything else packed (gzip + base64) first. */
export function packageOf(item: AttackItem, bytes: Buffer): string {
  return item.file.endsWith('.b64') ? bytes.toString('latin1') : encodePackage(bytes);
}

export async function verifyItem(corpus: Corpus, bytes: Buffer): Promise<Report> {
  return (await verifyInput(bytes, { trust: corpus.kit.trust, now: corpus.now })).report;
}

/** Every reason in a report: document-level issues and each signature's, in order. */
export function issuesOf(report: Report): Issue[] {
  return [...report.issues, ...report.signatures.flatMap((signature) => signature.issues)];
}

export function codesOf(report: Report): string[] {
  return issuesOf(report).map((found) => found.code);
}

/** A dotted path into the report's record (`studentName`, `school.code`). */
export function fieldOf(record: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | null)?.[key], record);
}
