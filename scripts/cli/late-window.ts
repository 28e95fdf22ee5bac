// `hocba late-window open|close|list` (SPEC §8): after a school year's lock, let one school push new records of that
// year until a date, with a reason (each such record is in force from its acceptance); journaled as the command's user.
import type { LateWindow } from '../../api/index.ts';
import { vietnamDateText, vietnamTimeText } from '../../api/vietnam-time.ts';
import { say, type Lang } from './lang.ts';
import { requireString, type Command } from './command.ts';
import { DATA_OPTIONS, DATA_USAGE, printListing, withRegistry } from './operator.ts';

const WHO = `  --school C      8-digit school code (MaTruong)
  --year Y        school year, e.g. 2024-2025`;

export const lateWindowOpen: Command = {
  name: 'late-window open',
  usage: `--school C --year Y --until DATE --reason "…" [--data DIR] [--json]

${WHO}
  --until DATE    last day of the window, YYYY-MM-DD (open to the end of that day, Vietnam time)
  --reason TEXT   why the school may file late; kept in the journal
  --json          print the window as JSON
${DATA_USAGE}

A record accepted in the window is in force from the day it is accepted, never from the lock date before it.
One window per school and year at a time: close it (hocba late-window close) before opening another.
`,
  options: { ...DATA_OPTIONS, school: { type: 'string' }, year: { type: 'string' }, until: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, _positionals, lang) {
    const input = {
      schoolCode: requireString(values, 'school'), schoolYear: requireString(values, 'year'),
      until: requireString(values, 'until'), reason: requireString(values, 'reason'),
    };
    const opened = await withRegistry(values, (registry, acting) => registry.openLateWindow(input, acting));
    process.stdout.write(values.json ? `${JSON.stringify(opened, null, 2)}\n` : `${say(lang, 'đã mở', 'opened')}  ${line(opened, lang)}\n`);
    return 0;
  },
};

export const lateWindowClose: Command = {
  name: 'late-window close',
  usage: `--school C --year Y --reason "…" [--data DIR]

${WHO}
  --reason TEXT   why it closes; kept in the journal
${DATA_USAGE}
`,
  options: { ...DATA_OPTIONS, school: { type: 'string' }, year: { type: 'string' }, reason: { type: 'string' } },
  async run(values, _positionals, lang) {
    const school = requireString(values, 'school');
    const year = requireString(values, 'year');
    const reason = requireString(values, 'reason');
    const closed = await withRegistry(values, (registry, acting) => registry.closeLateWindow(school, year, reason, acting));
    process.stdout.write(`${say(lang, 'đã đóng', 'closed')}  ${line(closed, lang)}\n`);
    return 0;
  },
};

export const lateWindowList: Command = {
  name: 'late-window list',
  usage: `[--school C] [--year Y] [--data DIR] [--json]

${WHO}
  --json          print the windows as JSON
${DATA_USAGE}
`,
  options: { ...DATA_OPTIONS, school: { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, _positionals, lang) {
    const windows = await withRegistry(values, (registry) => registry.listLateWindows({
      ...(typeof values.school === 'string' ? { schoolCode: values.school } : {}),
      ...(typeof values.year === 'string' ? { schoolYear: values.year } : {}),
    }));
    printListing(windows, values.json, say(lang, 'không có cửa sổ nhận muộn nào', 'no late windows'), (window) => line(window, lang));
    return 0;
  },
};


/** One window per line, in one language, times in Vietnam time as the portal writes them. */
function line(window: LateWindow, lang: Lang): string {
  const at = (time: Date) => vietnamTimeText(time.toISOString(), lang);
  const state = window.open
    ? say(lang, 'ĐANG MỞ', 'OPEN')
    : window.closedAt ? say(lang, `đã đóng lúc ${at(window.closedAt)} bởi ${window.closedBy}`, `closed ${at(window.closedAt)} by ${window.closedBy}`)
      : say(lang, 'đã hết hạn', 'over');
  return `#${window.id}  ${window.schoolCode}  ${window.schoolYear}  ${say(lang, 'đến hết', 'until')} ${vietnamDateText(window.until)}  ${state}  `
    + `${say(lang, `mở lúc ${at(window.openedAt)} bởi ${window.openedBy}`, `opened ${at(window.openedAt)} by ${window.openedBy}`)}: ${window.reason}`;
}
