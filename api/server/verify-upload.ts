// The `verifyUpload` of POST /verify: the engine on an uploaded XML or package, against the registry's
// current trust material, on worker threads when asked (SPEC §3: verification stays off the event loop).
import { createVerifier, type Registry, type Report } from '../index.ts';

export interface UploadVerifier {
  verifyUpload(bytes: Uint8Array, now: Date): Promise<Report>;
  close(): Promise<void>;
}

/** `workers: 0` verifies in this thread (tests, small installs); otherwise a pool of that many threads. */
export function createUploadVerifier(options: { registry: Pick<Registry, 'loadTrustMaterial'>; workers?: number }): UploadVerifier {
  const verifier = createVerifier({ workers: options.workers ?? 0 });
  return {
    async verifyUpload(bytes, now) {
      return verifier.verifyInput(bytes, { now, trust: await options.registry.loadTrustMaterial() });
    },
    close: () => verifier.close(),
  };
}
