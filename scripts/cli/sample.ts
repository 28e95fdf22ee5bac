// `hocba sample`: realistic unsigned record XML files for trying the registry (SPEC §4).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateSampleSet, LEVELS, LEVEL_GRADES, type Level } from '../../api/record/index.ts';
import { parseInteger, requireString, UsageError, type Command } from './command.ts';

export const sample: Command = {
  name: 'sample',
  usage: `--level TH|THCS|THPT --grade G --year 2024-2025 --school CODE --out DIR [--count N] [--name "Trường …"] [--seed S]

  --level    TH (grades 1-5, TT 27/2020), THCS (6-9) or THPT (10-12, TT 22/2021)
  --grade    the grade, within the level
  --year     school year, e.g. 2024-2025
  --school   8-digit school code; its first two digits are the province code
  --count    how many records (default 1, at most 10000)
  --name     school name (default: a name for the level)
  --seed     random seed (default 1): the same seed gives the same files
  --out      folder to write <lookup code>.xml files into
`,
  options: {
    level: { type: 'string' }, grade: { type: 'string' }, year: { type: 'string' }, school: { type: 'string' },
    count: { type: 'string' }, out: { type: 'string' }, name: { type: 'string' }, seed: { type: 'string' },
  },
  async run(values) {
    const level = requireString(values, 'level').toUpperCase() as Level;
    if (!(LEVELS as readonly string[]).includes(level)) throw new UsageError(`--level must be one of ${LEVELS.join(', ')}`);
    const [first, last] = [Math.min(...LEVEL_GRADES[level]), Math.max(...LEVEL_GRADES[level])];
    const grade = parseInteger(values, 'grade', NaN, [first, last]);
    if (Number.isNaN(grade)) throw new UsageError('--grade is required');
    const schoolYear = requireString(values, 'year');
    if (!/^(\d{4})-(\d{4})$/.test(schoolYear) || Number(schoolYear.slice(5)) !== Number(schoolYear.slice(0, 4)) + 1) {
      throw new UsageError(`--year must look like 2024-2025 (got "${schoolYear}")`);
    }
    const schoolCode = requireString(values, 'school');
    if (!/^\d{8}$/.test(schoolCode)) throw new UsageError(`--school must be an 8-digit school code (got "${schoolCode}")`);
    const count = parseInteger(values, 'count', 1, [1, 10_000]);
    const seed = parseInteger(values, 'seed', 1, [0, 2 ** 31]);
    const out = resolve(requireString(values, 'out'));
    const schoolName = typeof values.name === 'string' ? values.name : DEFAULT_NAMES[level];
    mkdirSync(out, { recursive: true });
    const files = generateSampleSet({
      level, grade, schoolYear, schoolCode, schoolName, provinceCode: schoolCode.slice(0, 2), seed, count,
    });
    files.forEach((file, i) => {
      writeFileSync(join(out, `${file.lookupCode}.xml`), file.xml);
      if (count >= 100 && (i + 1) % 100 === 0) process.stderr.write(`\r${i + 1}/${count} written`);
    });
    if (count >= 100) process.stderr.write('\n');
    process.stdout.write(`${files.length} ${level} grade ${grade} record(s) written to ${out}\n`);
    return 0;
  },
};

const DEFAULT_NAMES: Record<Level, string> = {
  TH: 'Trường Tiểu học Kim Đồng',
  THCS: 'Trường THCS Giảng Võ',
  THPT: 'Trường THPT Phan Đình Phùng',
};
