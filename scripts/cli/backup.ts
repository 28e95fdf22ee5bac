// `hocba backup --out FILE` / `hocba restore FILE`: a consistent JSON-lines snapshot of the whole registry, and
// its restore into an empty database with every digest and the audit chain checked again (docs/SECURITY.md).
import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { backupRegistry, restoreRegistry } from '../../api/index.ts';
import { requireString, UsageError, type Command } from './command.ts';
import { DATA_OPTIONS, DATA_USAGE, openFromOptions } from './operator.ts';

const summarise = (counts: Record<string, number>) => Object.entries(counts).map(([table, rows]) => `${table} ${rows}`).join(', ');

export const backup: Command = {
  name: 'backup',
  usage: `--out FILE [--data DIR]

  --out FILE    where to write; FILE.gz is gzip-compressed. Written to FILE.partial, renamed when complete.
${DATA_USAGE}

With PostgreSQL (DATABASE_URL) the backup may run while the server serves: it reads one snapshot.
`,
  options: { ...DATA_OPTIONS, out: { type: 'string' } },
  async run(values) {
    const out = requireString(values, 'out');
    const partial = `${out}.partial`;
    const opened = await openFromOptions(values);
    const file = createWriteStream(partial);
    const gzip = out.endsWith('.gz') ? createGzip() : null;
    gzip?.pipe(file);
    const sink: Writable = gzip ?? file;
    try {
      const summary = await backupRegistry(opened.database.db, async (line) => {
        if (!sink.write(line)) await once(sink, 'drain');
      });
      sink.end();
      await once(file, 'close');
      renameSync(partial, out);
      process.stdout.write(`backup written to ${out}\n  rows: ${summarise(summary.counts)}\n  audit head: ${summary.auditHead}\n  sha256: ${summary.sha256}\n`);
      return 0;
    } catch (error) {
      file.destroy();
      rmSync(partial, { force: true });
      throw error;
    } finally {
      await opened.close();
    }
  },
};

export const restore: Command = {
  name: 'restore',
  usage: `FILE [--data DIR]

${DATA_USAGE}

Refuses a database that holds any row (restore_target_not_empty), a backup of another schema version
(backup_schema_mismatch), and a damaged or altered file (backup_unreadable, backup_integrity); in every
refusal nothing is written.
`,
  options: { ...DATA_OPTIONS },
  async run(values, files) {
    if (files.length !== 1) throw new UsageError('name exactly one backup file');
    const path = files[0]!;
    const input: Readable = path.endsWith('.gz') ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
    const opened = await openFromOptions(values);
    try {
      const summary = await restoreRegistry(opened.database.db, createInterface({ input, crlfDelay: Infinity }));
      process.stdout.write(`restored ${path}\n  rows: ${summarise(summary.counts)}\n  audit chain intact, head ${summary.auditHead}\n`);
      return 0;
    } finally {
      input.destroy();
      await opened.close();
    }
  },
};
