import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERAL_COMPETENCES, primarySubjectsOf, QUALITIES, secondarySubjectsOf, specificCompetencesOf, validateRecord } from '../../../api/record/index.ts';
import { generateSampleXml, type SampleOptions } from '../../../api/samples/index.ts';
import { RECORD_ISSUES } from '../../../api/record/issues.ts';
import { found, parseXmlRecord } from './helpers.ts';

const DOC = readFileSync(new URL('../../../docs/record-format.md', import.meta.url), 'utf8');
const EXAMPLES = [...DOC.matchAll(/<!-- sample (\{.*?\}) -->\n```xml\n([\s\S]*?)```/g)]
  .map((match) => ({ options: JSON.parse(match[1]!) as SampleOptions, xml: match[2]! }));

describe('docs/record-format.md', () => {
  it('has one example per level', () => {
    expect(EXAMPLES.map((example) => example.options.level)).toEqual(['TH', 'THCS', 'THPT']);
  });

  it.each(EXAMPLES.map((example) => [example.options.level, example] as const))(
    'shows exactly what the generator writes for its %s example, which parses with no issue',
    (_level, example) => {
      expect(example.xml).toBe(generateSampleXml(example.options));
      const { record, issues } = parseXmlRecord(example.xml);
      expect(found(issues)).toEqual([]);
      expect(found(validateRecord(record!))).toEqual([]);
    },
  );

  it('lists every subject and criterion of the vocabulary with its exact name', () => {
    const rows = [
      ...[1, 2, 3, 4, 5].flatMap((grade) => primarySubjectsOf(grade)),
      ...secondarySubjectsOf('THCS'), ...secondarySubjectsOf('THPT'),
      ...QUALITIES, ...GENERAL_COMPETENCES, ...specificCompetencesOf(5),
    ];
    for (const { code, name } of rows) expect(DOC, code).toContain(`| \`${code}\` | ${name}`);
  });

  it('names every content issue code of the module', () => {
    const codes = Object.keys(RECORD_ISSUES).filter((code) => !code.startsWith('envelope_'));
    expect(codes.length).toBeGreaterThan(20);
    for (const code of codes) expect(DOC, code).toContain(`\`${code}\``);
  });
});
