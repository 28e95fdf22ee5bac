// Who the client is behind proxies (issue 11): the right-most X-Forwarded-For hop that is not a trusted proxy,
// and proxy headers only when the socket peer is a trusted proxy. Every chain below is one a client could send.
import { describe, expect, it } from 'vitest';
import {
  budgetKeyOf, clientAddress, NO_TRUSTED_PROXIES, normalizeAddress, parseTrustedProxies,
} from '../../../api/http/client-address.ts';

const PROXIES = parseTrustedProxies('127.0.0.1/32, 10.0.0.0/8,::1/128,fd00::/8');

describe('clientAddress', () => {
  describe('when the socket peer is a trusted proxy', () => {
    it('takes the right-most hop that is not a trusted proxy, whatever the client wrote left of it', () => {
      const chains: Array<[peer: string, forwardedFor: string, client: string]> = [
        ['127.0.0.1', '198.51.100.7', '198.51.100.7'],
        // The client's own X-Forwarded-For is kept by the proxy, which appends the address it saw.
        ['127.0.0.1', '1.2.3.4, 198.51.100.7', '198.51.100.7'],
        ['127.0.0.1', '9.9.9.9,8.8.8.8 , 198.51.100.7', '198.51.100.7'],
        // A client claiming to be a trusted proxy on the left changes nothing.
        ['127.0.0.1', '10.0.0.9, 198.51.100.7', '198.51.100.7'],
        // Two proxies (edge 10.0.0.5, then the local one): the edge's hop is skipped as trusted.
        ['127.0.0.1', '1.2.3.4, 198.51.100.7, 10.0.0.5', '198.51.100.7'],
        ['10.1.2.3', '2001:DB8:0:0::1, 10.0.0.5', '2001:db8::1'],
        ['::1', '::ffff:198.51.100.7', '198.51.100.7'],
        ['::ffff:127.0.0.1', '198.51.100.7', '198.51.100.7'],
        // Junk the client wrote is never reached; junk a trusted proxy wrote stops at the last vouched address.
        ['127.0.0.1', 'not-an-ip, 198.51.100.7', '198.51.100.7'],
        ['127.0.0.1', '198.51.100.7, unknown', '127.0.0.1'],
        ['127.0.0.1', '198.51.100.7:4711', '127.0.0.1'],
        ['127.0.0.1', '1.2.3.4, unknown, 10.0.0.5', '10.0.0.5'],
        // Only trusted hops: the request started inside; the left-most is the client.
        ['127.0.0.1', '10.0.0.7, 10.0.0.5', '10.0.0.7'],
        // No header, or an empty one: the proxy itself.
        ['127.0.0.1', '', '127.0.0.1'],
        ['fd00::2', ' , ', 'fd00::2'],
      ];
      const chosen = chains.map(([peer, forwardedFor]) => clientAddress({ peer, forwardedFor }, PROXIES));
      expect(chosen).toEqual(chains.map(([, , client]) => client));
    });

    it('gives one address to a client that rotates the left-most hop (the bypass of issue 11)', () => {
      const seen = new Set(Array.from({ length: 330 }, (_, i) =>
        clientAddress({ peer: '127.0.0.1', forwardedFor: `203.0.113.${i % 256}, 198.51.100.7` }, PROXIES)));
      expect([...seen]).toEqual(['198.51.100.7']);
    });
  });

  describe('when the socket peer is not a trusted proxy', () => {
    it('ignores X-Forwarded-For and answers the peer', () => {
      expect(clientAddress({ peer: '198.51.100.7', forwardedFor: '1.2.3.4' }, PROXIES)).toBe('198.51.100.7');
      expect(clientAddress({ peer: '127.0.0.1', forwardedFor: '1.2.3.4' }, NO_TRUSTED_PROXIES)).toBe('127.0.0.1');
      expect(clientAddress({ peer: '::ffff:198.51.100.7', forwardedFor: '10.0.0.1' }, PROXIES)).toBe('198.51.100.7');
    });

    it('answers local without a socket (in-process requests)', () => {
      expect(clientAddress({ peer: undefined, forwardedFor: '198.51.100.7' }, PROXIES)).toBe('local');
    });
  });
});

describe('parseTrustedProxies', () => {
  it('reads CIDRs and bare addresses of both families', () => {
    const proxies = parseTrustedProxies(['192.168.1.0/24', '203.0.113.5', '2001:db8:1::/48', '::1']);
    const probes = ['192.168.1.200', '192.168.2.1', '203.0.113.5', '203.0.113.6', '2001:db8:1:ffff::1', '2001:db8:2::1', '::1', '::2', '::ffff:192.168.1.9'];
    expect(probes.filter((address) => proxies.has(address))).toEqual(['192.168.1.200', '203.0.113.5', '2001:db8:1:ffff::1', '::1', '::ffff:192.168.1.9']);
    expect(proxies.entries).toEqual(['192.168.1.0/24', '203.0.113.5', '2001:db8:1::/48', '::1']);
    expect(parseTrustedProxies('').entries).toEqual([]);
  });

  it('refuses what is not an address or CIDR, naming it', () => {
    for (const bad of ['10.0.0.0/33', '::/129', '10.0.0/8', 'localhost', '10.0.0.0/8/1', '10.0.0.0/-1', '10.0.0.0/', '10.0.0.0/1e1']) {
      expect(() => parseTrustedProxies(`127.0.0.1/32,${bad}`), bad).toThrow(`"${bad}" is not an IP address or CIDR block`);
    }
  });
});

describe('normalizeAddress and budgetKeyOf', () => {
  it('spells each address one way and counts an IPv6 client by its /64', () => {
    expect(['::FFFF:10.0.0.1', '2001:DB8::0:1', ' 10.0.0.1 ', 'x', undefined].map(normalizeAddress))
      .toEqual(['10.0.0.1', '2001:db8::1', '10.0.0.1', null, null]);
    expect(['2001:db8:a:b:1:2:3:4', '2001:db8:a:b::9', '2001:db8::1', '::1', 'fe80::', '198.51.100.7', 'local'].map(budgetKeyOf))
      .toEqual(['2001:db8:a:b::/64', '2001:db8:a:b::/64', '2001:db8:0:0::/64', '0:0:0:0::/64', 'fe80:0:0:0::/64', '198.51.100.7', 'local']);
  });
});
