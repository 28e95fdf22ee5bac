// The attacker of `npm run bench:attack`, in its own process: it POSTs one prepared body, once (`--once`) or from two
// loops for `seconds`, and prints how it was answered. In the bench's own process, the client's work (encoding and
// sending 31 MB, its garbage) ran on the event loop that also timed the steady stream, and was counted as the
// server's CPU: the attacker is not the server, so it runs apart.
import { readFileSync } from 'node:fs';

const [url, bodyFile, type, token, seconds, once] = process.argv.slice(2) as [string, string, string, string, string, string?];
const body = new Uint8Array(readFileSync(bodyFile));
const headers: Record<string, string> = { 'content-type': type, ...(token === '-' ? {} : { authorization: `Bearer ${token}` }) };
const answers = new Map<string, number>();

async function fire(): Promise<void> {
  const answer = await fetch(url, { method: 'POST', body, headers }).then(async (response) => {
    await response.arrayBuffer();
    return String(response.status);
  }, (error: unknown) => `error ${String(error).slice(0, 60)}`);
  answers.set(answer, (answers.get(answer) ?? 0) + 1);
}

if (once === '--once') {
  await fire();
} else {
  const deadline = performance.now() + Number(seconds) * 1000;
  const loop = async (delayMs: number) => {
    await new Promise((done) => setTimeout(done, delayMs));
    while (performance.now() < deadline) await fire();
  };
  await Promise.all([loop(500), loop(900)]);
}
process.stdout.write(`${JSON.stringify(Object.fromEntries(answers))}\n`);
