// Who asked, without writing down who: a keyed hash of the client address for the journal and the copy log
// (Decree 13/2023). The key lives as long as the process unless the operator fixes it (AppOptions.ipHashKey).
import { createHmac } from 'node:crypto';
import type { Context } from 'hono';
import { clientAddressOf } from './client-address.ts';
import type { AppEnv, Deps } from './types.ts';

export function requesterHash(c: Context<AppEnv>, deps: Deps): string {
  return createHmac('sha256', deps.ipHashKey).update(clientAddressOf(c, deps.trustedProxies)).digest('hex').slice(0, 32);
}
