// Worker thread of the PDF reader: the bounded reading of pdf-facts.ts, away from the event loop.
import { parentPort } from 'node:worker_threads';
import { readCopyFacts, type PdfCaps } from './pdf-facts.ts';

parentPort!.on('message', (job: { id: number; bytes: Uint8Array; caps: PdfCaps }) => {
  try {
    parentPort!.postMessage({ id: job.id, result: readCopyFacts(job.bytes, job.caps) });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: (error as Error).stack ?? String(error) });
  }
});
parentPort!.postMessage({ ready: true });
