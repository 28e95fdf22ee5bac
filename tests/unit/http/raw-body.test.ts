// Issue 11: a 6 MB upload cost ~55 ms of event-loop time, most of it a full garbage collection, because its bytes
// were copied three times on the main thread (each socket chunk into a web stream, the chunks concatenated, the
// result sliced). Through a real socket: the body is read into ONE buffer of exactly its declared length and the
// web body stream is never made — counted (buffer sizes, whether the stream was used), never timed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toWireError } from '../../../api/http/error-handler.ts';
import { limitBody } from '../../../api/http/middleware/body-limit.ts';
import { readRawBody } from '../../../api/http/raw-body.ts';

const LIMIT = 8 * 1024 * 1024;
let server: Server;
let url: string;

beforeAll(async () => {
  const app = new Hono();
  app.post('/upload', limitBody(LIMIT), async (c) => {
    const bytes = await readRawBody(c, LIMIT);
    let sum = 0;
    for (let i = 0; i < bytes.length; i += 4096) sum = (sum + bytes[i]!) % 65_521;
    return c.json({ length: bytes.length, bufferLength: bytes.buffer.byteLength, webStreamUsed: c.req.raw.bodyUsed, sum });
  });
  app.onError((error, c) => {
    const wire = toWireError(error);
    return c.json({ code: wire.code }, wire.status as 400);
  });
  server = createServer(getRequestListener(app.fetch));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

function upload(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 4096) bytes[i] = i % 251;
  return bytes;
}

function sumOf(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 4096) sum = (sum + bytes[i]!) % 65_521;
  return sum;
}

describe('readRawBody through a real socket', () => {
  it('reads a 6 MB upload into one buffer of exactly its length, without making the web body stream', async () => {
    const body = upload(6 * 1024 * 1024 + 17);
    const answer = await (await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/pdf' } })).json();
    expect(answer).toEqual({ length: body.length, bufferLength: body.length, webStreamUsed: false, sum: sumOf(body) });
  });

  it('refuses a declared length over the cap before reading, and caps a chunked body as it streams', async () => {
    const over = await fetch(url, { method: 'POST', body: upload(LIMIT + 1), headers: { 'content-type': 'application/pdf' } });
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ code: 'body_too_large' });
    const big = upload(LIMIT + 1);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < big.length; at += 1 << 20) controller.enqueue(big.subarray(at, at + (1 << 20)));
        controller.close();
      },
    });
    const streamed = await fetch(url, { method: 'POST', body: chunked, duplex: 'half', headers: { 'content-type': 'application/pdf' } } as RequestInit);
    expect(streamed.status).toBe(413);
    // A small chunked body is still read whole (the standard route: no declared length to size one buffer by).
    const small = upload(100_000);
    const fine = new ReadableStream<Uint8Array>({ start(controller) { controller.enqueue(small); controller.close(); } });
    const read = await (await fetch(url, { method: 'POST', body: fine, duplex: 'half', headers: { 'content-type': 'application/pdf' } } as RequestInit)).json();
    expect(read).toMatchObject({ length: small.length, sum: sumOf(small) });
  });
});
