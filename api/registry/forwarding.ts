// Forwarding to the national store (issue 19) as the registry offers it: the province's stream and journal, and
// the national side's accounts, cursors and apply. One surface, so the doors never reach the modules under it.
import type { RegistryContext } from './context.ts';
import { addProvinceAccount, authenticateProvince, revokeProvinceTokens } from './forward-accounts.ts';
import { forwardStatus } from './forward-deadlines.ts';
import { forwardCursor, receiveBatch } from './forward-receive.ts';
import { countStream, journalForwarded, lastForwarded, readStream } from './forward-stream.ts';
import type { Forwarding } from './forward-types.ts';

export function createForwarding(ctx: RegistryContext): Forwarding {
  return {
    readStream: (after, limit, maxBytes) => readStream(ctx, after, limit, maxBytes),
    countStream: (after) => countStream(ctx, after),
    journalForwarded: (target, batch, now, actor) => journalForwarded(ctx, target, batch, now ?? ctx.clock(), actor),
    lastForwarded: (target) => lastForwarded(ctx, target),
    status: async (schoolYear, target) => forwardStatus(ctx, schoolYear, await lastForwarded(ctx, target)),
    addProvince: (provinceCode, options) => addProvinceAccount(ctx, provinceCode, options),
    revokeProvince: (target, options) => revokeProvinceTokens(ctx, target, options),
    authenticateProvince: (token) => authenticateProvince(ctx, token),
    cursor: (provinceCode) => forwardCursor(ctx, provinceCode),
    receive: (provinceCode, batch, now) => receiveBatch(ctx, provinceCode, batch, now ?? ctx.clock()),
  };
}
