// Shared helpers for the record tests: samples, parsing a document's DuLieu, and editing sample XML.
import { expect } from 'vitest';
import { parseXml } from '../../../api/xml/index.ts';
import { levelOfGrade, parseRecord, readEnvelope, type HocBaRecord, type Level } from '../../../api/record/index.ts';
import { generateSampleRecord, generateSampleXml, type SampleOptions } from '../../../api/samples/index.ts';
import type { Issue } from '../../../api/errors.ts';

export const SCHOOL = { schoolYear: '2024-2025', schoolCode: '01001001', schoolName: 'Trường Hoà Bình', provinceCode: '01' } as const;

export function optionsFor(grade: number, seed = 1, extra: Partial<SampleOptions> = {}): SampleOptions {
  return { ...SCHOOL, level: levelOfGrade(grade) as Level, grade, seed, ...extra };
}

export function sampleXml(grade: number, seed = 1, extra: Partial<SampleOptions> = {}): string {
  return generateSampleXml(optionsFor(grade, seed, extra));
}

export function sampleRecord(grade: number, seed = 1): HocBaRecord {
  return generateSampleRecord(optionsFor(grade, seed));
}

/** The DuLieu element of a document, found by the envelope reader as the engine does. */
export function contentOf(xml: string): Element {
  const { envelope, issues } = readEnvelope(parseXml(xml).document);
  if (!envelope) throw new Error(`envelope: ${issues.map((found) => found.code).join(', ')}`);
  return envelope.content;
}

export function parseXmlRecord(xml: string): { record: HocBaRecord | null; issues: Issue[] } {
  return parseRecord(contentOf(xml));
}

/** `code@path` of each issue, the form the assertions compare. */
export function found(issues: readonly Issue[]): string[] {
  return issues.map((item) => `${item.code}@${item.path ?? ''}`);
}

/** Replaces the `nth` (1-based) match of `pattern`, failing loudly when the sample has no such text. */
export function edit(xml: string, pattern: RegExp, replacement: string, nth = 1): string {
  let seen = 0;
  const flags = pattern.flags.replace('g', '');
  const global = new RegExp(pattern.source, `${flags}g`);
  // Re-applying the pattern to the one match expands $1… in the replacement.
  const result = xml.replace(global, (match) => (++seen === nth ? match.replace(new RegExp(pattern.source, flags), replacement) : match));
  expect(seen, `pattern ${pattern} must occur at least ${nth} times`).toBeGreaterThanOrEqual(nth);
  return result;
}

/** The `nth` MonHoc element's XML (1-based) and its subject code. */
export function subjectBlock(xml: string, nth: number): { block: string; code: string } {
  const blocks = xml.match(/ *<MonHoc>[\s\S]*?<\/MonHoc>\n/g) ?? [];
  const block = blocks[nth - 1];
  expect(block, `sample has a MonHoc number ${nth}`).toBeDefined();
  return { block: block!, code: /<MaMon>([^<]+)<\/MaMon>/.exec(block!)![1]! };
}

/** The parsed issues of `xml`, asserting that the record was refused. */
export function errorsOf(xml: string): string[] {
  const { record, issues } = parseXmlRecord(xml);
  expect(record).toBeNull();
  return found(issues);
}
