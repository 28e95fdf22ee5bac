// HAProxy (Debian's /usr/sbin/haproxy) in front of `hocba serve` nodes, for the cluster suite and bench:scale: the
// configuration docs/DEPLOY.md shows, written to a folder of the caller's own, run in the foreground, stopped by
// the caller. Its connections to the nodes leave from `source` (default 127.0.0.2), so the nodes can trust that one
// address (--trusted-proxies 127.0.0.2/32) and nothing else on the machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HAPROXY = process.env.HOCBA_HAPROXY ?? '/usr/sbin/haproxy';

export interface HaproxyOptions {
  /** Where HAProxy listens (127.0.0.1). */
  readonly port: number;
  /** The nodes, by name and port on 127.0.0.1. */
  readonly servers: readonly { readonly name: string; readonly port: number }[];
  /** The address HAProxy's connections to the nodes come from. */
  readonly source?: string;
  /** Health-check interval. */
  readonly checkMs?: number;
  readonly maxconn?: number;
}

/** The configuration of docs/DEPLOY.md, on loopback ports. */
export function haproxyConfig(options: HaproxyOptions, statsSocket: string): string {
  const check = options.checkMs ?? 500;
  return `global
  maxconn ${options.maxconn ?? 4096}
  stats socket ${statsSocket} mode 600 level admin

defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  timeout http-keep-alive 10s
  # A node busy with a burst may answer its health check late; late is not dead.
  timeout check 3s
  # A node that dies under a request, or refuses the connection, costs nothing the client sees: the request goes
  # again to another node. Only requests that are safe to repeat (GET, HEAD) are repeated after they were sent.
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response response-timeout
  http-reuse safe

frontend registry
  bind 127.0.0.1:${options.port}
  # The nodes believe X-Forwarded-For from this proxy only: it is set here, never passed on from the client.
  http-request set-header X-Forwarded-For %[src]
  http-request set-header X-Forwarded-Proto http
  http-request disable-l7-retry unless METH_GET || METH_HEAD
  default_backend nodes

backend nodes
  balance roundrobin
  option httpchk
  http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host registry.internal
  http-check expect status 200
  default-server inter ${check}ms fastinter ${Math.max(100, Math.round(check / 2))}ms fall 3 rise 2 source ${options.source ?? '127.0.0.2'}
${options.servers.map((server) => `  server ${server.name} 127.0.0.1:${server.port} check`).join('\n')}
`;
}

export interface RunningHaproxy {
  readonly url: string;
  readonly config: string;
  /** `show servers state` of the backend: name → UP or DOWN (as the health checks see it). */
  states(): Promise<Record<string, 'UP' | 'DOWN' | string>>;
  stop(): Promise<void>;
}

export async function startHaproxy(options: HaproxyOptions): Promise<RunningHaproxy> {
  const dir = mkdtempSync(join(tmpdir(), 'hocba-haproxy-'));
  const socket = join(dir, 'admin.sock');
  const config = haproxyConfig(options, socket);
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  const child: ChildProcess = spawn(HAPROXY, ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  let ended = false;
  child.once('exit', () => (ended = true));
  for (let tries = 0; !(await answers(options.port)); tries += 1) {
    if (ended || tries > 100) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`haproxy did not start: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `http://127.0.0.1:${options.port}`,
    config,
    async states() {
      const text = await adminCommand(socket, 'show servers state nodes');
      const found: Record<string, string> = {};
      // Columns (HAProxy 2.x): be_id be_name srv_id srv_name srv_addr srv_op_state … ; op_state 2 is running.
      for (const line of text.split('\n')) {
        const cells = line.trim().split(/\s+/);
        if (cells.length > 6 && cells[1] === 'nodes') found[cells[3]!] = cells[5] === '2' ? 'UP' : 'DOWN';
      }
      return found;
    },
    async stop() {
      if (!ended) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function adminCommand(path: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.once('error', reject);
    socket.once('end', () => resolve(text));
    socket.once('connect', () => socket.write(`${command}\n`));
  });
}
