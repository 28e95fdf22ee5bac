// `hocba push` against a registry that fails the way networks fail: a real HTTP server answering 503, dropping
// the connection, 429 with Retry-After, then 200; the waits are recorded instead of slept.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPushClient, PushRefused } from '../../../scripts/cli/push-client.ts';

type Answer = 'drop' | { status: number; headers?: Record<string, string>; body: unknown };

describe('push client retries', () => {
  let server: Server;
  let url: string;
  let script: Answer[] = [];
  let requests: { authorization?: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
      req.on('end', () => {
        requests.push({ authorization: req.headers.authorization, body });
        const answer = script.shift() ?? { status: 500, body: { code: 'internal_error' } };
        if (answer === 'drop') {
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  function client() {
    const waits: number[] = [];
    const push = createPushClient({ url, token: 'T0KEN', sleep: async (ms) => void waits.push(ms) });
    return { push, waits };
  }

  it('retries 503, a dropped connection and 429 (honouring Retry-After), then returns the results', async () => {
    requests = [];
    const results = [{ lookupCode: 'A'.repeat(32), status: 'accepted', receipt: { receiptId: 'r', receivedAt: 't', digest: 'd' } }];
    script = [
      { status: 503, body: { code: 'service_unavailable' } },
      'drop',
      { status: 429, headers: { 'Retry-After': '7' }, body: { code: 'rate_limited' } },
      { status: 200, body: { results } },
    ];
    const { push, waits } = client();
    expect(await push(['cGtn'])).toEqual(results);
    expect(waits).toEqual([500, 1000, 7000]);
    expect(requests).toHaveLength(4);
    expect(requests.every((r) => r.authorization === 'Bearer T0KEN' && r.body === '{"packages":["cGtn"]}')).toBe(true);
  });

  it('gives up after 5 tries', async () => {
    requests = [];
    script = Array.from({ length: 6 }, () => ({ status: 502, body: {} }));
    const { push, waits } = client();
    await expect(push(['x'])).rejects.toThrow(/gave up after 5 tries: 502/);
    expect(requests).toHaveLength(5);
    expect(waits).toEqual([500, 1000, 2000, 4000]);
  });

  it('does not retry a refusal such as 401 or 413', async () => {
    requests = [];
    script = [{ status: 413, body: { code: 'body_too_large', message: 'too large' } }];
    const { push } = client();
    const error = await push(['x']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PushRefused);
    expect(error).toMatchObject({ status: 413, code: 'body_too_large' });
    expect(requests).toHaveLength(1);
  });
});
