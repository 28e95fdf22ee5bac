// `hocba access-log prune|count` (issue 13): the lookups' access log — delete what is past the retention period
// (Decree 13/2023), and how many times a record was looked up (a count, never who asked).
import { DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS } from '../../api/index.ts';
import { parseInteger, UsageError, type Command } from './command.ts';
import { DATA_OPTIONS, DATA_USAGE, withRegistry } from './operator.ts';

export const accessLogPrune: Command = {
  name: 'access-log prune',
  usage: `[--days N] [--data DIR]

  --days N        keep the lookups of the last N days (default ${DEFAULT_RETENTION_DAYS}; at least ${MIN_RETENTION_DAYS}: the
                  database refuses to delete younger ones, whoever asks)
${DATA_USAGE}

\`hocba serve\` runs the same deletion once a day with the default period. Prints how many lookups were deleted.
`,
  options: { ...DATA_OPTIONS, days: { type: 'string' } },
  async run(values, positionals) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const days = parseInteger(values, 'days', DEFAULT_RETENTION_DAYS, [MIN_RETENTION_DAYS, 36_500]);
    const deleted = await withRegistry(values, (registry) => registry.pruneAccessLog({ days }));
    process.stdout.write(`access log: ${deleted} lookup(s) older than ${days} days deleted\n`);
    return 0;
  },
};

export const accessLogCount: Command = {
  name: 'access-log count',
  usage: `CODE [--since DATE] [--json] [--data DIR]

  CODE            the record's lookup code (mã tra cứu)
  --since DATE    count only from this date or instant (ISO 8601, e.g. 2026-09-01)
  --json          print {"lookupCode", "lookups", "since"} as JSON
${DATA_USAGE}

Exit 0 with the count, 1 when no record has this code.
`,
  options: { ...DATA_OPTIONS, since: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, positionals) {
    if (positionals.length !== 1) throw new UsageError('give one lookup code');
    const since = typeof values.since === 'string' ? new Date(values.since) : undefined;
    if (since && Number.isNaN(since.getTime())) throw new UsageError(`--since must be an ISO 8601 date (got "${String(values.since)}")`);
    const counted = await withRegistry(values, (registry) => registry.countLookups(positionals[0]!, since ? { since } : {}));
    if (!counted) {
      process.stdout.write(`no record has the code ${positionals[0]!}\n`);
      return 1;
    }
    process.stdout.write(values.json ? `${JSON.stringify(counted)}\n`
      : `${counted.lookupCode}: ${counted.lookups} lookup(s)${counted.since ? ` since ${counted.since}` : ''}\n`);
    return 0;
  },
};

