// `hocba migrate`: brings the registry's database schema up to this build's, and does nothing else, so that the
// server may run as a role that cannot change the schema (`hocba serve --no-migrate`, docs/SECURITY.md).
import { UsageError, type Command } from './command.ts';
import { DATA_OPTIONS, DATA_USAGE, openFromOptions } from './operator.ts';

export const migrate: Command = {
  name: 'migrate',
  usage: `[--data DIR]

${DATA_USAGE}

With PostgreSQL, run it as the role that owns the database; the server can then run as a role that may only read
and write rows (\`hocba serve --no-migrate\`). Several processes may run it at once: one applies, the others wait.
Prints the migrations it applied; exit 0 also when there was nothing to apply.
`,
  options: { ...DATA_OPTIONS },
  async run(values, positionals) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const opened = await openFromOptions(values);
    try {
      const applied = opened.database.migrated;
      process.stdout.write(applied.length === 0
        ? `hocba migrate: schema already current (${opened.where})\n`
        : `hocba migrate: applied ${applied.length} migration(s) to ${opened.where}: ${applied.join(', ')}\n`);
    } finally {
      await opened.close();
    }
    return 0;
  },
};
