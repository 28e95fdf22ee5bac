// What the operator commands share (SPEC §4): the database of `serve` — DATABASE_URL, else PGlite in --data DIR,
// opened by one process at a time (a second one gets `data_folder_locked`).
import { readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import type { LogIdentity, OpenedRegistry, Registry } from '../../api/index.ts';
import type { Options, Values } from './command.ts';

export const DATA_OPTIONS: Options = { data: { type: 'string' } };

/** api/server/open-data.ts's DEFAULT_DATA_DIR, written here so that --help loads no database code (a test compares them). */
export const DATA_DIR_IN_HELP = '.data/registry';

export const DATA_USAGE = `  --data DIR    PGlite data folder (default ${DATA_DIR_IN_HELP}); ignored when DATABASE_URL is set.
                With PGlite, run operator commands while the server is stopped.`;

export interface OpenOptions {
  readonly workers?: number;
  readonly migrate?: boolean;
  readonly log?: LogIdentity;
  /** Streaming replicas of DATABASE_URL for public reads (`serve` reads DATABASE_READ_URL). */
  readonly readUrls?: readonly string[];
}

export async function openFromOptions(values: Values, options: OpenOptions = {}): Promise<OpenedRegistry & { where: string }> {
  const url = process.env.DATABASE_URL?.trim() || undefined;
  const dataDir = typeof values.data === 'string' ? values.data : undefined;
  // Loaded here, not at the top: the registry and its database drivers are the heaviest part of the CLI.
  const { openRegistryData } = await import('../../api/server/open-data.ts');
  return openRegistryData({
    ...(url ? { url } : {}), ...(dataDir ? { dataDir } : {}), workers: options.workers ?? 0, migrate: options.migrate ?? true,
    ...(options.log ? { log: options.log } : {}), ...(options.readUrls?.length ? { readUrls: options.readUrls } : {}),
  });
}

/** Who an operator command journals as: the account that ran it on this host (the audit trail names a person). */
export interface Acting {
  readonly actor: string;
}

export function cliActor(): string {
  let user: string;
  try {
    user = process.env.HOCBA_ACTOR?.trim() || userInfo().username;
  } catch {
    user = 'unknown';
  }
  return `cli:${user}@${hostname()}`.slice(0, 200);
}

/** Opens the registry, runs one operator action (journaled as the command's user), and always closes it again. */
export async function withRegistry<T>(values: Values, work: (registry: Registry, acting: Acting) => Promise<T>): Promise<T> {
  const opened = await openFromOptions(values);
  try {
    return await work(opened.registry, { actor: cliActor() });
  } finally {
    await opened.close();
  }
}

/** A listing command's output: the items as JSON with --json, else one line each, or the sentence for none. */
export function printListing<T>(items: readonly T[], json: unknown, none: string, line: (item: T) => string): void {
  if (json) process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
  else if (items.length === 0) process.stdout.write(`${none}\n`);
  else for (const item of items) process.stdout.write(`${line(item)}\n`);
}

/** A certificate or CRL file: PEM stays text, DER goes as bytes (the registry reads both). */
export function readPkiFile(path: string): string | Uint8Array {
  const bytes = readFileSync(path);
  const text = bytes.toString('latin1');
  return text.includes('-----BEGIN') ? text : new Uint8Array(bytes);
}
