// `hocba expected set|list` (issue 20): how many records the Sở expects each school to publish for a school year,
// one school at a time or imported from a CSV, through the same core (and CSV reader) as the console and the
// operator API; each school's change is journaled as the command's user (kind `expected_count`).
import { readFileSync } from 'node:fs';
import type { ExpectedCountRow } from '../../api/index.ts';
import { vietnamTimeText } from '../../api/vietnam-time.ts';
import { say, type Lang } from './lang.ts';
import { parseInteger, requireString, UsageError, type Command } from './command.ts';
import { DATA_OPTIONS, DATA_USAGE, printListing, withRegistry } from './operator.ts';

export const expectedSet: Command = {
  name: 'expected set',
  usage: `--year Y (--school C --count N | --csv FILE) [--data DIR]

  --year Y        school year, e.g. 2025-2026
  --school C      8-digit school code (MaTruong), with --count
  --count N       records the Sở expects that school to publish, 0 to 100000
  --csv FILE      many schools at once: one line per school, "school code, expected" (comma, semicolon or tab);
                  a first line of words is a header and skipped; at most 10000 lines. The same file the console's
                  Actions page imports. One wrong line or unknown school code saves nothing (the line is named)
${DATA_USAGE}

The overview of the console then shows each school's completion: records in force against this count.
`,
  options: { ...DATA_OPTIONS, year: { type: 'string' }, school: { type: 'string' }, count: { type: 'string' }, csv: { type: 'string' } },
  async run(values, _positionals, lang) {
    const year = requireString(values, 'year');
    const file = typeof values.csv === 'string' ? values.csv : undefined;
    if ((file === undefined) === (values.school === undefined)) throw new UsageError('give either --school C --count N or --csv FILE');
    if (file === undefined) requireString(values, 'count');
    const { parseExpectedCountsCsv } = await import('../../api/index.ts');
    const counts = file !== undefined
      ? parseExpectedCountsCsv(readFileSync(file, 'utf8'))
      : [{ schoolCode: requireString(values, 'school'), expected: parseInteger(values, 'count', 0, [0, 100_000]) }];
    const saved = await withRegistry(values, (registry, acting) => registry.setExpectedCounts(year, counts, acting));
    process.stdout.write(`${say(lang, `đã lưu số học bạ dự kiến của ${saved} trường cho năm học ${year}`, `expected counts of ${saved} school(s) saved for school year ${year}`)}\n`);
    return 0;
  },
};

export const expectedList: Command = {
  name: 'expected list',
  usage: `--year Y [--school C] [--data DIR] [--json]

  --year Y        school year, e.g. 2025-2026
  --school C      only this school
  --json          print the counts as JSON
${DATA_USAGE}
`,
  options: { ...DATA_OPTIONS, year: { type: 'string' }, school: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, _positionals, lang) {
    const year = requireString(values, 'year');
    const rows = await withRegistry(values, (registry) => registry.listExpectedCounts(year, typeof values.school === 'string' ? values.school : undefined));
    printListing(rows, values.json, say(lang, 'chưa có số học bạ dự kiến nào', 'no expected counts'), (row) => line(row, lang));
    return 0;
  },
};

function line(row: ExpectedCountRow, lang: Lang): string {
  const at = vietnamTimeText(row.updatedAt.toISOString(), lang);
  return `${row.schoolCode}  ${row.schoolYear}  ${row.expected}  ${say(lang, `đặt lúc ${at} bởi ${row.updatedBy}`, `set ${at} by ${row.updatedBy}`)}`;
}
