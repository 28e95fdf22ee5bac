// Opens the registry a process works on (SPEC §4): PostgreSQL when DATABASE_URL is set, else PGlite in a
// data folder that ONE process may open at a time, so a lock file refuses a second one with a clear error.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HocbaError, openRegistry, type OpenedRegistry, type OpenRegistryOptions } from '../index.ts';

/** openRegistry's options (`url` wins over `dataDir`; `migrate: false` is `hocba serve --no-migrate`). */
export type OpenDataOptions = OpenRegistryOptions;

export const DEFAULT_DATA_DIR = '.data/registry';
const LOCK_FILE = 'hocba.lock';

export async function openRegistryData(options: OpenDataOptions): Promise<OpenedRegistry & { readonly where: string }> {
  const clock = options.clock ? { clock: options.clock } : {};
  const workers = options.workers ?? 0;
  const migrate = options.migrate ?? true;
  const log = options.log ? { log: options.log } : {};
  if (options.url) {
    const readUrls = options.readUrls ?? [];
    const opened = await openRegistry({ url: options.url, workers, migrate, ...clock, ...log, ...(readUrls.length ? { readUrls } : {}) });
    const replicas = readUrls.length ? ` + ${readUrls.length} read replica(s): ${readUrls.map(redactUrl).join(', ')}` : '';
    return { ...opened, where: redactUrl(options.url) + replicas };
  }
  const dir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const release = lockDataFolder(dir);
  try {
    const opened = await openRegistry({ dataDir: dir, workers, migrate, ...clock, ...log });
    return {
      ...opened,
      where: dir,
      async close() {
        try {
          await opened.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** Takes `DIR/hocba.lock` (our pid) or throws `data_folder_locked`; a lock left by a dead process is taken over. */
export function lockDataFolder(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new HocbaError('data_folder_locked', { params: { dir, pid: holder } });
      }
      rmSync(path, { force: true });
    }
  }
  throw new HocbaError('data_folder_locked', { params: { dir, pid: '?' } });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}
