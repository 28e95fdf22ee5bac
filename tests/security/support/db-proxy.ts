// A loopback TCP relay in front of PostgreSQL, so a test can take the database away (every connection cut,
// new ones refused) and give it back on the same port, without stopping the shared PostgreSQL server.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface DatabaseProxy {
  /** The given URL with host and port replaced by the relay's. */
  readonly url: string;
  /** Cut every open connection and refuse new ones (ECONNREFUSED) until `restore()`. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startDatabaseProxy(targetUrl: string): Promise<DatabaseProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const relay = (client: Socket) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  };
  let server: Server = createServer(relay);
  const listen = (port: number) => new Promise<number>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done((server.address() as AddressInfo).port));
  });
  const stop = () => new Promise<void>((done) => {
    server.close(() => done());
    for (const socket of sockets) socket.destroy();
  });
  const port = await listen(0);
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    cut: stop,
    async restore() {
      server = createServer(relay);
      await listen(port);
    },
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
}
