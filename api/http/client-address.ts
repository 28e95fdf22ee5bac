// Who the client is — the one home for it (rate limits, the failed-auth throttle, the journal's requester hash,
// the portal). The socket peer, unless that peer is a trusted proxy: then the right-most X-Forwarded-For hop
// that is not itself a trusted proxy. Hops left of it were written by the client and count for nothing
// (a client that could choose the left-most hop could choose its own budget and its own journal entry).
import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The addresses (CIDRs) of the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed. */
export interface TrustedProxies {
  /** Is this (normalised or not) address one of them? */
  has(address: string): boolean;
  /** The entries as given, for logs and --help. */
  readonly entries: readonly string[];
}

/** No proxy is trusted: every proxy header is the client's word (the default). */
export const NO_TRUSTED_PROXIES: TrustedProxies = { has: () => false, entries: [] };

/**
 * `127.0.0.1/32,10.0.0.0/8,::1/128,fd00::/8` (a bare address is a /32 or /128) → the set. Throws a RangeError
 * naming the entry that is not an address or CIDR, so a typo never silently trusts nobody (or everybody).
 */
export function parseTrustedProxies(list: string | readonly string[]): TrustedProxies {
  const entries = (typeof list === 'string' ? list.split(',') : list).map((entry) => entry.trim()).filter((entry) => entry !== '');
  const blocks = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
    if (family === 0 || rest.length > 0 || !(bits <= max)) {
      throw new RangeError(`"${entry}" is not an IP address or CIDR block (e.g. 10.0.0.0/8, 127.0.0.1, fd00::/8)`);
    }
    blocks.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4');
  }
  return {
    entries,
    has(address) {
      const normal = normalizeAddress(address);
      if (normal === null) return false;
      return blocks.check(normal, isIP(normal) === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

/** An IP address as text, or null; `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) becomes `1.2.3.4`. */
export function normalizeAddress(text: string | undefined): string | null {
  const address = text?.trim() ?? '';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1];
  if (mapped !== undefined && isIP(mapped) === 4) return mapped;
  const family = isIP(address);
  if (family === 4) return address;
  // One spelling per IPv6 address (lower case, zeros compressed), so one client is one key.
  if (family === 6) return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  return null;
}

export interface ClientRequest {
  /** The socket's remote address; undefined when there is no socket (in-process `app.request` in tests). */
  readonly peer: string | undefined;
  /** The X-Forwarded-For header (repeated headers joined with commas, as Node and fetch do). */
  readonly forwardedFor: string | null | undefined;
}

/** The client's address (see the file comment); `local` when there is no socket at all. */
export function clientAddress(request: ClientRequest, trusted: TrustedProxies): string {
  const peer = normalizeAddress(request.peer);
  if (peer === null) return request.peer?.trim() || 'local';
  if (!trusted.has(peer) || !request.forwardedFor) return peer;
  const hops = request.forwardedFor.split(',');
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = normalizeAddress(hops[i]);
    // Not an address (`unknown`, a port, junk): the last address a trusted proxy vouched for is the client.
    if (hop === null) return client;
    client = hop;
    if (!trusted.has(hop)) return hop;
  }
  // Every hop is a trusted proxy: the request started inside; the left-most one is as far as we can see.
  return client;
}

/** Did this request come straight from a trusted proxy (so its X-Forwarded-* headers may be believed)? */
export function isFromTrustedProxy(peer: string | undefined, trusted: TrustedProxies): boolean {
  return peer !== undefined && trusted.has(peer);
}

/** The socket's remote address under @hono/node-server (getConnInfo); undefined for in-process `app.request()`. */
export function peerOf(c: Context): string | undefined {
  // app.request() without an env has no Node bindings; getConnInfo would throw on them.
  const env = c.env as { incoming?: unknown; server?: { incoming?: unknown } } | undefined;
  if (!env?.incoming && !env?.server?.incoming) return undefined;
  return getConnInfo(c).remote.address;
}

/** The client of a Hono request. */
export function clientAddressOf(c: Context, trusted: TrustedProxies): string {
  return clientAddress({ peer: peerOf(c), forwardedFor: c.req.header('x-forwarded-for') }, trusted);
}

/**
 * The key a per-address budget counts under: the address, but an IPv6 client by its /64 — one subscriber
 * is handed a whole /64 and could otherwise take a fresh budget with every one of its 2^64 addresses.
 */
export function budgetKeyOf(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = address.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = [...left, ...Array.from({ length: 8 - left.length - right.length }, () => '0'), ...right];
  return `${groups.slice(0, 4).map((group) => Number.parseInt(group, 16).toString(16)).join(':')}::/64`;
}
