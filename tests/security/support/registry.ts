// A real registry (real engine, real database) holding the corpus PKI's trust list and approvals, its three
// schools with their tokens, and the HTTP API over it in-process: what pushes and fuzzing go through.
import { createApp } from '../../../api/http/app.ts';
import type { Registry } from '../../../api/registry/index.ts';
import { wireRegistry } from '../../../api/registry/open.ts';
import { createUploadVerifier } from '../../../api/server/verify-upload.ts';
import type { Database } from '../../../db/client.ts';
import { SCHOOL, type Kit, type SchoolKey } from '../corpus/kit.ts';

export interface CorpusRegistry {
  readonly registry: Registry;
  /** The database under the registry, for the parts not yet behind it (the transparency log's store). */
  readonly database: Database;
  readonly app: ReturnType<typeof createApp>;
  readonly tokens: Record<SchoolKey, string>;
  close(): Promise<void>;
}

const DAY = 86_400_000;

/** Approvals are given the day before `kit.now`, as the corpus' own trust material says. */
export async function openCorpusRegistry(database: Database, kit: Kit, approvals: Readonly<Record<string, readonly string[]>>): Promise<CorpusRegistry> {
  const wired = wireRegistry(database, { clock: () => kit.now });
  const registry = wired.registry;
  const before = { now: new Date(kit.now.getTime() - DAY) };
  await registry.addTrustAnchor(kit.entity('root').certPem, before);
  await registry.addTrustAnchor(kit.entity('issuing').certPem, before);
  await registry.loadCrl(kit.pki.crls.issuing!.pem, before);
  await registry.loadCrl(kit.pki.crls.root!.pem, before);
  const tokens = {} as Record<SchoolKey, string>;
  for (const key of Object.keys(SCHOOL) as SchoolKey[]) {
    const school = SCHOOL[key];
    const certificates = (approvals[school.code] ?? []).map((name) => kit.entity(name).certPem);
    const added = await registry.addSchool({ code: school.code, name: school.name, provinceCode: school.code.slice(0, 2), certificates }, before);
    tokens[key] = added.token;
  }
  const uploads = createUploadVerifier({ registry, workers: 0 });
  // The default limits, except the per-token request budget: fuzzing sends far more than a school would.
  const app = createApp({ registry, verifyUpload: uploads.verifyUpload, clock: () => kit.now, limits: { schoolRequestsPerMinute: 1_000_000_000 }, publicUrl: 'https://hocba.example.vn' });
  return {
    registry, database, app, tokens,
    async close() {
      await uploads.close();
      await wired.close();
    },
  };
}

export function pushRequest(token: string, body: string, contentType = 'application/json'): RequestInit {
  return { method: 'POST', body, headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType } };
}
