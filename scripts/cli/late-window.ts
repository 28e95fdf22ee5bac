// `hocba late-window open|close|list` (SPEC §8): after a school year's lock, let one school push new records of that
// year until a date, with a reason (each such record is in force from its acceptance); journaled as the command's user.
import type { LateWindow } from '../../api/index.ts';
import { requireString, type Command } from './command.ts';
import { DATA_OPTIONS, DATA_USAGE, withRegistry } from './operator.ts';

const WHO = `  --school C      8-digit school code (MaTruong)
  --year Y        school year, e.g. 2024-2025`;

export const lateWindowOpen: Command = {
  name: 'late-window open',
  summary: 'let a school push new records of a locked school year until a date (journaled with its reason)',
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
  async run(values) {
    const input = {
      schoolCode: requireString(values, 'school'), schoolYear: requireString(values, 'year'),
      until: requireString(values, 'until'), reason: requireString(values, 'reason'),
    };
    const opened = await withRegistry(values, (registry, acting) => registry.openLateWindow(input, acting));
    process.stdout.write(values.json ? `${JSON.stringify(opened, null, 2)}\n` : `opened  ${line(opened)}\n`);
    return 0;
  },
};

export const lateWindowClose: Command = {
  name: 'late-window close',
  summary: 'close the open late window of a school and year',
  usage: `--school C --year Y --reason "…" [--data DIR]

${WHO}
  --reason TEXT   why it closes; kept in the journal
${DATA_USAGE}
`,
  options: { ...DATA_OPTIONS, school: { type: 'string' }, year: { type: 'string' }, reason: { type: 'string' } },
  async run(values) {
    const school = requireString(values, 'school');
    const year = requireString(values, 'year');
    const reason = requireString(values, 'reason');
    const closed = await withRegistry(values, (registry, acting) => registry.closeLateWindow(school, year, reason, acting));
    process.stdout.write(`closed  ${line(closed)}\n`);
    return 0;
  },
};

export const lateWindowList: Command = {
  name: 'late-window list',
  summary: 'list late windows, open and past',
  usage: `[--school C] [--year Y] [--data DIR] [--json]

${WHO}
  --json          print the windows as JSON
${DATA_USAGE}
`,
  options: { ...DATA_OPTIONS, school: { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean' } },
  async run(values) {
    const windows = await withRegistry(values, (registry) => registry.listLateWindows({
      ...(typeof values.school === 'string' ? { schoolCode: values.school } : {}),
      ...(typeof values.year === 'string' ? { schoolYear: values.year } : {}),
    }));
    if (values.json) process.stdout.write(`${JSON.stringify(windows, null, 2)}\n`);
    else if (windows.length === 0) process.stdout.write('no late windows\n');
    else for (const window of windows) process.stdout.write(`${line(window)}\n`);
    return 0;
  },
};

export const lateWindowCommands: readonly Command[] = [lateWindowOpen, lateWindowClose, lateWindowList];

function line(window: LateWindow): string {
  const state = window.open ? 'OPEN' : window.closedAt ? `closed ${window.closedAt.toISOString()} by ${window.closedBy}` : 'over';
  return `#${window.id}  ${window.schoolCode}  ${window.schoolYear}  until ${window.until}  ${state}  opened ${window.openedAt.toISOString()} by ${window.openedBy}: ${window.reason}`;
}
