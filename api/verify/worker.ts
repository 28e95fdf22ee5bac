// Worker thread body of the verifier pool: keeps prepared trust per version and runs the engine, one job at a time.
import { parentPort } from 'node:worker_threads';
import { prepareTrust, type PreparedTrust, type TrustMaterial } from '../trust/index.ts';
import { checkForIngest, verifyInput, verifyPackage, verifyXml, type CheckedPackage } from './engine.ts';
import type { Report } from './report.ts';

interface Job {
  id: number;
  kind: 'package' | 'xml' | 'input' | 'ingest';
  payload: string | Uint8Array;
  now: string;
  proofOfExistence?: string;
  trustVersion: number;
  trust?: TrustMaterial;
}

let prepared: PreparedTrust | null = null;
let preparedVersion = 0;

parentPort!.on('message', (job: Job) => {
  void run(job).then(
    // An ingest job's XML is moved to the main thread, not copied (a batch's 2 MB packages add up).
    (result) => parentPort!.postMessage({ id: job.id, result }, 'xml' in result ? transferable(result.xml) : []),
    (error: unknown) => parentPort!.postMessage({ id: job.id, error: (error as Error).stack ?? String(error) }),
  );
});
// The pool's deadline counts from here on: loading the engine is not the job's cost.
parentPort!.postMessage({ ready: true });

/**
 * A verification answers its report only: the caller already holds the bytes it sent, and the XML an upload's
 * package inflated to is not read there (issue 14: every job copied its XML back to the main thread for nothing).
 * An ingest job answers the XML it inflated too, since the registry stores it.
 */
async function run(job: Job): Promise<{ report: Report } | CheckedPackage> {
  if (job.trust && job.trustVersion !== preparedVersion) {
    prepared = prepareTrust(job.trust);
    preparedVersion = job.trustVersion;
  }
  if (!prepared) throw new Error('worker received a job before any trust material');
  const options = {
    trust: prepared,
    now: new Date(job.now),
    ...(job.proofOfExistence ? { proofOfExistence: new Date(job.proofOfExistence) } : {}),
  };
  // A batch's packages are inflated here, off the event loop (issue 11), and verified in the same job (issue 14).
  if (job.kind === 'ingest') return checkForIngest(job.payload as string, options);
  if (job.kind === 'package') return { report: (await verifyPackage(job.payload as string, options)).report };
  if (job.kind === 'xml') return { report: await verifyXml(job.payload as Uint8Array, options) };
  return { report: (await verifyInput(job.payload as Uint8Array, options)).report };
}

/** A buffer that owns all of its memory can be transferred; a slice of a shared pool is copied instead. */
function transferable(bytes: Uint8Array | null): ArrayBuffer[] {
  if (!bytes || !(bytes.buffer instanceof ArrayBuffer)) return [];
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer] : [];
}
