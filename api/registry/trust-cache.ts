// The trust material a batch or upload is judged against, read again only when it changed (issue 14): every push
// and every public upload used to read every CA, every CRL version ever loaded (blobs included) and every approval.
// Trust rows are only ever added (CAs, CRL versions, approvals) or an approval withdrawn once, so a few counts say
// whether anything changed — on this node or any other, and through the CLI on the same database.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/client.ts';
import { loadTrustMaterial } from './trust-store.ts';
import type { TrustCache } from './context.ts';
import type { TrustMaterial } from './types.ts';

export type { TrustCache };

const VERSION = sql`select concat_ws('.',
  (select count(*) from trusted_cas),
  (select coalesce(max(id), 0) from crls),
  (select coalesce(max(id), 0) from school_certificates),
  (select count(withdrawn_at) from school_certificates)) as version`;

export function createTrustCache(db: Db): TrustCache {
  let cached: { version: string; trust: TrustMaterial } | null = null;
  const counters = { checks: 0, loads: 0 };
  return {
    counters,
    async load() {
      counters.checks += 1;
      const [row] = rowsOf<{ version: string }>(await db.execute(VERSION));
      const version = row!.version;
      if (cached?.version === version) return cached.trust;
      counters.loads += 1;
      const trust = await loadTrustMaterial(db);
      cached = { version, trust };
      return trust;
    },
  };
}
