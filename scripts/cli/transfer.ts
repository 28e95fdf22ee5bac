// `hocba transfer add|list` and `hocba transfer recall|replace` (DOMAIN.md "The registry"): the Sở records that a
// student's records pass from one school to another, lists transfers, and corrects a record whose student moved away
// (its school no longer may); journaled as the command's user.
import { readFile } from 'node:fs/promises';
import type { Transfer } from '../../api/index.ts';
import { vietnamDateText, vietnamTimeText } from '../../api/vietnam-time.ts';
import { say, type Lang } from './lang.ts';
import { requireString, UsageError, type Command } from './command.ts';
import { DATA_OPTIONS, DATA_USAGE, printListing, withRegistry } from './operator.ts';

export const transferAdd: Command = {
  name: 'transfer add',
  usage: `--student CODE --from C --to C --date DATE --reason "…" [--data DIR] [--json]

  --student CODE  the student's 10-digit code (MaHocSinh)
  --from C        8-digit code of the school the student leaves (it must manage the student now)
  --to C          8-digit code of the school the student moves to
  --date DATE     the day the student moved, YYYY-MM-DD (not in the future, not before the previous transfer)
  --reason TEXT   why; kept in the journal (the public log holds only its SHA-256)
  --json          print the transfer as JSON
${DATA_USAGE}

From then on only the receiving school may push the student's new records; the sending school's records stay
exactly as signed, and only an operator may still recall or replace them (hocba transfer recall|replace).
Their lookups say that the student has since moved, never where to. A transfer back is another transfer.
`,
  options: {
    ...DATA_OPTIONS, student: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, date: { type: 'string' },
    reason: { type: 'string' }, json: { type: 'boolean' },
  },
  async run(values, _positionals, lang) {
    const input = {
      studentCode: requireString(values, 'student'), fromSchool: requireString(values, 'from'), toSchool: requireString(values, 'to'),
      effectiveDate: requireString(values, 'date'), reason: requireString(values, 'reason'),
    };
    const recorded = await withRegistry(values, (registry, acting) => registry.recordTransfer(input, acting));
    if (values.json) process.stdout.write(`${JSON.stringify(recorded, null, 2)}\n`);
    else {
      const count = recorded.records?.length ?? 0;
      process.stdout.write(`${say(lang, 'đã chuyển', 'transferred')}  ${line(recorded, lang)}\n`
        + `${say(lang, `${count} học bạ đã có của học sinh giữ nguyên như đã ký`, `${count} existing record(s) of the student stay as signed`)}\n`);
    }
    return 0;
  },
};

export const transferList: Command = {
  name: 'transfer list',
  usage: `[--student CODE] [--school C] [--data DIR] [--json]

  --student CODE  only this student's transfers (MaHocSinh)
  --school C      only transfers from or to this school
  --json          print the transfers as JSON
${DATA_USAGE}

Oldest first; the latest transfer of a student names the school that manages them now.
`,
  options: { ...DATA_OPTIONS, student: { type: 'string' }, school: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, _positionals, lang) {
    const transfers = await withRegistry(values, (registry) => registry.listTransfers({
      ...(typeof values.student === 'string' ? { studentCode: values.student } : {}),
      ...(typeof values.school === 'string' ? { schoolCode: values.school } : {}),
    }));
    printListing(transfers, values.json, say(lang, 'không có lần chuyển trường nào', 'no transfers'), (transfer) => line(transfer, lang));
    return 0;
  },
};

export const transferRecall: Command = {
  name: 'transfer recall',
  usage: `CODE --reason "…" [--data DIR]

  CODE            the lookup code of a record whose student moved away from its school
  --reason TEXT   why it is recalled; shown on its lookups and kept in the journal
${DATA_USAGE}

Only before the record's lock date, like a school's own recall; a record whose school still manages the
student is the school's to recall (record_not_transferred).
`,
  options: { ...DATA_OPTIONS, reason: { type: 'string' } },
  async run(values, positionals, lang) {
    const code = requireCode(positionals);
    const reason = requireString(values, 'reason');
    const view = await withRegistry(values, (registry, acting) => registry.recallTransferredRecord(code, reason, acting));
    process.stdout.write(`${say(lang, 'đã thu hồi', 'recalled')}  ${view.lookupCode}  ${view.schoolCode}  ${view.schoolYear}\n`);
    return 0;
  },
};

export const transferReplace: Command = {
  name: 'transfer replace',
  usage: `CODE FILE [--data DIR]

  CODE            the lookup code of a record whose student moved away from its school
  FILE            the corrected record's package (base64 of the gzipped signed XML, as hocba pack writes it),
                  signed by the record's own school: for the same student and school year, with a new lookup code
${DATA_USAGE}

Only before the record's lock date. The successor passes every check of a push; exit 1 when it is rejected.
`,
  options: { ...DATA_OPTIONS },
  async run(values, positionals, lang) {
    const code = requireCode(positionals);
    const file = positionals[1];
    if (file === undefined) throw new UsageError('a package FILE is required after the lookup code');
    const text = (await readFile(file, 'latin1')).trim();
    const result = await withRegistry(values, (registry, acting) => registry.replaceTransferredRecord(code, text, acting));
    if (result.status === 'rejected') {
      for (const error of result.errors) process.stderr.write(`hocba transfer replace: [${error.code}] ${error.message}\n`);
      return 1;
    }
    process.stdout.write(`${say(lang, 'đã thay thế bằng', 'replaced by')}  ${result.lookupCode}\n`);
    return 0;
  },
};

function requireCode(positionals: readonly string[]): string {
  const code = positionals[0];
  if (code === undefined) throw new UsageError('a lookup CODE is required');
  return code;
}

/** One transfer per line, in one language, times in Vietnam time as the portal writes them. */
function line(transfer: Transfer, lang: Lang): string {
  const at = vietnamTimeText(transfer.recordedAt.toISOString(), lang);
  return `#${transfer.id}  ${transfer.studentCode}  ${transfer.fromSchool} → ${transfer.toSchool}  `
    + `${say(lang, 'ngày', 'on')} ${vietnamDateText(transfer.effectiveDate)}  `
    + `${say(lang, `ghi lúc ${at} bởi ${transfer.recordedBy}`, `recorded ${at} by ${transfer.recordedBy}`)}: ${transfer.reason}`;
}
