// `hocba push`: send packages to a registry in batches, print every receipt and every rejection (SPEC §4).
// Retries are safe: pushing the same bytes again returns the same receipt.
import { listInputs, readPackage } from './push-files.ts';
import { createPushClient, PushRefused, type PushResult } from './push-client.ts';
import { parseInteger, requireString, UsageError, type Command } from './command.ts';

const EXIT_REJECTED = 1;
const EXIT_NOT_DELIVERED = 2;

export const push: Command = {
  name: 'push',
  usage: `--url URL --token T [--batch 200] FILE|DIR...

  --url URL     the registry, e.g. http://127.0.0.1:4321
  --token T     the school's API token (or set HOCBA_TOKEN, which keeps it out of the process list)
  --batch N     packages per request, 1-500 (default 200)
  FILE          a package (.b64: XML → gzip → base64) or a signed .xml file (packed here)
  DIR           every .xml and .b64 file inside, recursively

Standard output: one line per package (accepted CODE receipt TIME FILE / rejected CODE FILE, then
one line per reason: code, path, message). Standard error: progress (count, rate, rejections).
Network errors, 429 and 5xx answers are retried with exponential backoff, at most 5 tries.
Exit status: 0 all accepted, 1 any rejected, 2 the registry refused or could not be reached.
`,
  options: { url: { type: 'string' }, token: { type: 'string' }, batch: { type: 'string' } },
  async run(values, paths) {
    const url = requireString(values, 'url');
    const token = typeof values.token === 'string' ? values.token : process.env.HOCBA_TOKEN;
    if (!token) throw new UsageError('--token T (or HOCBA_TOKEN) is required');
    const size = parseInteger(values, 'batch', 200, [1, 500]);
    if (paths.length === 0) throw new UsageError('name at least one package, XML file or folder to push');
    const files = listInputs(paths);
    if (files.length === 0) throw new UsageError('no .xml or .b64 files found');
    const pushBatch = createPushClient({
      url, token,
      onRetry: (attempt, reason, waitMs) => process.stderr.write(`[push] try ${attempt} failed (${reason}); retrying in ${(waitMs / 1000).toFixed(1)} s\n`),
    });
    const started = performance.now();
    let sent = 0;
    let rejected = 0;
    for (let at = 0; at < files.length; at += size) {
      const batch = files.slice(at, at + size);
      let results: PushResult[];
      try {
        results = await pushBatch(batch.map(readPackage));
        if (results.length !== batch.length) throw new Error(`the registry answered ${results.length} results for ${batch.length} packages`);
      } catch (error) {
        const what = error instanceof PushRefused ? `the registry refused: ${error.status} ${error.code}: ${error.message}` : (error as Error).message;
        process.stderr.write(`hocba push: ${what}\n  ${sent} of ${files.length} packages were sent before this; nothing after them.\n`);
        return EXIT_NOT_DELIVERED;
      }
      results.forEach((result, index) => printResult(result, batch[index]!));
      sent += batch.length;
      rejected += results.filter((result) => result.status === 'rejected').length;
      const rate = sent / Math.max(0.001, (performance.now() - started) / 1000);
      process.stderr.write(`[push] ${sent}/${files.length} sent, ${rate.toFixed(1)}/s, ${rejected} rejected\n`);
    }
    return rejected > 0 ? EXIT_REJECTED : 0;
  },
};

function printResult(result: PushResult, file: string): void {
  if (result.status === 'accepted') {
    process.stdout.write(`accepted ${result.lookupCode} receipt ${result.receipt?.receiptId} ${result.receipt?.receivedAt} ${file}\n`);
    return;
  }
  process.stdout.write(`rejected ${result.lookupCode ?? '-'} ${file}\n`);
  for (const error of result.errors ?? []) {
    const where = [error.path, error.signature === undefined ? undefined : `CKS ${error.signature}`].filter(Boolean).join(', ');
    process.stdout.write(`  ${error.code}${where ? ` [${where}]` : ''}: ${error.message}\n`);
  }
}
