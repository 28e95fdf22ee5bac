// `hocba demo` (what `npm start` runs): a fresh registry in a temporary folder, the test PKI trusted, three schools,
// a few hundred signed records pushed through the real API, then the API and the portal served until Ctrl-C.
// This module is light on purpose: a busy port is refused before the registry's code is even loaded (demo-run.ts).
import { createServer } from 'node:net';
import { parseInteger, UsageError, type Command } from './command.ts';

export const demo: Command = {
  name: 'demo',
  usage: `[--port 4321] [--host 127.0.0.1] [--public-url URL] [--per-class 35]

  --port N        TCP port (0 picks a free one); default 4321
  --host H        address to listen on; default 127.0.0.1
  --public-url U  the origin printed in the QR of PDF copies (default: HOCBA_PUBLIC_URL, else the address
                  listened on: http://HOST:PORT)
  --per-class N   records per school and school year (2 years × 3 schools); default 35

Refuses a busy port at once. Builds the portal first when site/ changed. Everything lives in a temporary folder
removed on every way out: Ctrl-C or SIGTERM (at any step, also while starting), an error, or the end.
`,
  options: { port: { type: 'string' }, host: { type: 'string' }, 'public-url': { type: 'string' }, 'per-class': { type: 'string' } },
  async run(values) {
    const port = parseInteger(values, 'port', 4321, [0, 65535]);
    const perClass = parseInteger(values, 'per-class', 35, [1, 500]);
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
    // A busy port is said at once, before a minute of setup and before anything is written (issue 17).
    await ensurePortFree(host, port);
    const { runDemo } = await import('./demo-run.ts');
    const given = typeof values['public-url'] === 'string' ? values['public-url'] : process.env.HOCBA_PUBLIC_URL;
    return runDemo({ port, host, perClass, ...(given ? { publicUrl: given } : {}) });
  },
};

/** Refuses a port another process holds, by trying to listen on it for a moment (port 0 is always free). */
async function ensurePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  const problem = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    probe.once('error', resolve);
    probe.listen({ port, host, exclusive: true }, () => resolve(null));
  });
  if (problem === null) {
    await new Promise((resolve) => probe.close(resolve));
    return;
  }
  if (problem.code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use on ${host}; use --port N (another free port, or 0 for any)`);
  if (problem.code === 'EACCES') throw new UsageError(`port ${port} needs privileges on ${host}; use --port N above 1023`);
  if (problem.code === 'EADDRNOTAVAIL') throw new UsageError(`${host} is not an address of this machine; use --host`);
  throw problem;
}
