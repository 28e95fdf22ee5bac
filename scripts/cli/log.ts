// `hocba log init|verify|export` (SPEC §4, docs/log.md): the transparency log's key, an outsider's full check of
// the log from its public files, and a copy of those files for static hosting.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  auditLogFiles, generateNoteKey, LogAuditError, logIdentityOf, logOriginOf, parseEntry, parseVerifierKey, tilePath, tilesOf,
  type LogFileReader, type LogIdentity,
} from '../../api/index.ts';
import { UsageError, type Command, type Values } from './command.ts';
import { verifierKeyArgument } from './log-key.ts';
import { DATA_OPTIONS, DATA_USAGE, openFromOptions } from './operator.ts';

export const LOG_KEY_USAGE = `  --log-key FILE  the transparency log's signing key (hocba log init); default: HOCBA_LOG_KEY (the key
                  itself) or HOCBA_LOG_KEY_FILE. Without one this process signs no checkpoint: entries wait`;

/** The signing identity from --log-key FILE, HOCBA_LOG_KEY or HOCBA_LOG_KEY_FILE; null when none is given. */
export function logKeyFromOptions(values: Values): LogIdentity | null {
  const file = typeof values['log-key'] === 'string' ? values['log-key'] : process.env.HOCBA_LOG_KEY_FILE;
  const text = file ? readKeyFile(file) : process.env.HOCBA_LOG_KEY?.trim();
  if (!text) return null;
  try {
    return logIdentityOf(text);
  } catch (error) {
    throw new UsageError(`the log key (${file ?? 'HOCBA_LOG_KEY'}): ${(error as Error).message}`);
  }
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new UsageError(`--log-key ${file}: ${(error as Error).message}`);
  }
}

export const logInit: Command = {
  name: 'log init',
  usage: `--public-url U (--key-file FILE | --env)

  --public-url U   the registry's public origin, e.g. https://hocba.hanoi.edu.vn: the log's origin is its host + /log
  --key-file FILE  write the signing key to FILE (created with mode 0600; an existing file is never overwritten).
                   Keep it outside the database and its backups: whoever holds it can sign checkpoints
  --env            print the signing key as a HOCBA_LOG_KEY=… line instead, for a secret store

Prints the verifier key (<origin>+<id>+<key>) on standard output: publish it where verifiers will find it besides
/log/key (the Sở's website, the Ministry), so that a server cannot swap it. Start the server with --log-key FILE.
Rotation (docs/log.md): a new key is a new log; keep the old key's verifier key published for its checkpoints.
`,
  options: { 'public-url': { type: 'string' }, 'key-file': { type: 'string' }, env: { type: 'boolean' } },
  async run(values) {
    const given = typeof values['public-url'] === 'string' ? values['public-url'] : process.env.HOCBA_PUBLIC_URL;
    if (!given) throw new UsageError('--public-url is required (the log\'s origin is the public host + /log)');
    let origin: string;
    try {
      origin = logOriginOf(given);
    } catch {
      throw new UsageError(`--public-url must be an absolute URL such as https://hocba.hanoi.edu.vn (got "${given}")`);
    }
    const file = typeof values['key-file'] === 'string' ? values['key-file'] : null;
    if (!file && values.env !== true) throw new UsageError('say where the signing key goes: --key-file FILE or --env');
    if (file && existsSync(file)) throw new UsageError(`${file} exists; a log key is never overwritten (move it away first)`);
    const { signer, signerKey } = generateNoteKey(origin);
    if (file) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
      process.stderr.write(`hocba log init: signing key written to ${file} (mode 0600)\n`);
    } else {
      process.stdout.write(`HOCBA_LOG_KEY=${signerKey}\n`);
    }
    process.stdout.write(`${signer.verifierKey}\n`);
    return 0;
  },
};

export const logVerify: Command = {
  name: 'log verify',
  usage: `(--url REGISTRY | --dir DIR) [--log-key VKEY] [--checkpoint OLD] [--save-checkpoint FILE] [--json]

  --url REGISTRY         read /log/… from a registry, e.g. https://hocba.hanoi.edu.vn
  --dir DIR              read a copy of the files (hocba log export DIR, or a mirror)
  --log-key VKEY         the verifier key (<origin>+<id>+<key>) or a file holding it, as published by the Sở;
                         without it the key the source serves (/log/key) is used, which proves less (said so)
  --checkpoint OLD       a checkpoint saved earlier (a file): the log must have only grown since
  --save-checkpoint FILE keep this checkpoint for the next run's --checkpoint
  --json                 print the result as JSON

Rebuilds the tree from every entry, compares its root with the signed checkpoint and every hash tile with the tree.
Exit status: 0 the log checks out, 1 it does not (the reason is printed), 64 a usage mistake.
`,
  options: {
    url: { type: 'string' }, dir: { type: 'string' }, 'log-key': { type: 'string' }, checkpoint: { type: 'string' },
    'save-checkpoint': { type: 'string' }, json: { type: 'boolean' },
  },
  async run(values) {
    const read = readerOf(values);
    const served = await read('key');
    const keyText = typeof values['log-key'] === 'string' ? verifierKeyArgument(values['log-key']) : served ? Buffer.from(served).toString('utf8').trim() : null;
    if (!keyText) throw new UsageError('no verifier key: give --log-key (the source serves none)');
    let verifier;
    try {
      verifier = parseVerifierKey(keyText);
    } catch (error) {
      throw new UsageError(`--log-key: ${(error as Error).message}`);
    }
    if (typeof values['log-key'] !== 'string') {
      process.stderr.write('hocba log verify: no --log-key given, so the key the source serves is used: this shows the log is consistent, not that it is the Sở\'s\n');
    }
    const older = typeof values.checkpoint === 'string' ? await readFile(values.checkpoint, 'utf8') : undefined;
    let lastShown = 0;
    try {
      const audit = await auditLogFiles(read, verifier, verifier.name, {
        ...(older === undefined ? {} : { olderCheckpoint: older }),
        onProgress: (done, total) => {
          if (values.json || (done - lastShown < 256 && done !== total)) return;
          lastShown = done;
          process.stderr.write(`hocba log verify: ${done}/${total} files\n`);
        },
      });
      const kinds: Record<string, number> = {};
      for (const entry of audit.entries) {
        const kind = parseEntry(Buffer.from(entry).toString('utf8'))?.kind ?? 'unknown';
        kinds[kind] = (kinds[kind] ?? 0) + 1;
      }
      if (typeof values['save-checkpoint'] === 'string') {
        writeFileSync(values['save-checkpoint'], Buffer.from((await read('checkpoint'))!));
      }
      const result = { ok: true, origin: audit.checkpoint.origin, size: audit.checkpoint.size, files: audit.tilesChecked, olderSize: audit.older?.size ?? null, kinds };
      if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        process.stdout.write(`OK  ${audit.checkpoint.origin}: ${audit.checkpoint.size} entries, ${audit.tilesChecked} files checked against the signed checkpoint\n`);
        if (audit.older) process.stdout.write(`OK  the older checkpoint (${audit.older.size} entries) is a prefix: nothing was changed or removed since\n`);
        process.stdout.write(`    ${Object.entries(kinds).map(([kind, n]) => `${kind} ${n}`).join(', ') || 'no entries yet'}\n`);
      }
      return 0;
    } catch (error) {
      if (!(error instanceof LogAuditError)) throw error;
      if (values.json) process.stdout.write(`${JSON.stringify({ ok: false, reason: error.message }, null, 2)}\n`);
      else process.stdout.write(`FAILED  ${error.message}\n`);
      return 1;
    }
  },
};

export const logExport: Command = {
  name: 'log export',
  usage: `DIR [--data DIR] [--log-key FILE]

${DATA_USAGE}
${LOG_KEY_USAGE}

Writes DIR/checkpoint, DIR/key (with --log-key) and DIR/tile/… for the latest checkpoint; tiles already there are
kept (they never change). Serve DIR as /log/ from any web server; \`hocba log verify --dir DIR\` checks it.
`,
  options: { ...DATA_OPTIONS, 'log-key': { type: 'string' } },
  async run(values, positionals) {
    const [dir] = positionals;
    if (!dir || positionals.length > 1) throw new UsageError('name one folder to write the log to');
    const identity = logKeyFromOptions(values);
    const opened = await openFromOptions(values);
    try {
      const head = await opened.registry.log.checkpoint();
      if (head === null) throw new UsageError('the log has no checkpoint yet: run the server with --log-key first');
      const { size, note } = head;
      let written = 0;
      for (const tile of tilesOf(size)) {
        const path = join(dir, tilePath(tile));
        if (existsSync(path)) continue;
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, (await opened.registry.log.tileAt(tile, size))!);
        written += 1;
      }
      writeFileSync(join(dir, 'checkpoint'), note);
      if (identity) writeFileSync(join(dir, 'key'), `${identity.signer.verifierKey}\n`);
      process.stdout.write(`hocba log export: ${size} entries, ${written} new files in ${dir}\n`);
      return 0;
    } finally {
      await opened.close();
    }
  },
};


function readerOf(values: Values): LogFileReader {
  if (typeof values.url === 'string' && typeof values.dir === 'string') throw new UsageError('give --url or --dir, not both');
  if (typeof values.dir === 'string') {
    const dir = values.dir;
    return async (path) => {
      try {
        return await readFile(join(dir, path));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    };
  }
  if (typeof values.url !== 'string') throw new UsageError('say where the log is: --url REGISTRY or --dir DIR');
  let base: URL;
  try {
    base = new URL('/log/', values.url);
  } catch {
    throw new UsageError(`--url must be the registry's address, such as https://hocba.hanoi.edu.vn (got "${values.url}")`);
  }
  return async (path) => {
    const response = await fetch(new URL(path, base));
    if (response.status === 404 || response.status === 503) return null;
    if (!response.ok) throw new LogAuditError(`${path}: the registry answered ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}
