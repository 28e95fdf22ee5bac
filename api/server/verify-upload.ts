// The `verifyUpload` of POST /verify: the engine on an uploaded XML or package, against the registry's
// current trust material, on worker threads when asked (SPEC §3: verification stays off the event loop).
import { createVerifier, type Registry, type Report, type Verifier } from '../index.ts';

export interface UploadVerifier {
  /** `client`: who uploads (a keyed hash), so the pool bounds that client's uploads in flight. */
  verifyUpload(bytes: Uint8Array, now: Date, client?: string): Promise<Report>;
  close(): Promise<void>;
}

export interface UploadVerifierOptions {
  readonly registry: Pick<Registry, 'loadTrustMaterial'>;
  /** A verifier to share (the registry's, from openRegistry): one pool of threads per process, not one per user. */
  readonly verifier?: Verifier;
  /** Without a shared verifier: 0 verifies in this thread (tests, small installs), else a pool of that many threads. */
  readonly workers?: number;
}

export function createUploadVerifier(options: UploadVerifierOptions): UploadVerifier {
  const owned = options.verifier ? null : createVerifier({ workers: options.workers ?? 0 });
  const verifier = options.verifier ?? owned!;
  return {
    async verifyUpload(bytes, now, client) {
      return verifier.verifyInput(bytes, { now, trust: await options.registry.loadTrustMaterial(), lane: 'public', ...(client === undefined ? {} : { client }) });
    },
    // A shared verifier belongs to whoever opened it; only our own pool is ours to stop.
    close: async () => {
      await owned?.close();
    },
  };
}
