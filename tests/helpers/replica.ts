// A real PostgreSQL streaming replica of the test server, for the read-path and failure-drill suites: a base backup
// (`pg_basebackup -R -X stream`) into a folder of the test's own, started on a port of its own, stopped and removed
// by the test. The primary must accept replication connections from 127.0.0.1 (pg_hba `host replication …`,
// which .ci/run adds) and have wal_level replica (PostgreSQL's default).
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TEST_POSTGRES_URL, withClient } from './database.ts';

const run = promisify(execFile);
const PG_BIN = process.env.HOCBA_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface Replica {
  readonly port: number;
  /** The same database name on the replica. */
  urlOf(primaryUrl: string): string;
  /** Waits until the replica has replayed everything the primary had written when this was called. */
  caughtUp(): Promise<void>;
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it (if running) and deletes its folder. */
  remove(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the kernel's pick, released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// PostgreSQL refuses to run as root; as root the replica's files and server belong to the `postgres` account.
const asRoot = process.getuid?.() === 0;
function pg(command: string, args: readonly string[]) {
  return asRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, [...args]);
}

export async function startReplica(): Promise<Replica> {
  const primary = new URL(TEST_POSTGRES_URL);
  const dir = mkdtempSync(join(tmpdir(), 'hocba-replica-'));
  const data = join(dir, 'data');
  const port = await freePort();
  if (asRoot) chownSync(dir, uidOfPostgres(), -1);
  // A replication slot of its own keeps the primary's WAL until the replica has it: on a busy shared server the
  // segments a slot-less base backup still needs were recycled under it. remove() drops the slot.
  const slot = `hocba_replica_${randomBytes(6).toString('hex')}`;
  const dropSlot = () => withClient(TEST_POSTGRES_URL, (c) => c.query(
    'select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1', [slot])).then(() => undefined);
  try {
    await pg(`${PG_BIN}/pg_basebackup`, [
      '-h', primary.hostname, '-p', primary.port || '5432', '-U', primary.username || 'postgres', '-D', data, '-R', '-X', 'stream', '-C', '-S', slot,
      // A fast checkpoint: the default spreads it over checkpoint_completion_target × checkpoint_timeout of the primary,
      // and the test waited that long (a minute or more) for a copy of an almost idle server.
      '--checkpoint=fast',
    ]);
  } catch (error) {
    await dropSlot().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // Debian keeps a cluster's configuration in /etc: the copy gets its own, with the primary's defaults for the
  // settings a standby must match (max_connections and friends) left alone.
  const conf = [`listen_addresses = '127.0.0.1'`, `port = ${port}`, `unix_socket_directories = '${dir}'`, 'hot_standby = on',
    'shared_buffers = 32MB', 'fsync = off', `hba_file = '${join(data, 'pg_hba.conf')}'`, `ident_file = '${join(data, 'pg_ident.conf')}'`];
  writeFileSync(join(data, 'postgresql.conf'), `${conf.join('\n')}\n`);
  writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  writeFileSync(join(data, 'pg_ident.conf'), '');
  if (asRoot) for (const file of ['postgresql.conf', 'pg_hba.conf', 'pg_ident.conf']) chownSync(join(data, file), uidOfPostgres(), -1);
  const log = join(dir, 'server.log');
  const ctl = (...args: string[]) => pg(`${PG_BIN}/pg_ctl`, ['-D', data, ...args]);
  let running = false;
  const replicaUrl = (database = 'postgres') => {
    const url = new URL(TEST_POSTGRES_URL);
    url.port = String(port);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const start = async () => {
    await ctl('-l', log, '-w', '-t', '60', 'start');
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    await ctl('-m', 'fast', '-w', 'stop');
    running = false;
  };
  try {
    await start();
  } catch (error) {
    await dropSlot().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    urlOf(primaryUrl) {
      return replicaUrl(new URL(primaryUrl).pathname.slice(1));
    },
    async caughtUp() {
      const [{ lsn }] = (await withClient(TEST_POSTGRES_URL, (c) => c.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn'))).rows as [{ lsn: string }];
      for (let tries = 0; tries < 600; tries += 1) {
        const { rows } = await withClient(replicaUrl(), (c) => c.query<{ behind: boolean }>(
          'select pg_last_wal_replay_lsn() < $1::pg_lsn as behind', [lsn]));
        if (rows[0]?.behind === false) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the replica on port ${port} did not replay up to ${lsn}`);
    },
    pauseReplay: () => withClient(replicaUrl(), (c) => c.query('select pg_wal_replay_pause()')).then(() => undefined),
    resumeReplay: () => withClient(replicaUrl(), (c) => c.query('select pg_wal_replay_resume()')).then(() => undefined),
    stop,
    start,
    async remove() {
      try {
        await stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await dropSlot();
      }
    },
  };
}

let postgresUid: number | undefined;
function uidOfPostgres(): number {
  postgresUid ??= Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  return postgresUid;
}
