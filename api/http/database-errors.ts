// Is this error the database being away (connection refused, cut, terminated, starting up)? Then the answer is
// 503 `service_unavailable`: the request may be repeated, unlike a 500 which is a bug.
/** SQLSTATE classes and codes of a lost or refused connection (PostgreSQL appendix A). */
const SQLSTATES = /^(08...|57P0[1-3]|53300|3D000)$/;
/** postgres.js and Node socket codes of a connection that could not be made or was lost. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
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
    pending.push(next.cause);
    if (next instanceof AggregateError) pending.push(...next.errors);
  }
  return false;
}
