// Our own CSRF guard for form POSTs (Astro's checkOrigin is off, see astro.config.mjs): the browser's Origin must
// name this host. The scheme is not compared, so a TLS-terminating proxy in front does not break the forms.

export interface RequestFacts {
  readonly method: string;
  /** The host the request was sent to (Host header), and the proxy's X-Forwarded-Host when there is one. */
  readonly hosts: readonly (string | null)[];
  readonly origin: string | null;
  readonly fetchSite: string | null;
}

export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/** True when a state-bearing request may go on: safe methods, same-origin browsers, and non-browser clients. */
export function isSameOriginRequest(facts: RequestFacts): boolean {
  if (isSafeMethod(facts.method)) return true;
  if (facts.fetchSite === 'cross-site' || facts.fetchSite === 'same-site') return false;
  if (facts.origin === null) return facts.fetchSite === null || facts.fetchSite === 'same-origin' || facts.fetchSite === 'none';
  let host: string;
  try {
    host = new URL(facts.origin).host.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file://) and garbage
  }
  return facts.hosts.some((candidate) => candidate !== null && candidate.split(',')[0]!.trim().toLowerCase() === host);
}
