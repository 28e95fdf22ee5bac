// A closed-loop HTTP/1.1 load generator for the read benchmark (bench/read.ts): N keep-alive connections, each sending
// its next GET as soon as the last answer is complete. Raw sockets and a minimal response parser, so the client costs
// little CPU beside the server it measures (no load tool is a dependency of the project). Runs in a worker thread.
import { connect, type Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadJob {
  readonly port: number;
  /** Paths asked in turn (one connection walks the list from its own offset). */
  readonly paths: readonly string[];
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly seconds: number;
  readonly bytes: number;
  /** Latencies of the measured requests, ms. */
  readonly latencies: Float64Array;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('0\r\n\r\n');

/** How many bytes the response at the head of `data` takes, or -1 when it is not complete yet. */
function responseLength(data: Buffer): { length: number; status: number } | null {
  const end = data.indexOf(HEADER_END);
  if (end < 0) return null;
  const head = data.subarray(0, end).toString('latin1');
  const status = Number(head.slice(9, 12));
  const lengthMatch = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (lengthMatch) {
    const total = end + 4 + Number(lengthMatch[1]);
    return data.length >= total ? { length: total, status } : null;
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    // Enough for the bodies measured here: the last-chunk marker closes the body (no trailers are sent).
    const last = data.indexOf(CHUNKED_END, end + 4);
    return last < 0 ? null : { length: last + CHUNKED_END.length, status };
  }
  return { length: end + 4, status };
}

export function runLoad(job: LoadJob): Promise<LoadResult> {
  const requests = job.paths.map((path) => Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${job.port}\r\nAccept: */*\r\nAccept-Language: vi\r\n\r\n`));
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  let firstError: string | null = null;
  const began = performance.now();
  const measureFrom = began + job.warmupSeconds * 1000;
  const deadline = measureFrom + job.seconds * 1000;
  const lane = (offset: number) => new Promise<void>((done) => {
    let next = offset;
    let socket: Socket;
    let pending: Buffer = Buffer.alloc(0);
    let sentAt = 0;
    const send = () => {
      if (performance.now() >= deadline) {
        socket.end();
        return done();
      }
      sentAt = performance.now();
      socket.write(requests[next++ % requests.length]!);
    };
    const open = () => {
      socket = connect(job.port, '127.0.0.1', send);
      socket.setNoDelay(true);
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        const complete = responseLength(pending);
        if (!complete) return;
        const now = performance.now();
        if (sentAt >= measureFrom && now <= deadline) {
          latencies.push(now - sentAt);
          bytes += complete.length;
          if (complete.status !== 200) {
            errors += 1;
            firstError ??= `${complete.status} ${pending.subarray(0, 200).toString('latin1')}`;
          }
        }
        pending = pending.subarray(complete.length);
        send();
      });
      socket.on('error', (error) => {
        errors += 1;
        firstError ??= String(error);
      });
      // A server that closes the connection (Connection: close) gets a new one.
      socket.on('close', () => (performance.now() < deadline ? open() : done()));
    };
    open();
  });
  return Promise.all(Array.from({ length: job.connections }, (_, i) => lane(i * 7))).then(() => ({
    requests: latencies.length, errors, firstError, seconds: job.seconds, bytes, latencies: Float64Array.from(latencies),
  }));
}

if (parentPort && workerData) {
  const port = parentPort;
  void runLoad(workerData as LoadJob).then((result) => port.postMessage(result));
}
