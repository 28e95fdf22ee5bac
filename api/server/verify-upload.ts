// The `verifyUpload` of POST /verify: the engine on an uploaded XML or package, against the registry's
// current trust material, on worker threads when asked (SPEC §3: verification stays off the event loop).
import { createHash } from 'node:crypto';
import {
  createVerifierPool, prepareTrust, verifyInput, type PreparedTrust, type Registry, type Report, type TrustMaterial, type VerifierPool,
} from '../index.ts';

export interface UploadVerifier {
  verifyUpload(bytes: Uint8Array, now: Date): Promise<Report>;
  close(): Promise<void>;
}

/** `workers: 0` verifies in this thread (tests, small installs); otherwise a pool of that many threads. */
export function createUploadVerifier(options: { registry: Pick<Registry, 'loadTrustMaterial'>; workers?: number }): UploadVerifier {
  const workers = options.workers ?? 0;
  let pool: VerifierPool | null = null;
  let poolKey = '';
  let prepared: { key: string; trust: PreparedTrust } | null = null;
  return {
    async verifyUpload(bytes, now) {
      const trust = await options.registry.loadTrustMaterial();
      const key = trustKey(trust);
      if (workers === 0) {
        if (prepared?.key !== key) prepared = { key, trust: prepareTrust(trust) };
        return (await verifyInput(bytes, { trust: prepared.trust, now })).report;
      }
      if (!pool) pool = createVerifierPool({ trust, size: workers });
      else if (poolKey !== key) pool.setTrust(trust);
      poolKey = key;
      return (await pool.verify({ kind: 'input', payload: bytes, now })).report;
    },
    async close() {
      await pool?.close();
    },
  };
}

// Trust changes rarely (an operator adds a CA or loads a CRL): a digest of its content tells when.
function trustKey(trust: TrustMaterial): string {
  const hash = createHash('sha256');
  for (const list of [trust.anchors, trust.intermediates, trust.crls]) {
    hash.update(String(list.length));
    for (const der of list) hash.update(der);
  }
  hash.update(JSON.stringify(trust.approvals));
  return hash.digest('hex');
}
