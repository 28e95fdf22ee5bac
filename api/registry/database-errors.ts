// Is this error the database being away (connection refused, cut, terminated, starting up)? Then the front door
// answers 503 `service_unavailable` (the request may be repeated, unlike a 500 which is a bug), and the read path
// answers a replica's miss instead of failing when the primary it asks next is the one away.
/** SQLSTATE classes and codes of a lost or refused connection (PostgreSQL appendix A). */
const SQLSTATES = /^(08...|57P0[1-3]|53300|3D000)$/;
/** Node socket codes of a connection that could not be made or was lost. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
]);
/** node-postgres (pg 8, pg-pool 3) reports a lost connection or an exhausted connect wait without a code. */
const CONNECTION_MESSAGES = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'timeout expired',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  // drizzle wraps the driver's error in `cause`; AggregateError (several addresses refused) in `errors`.
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const next = pending.pop();
    if (!(next instanceof Error) || seen.has(next)) continue;
    seen.add(next);
    const code = (next as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || SQLSTATES.test(code))) return true;
    if (code === undefined && CONNECTION_MESSAGES.has(next.message)) return true;
    pending.push(next.cause);
    if (next instanceof AggregateError) pending.push(...next.errors);
  }
  return false;
}
