// A raw upload body read into ONE buffer of its declared length, straight from the Node request (issue 11): the
// web-stream route copied each chunk, concatenated them and sliced the result, about three times the upload in
// short-lived buffers on the event loop, and a 6 MB upload then cost a full garbage collection of the main heap.
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { ApiError } from './api-error.ts';

/** Bytes of one upload: its own buffer (so it can be handed over to a worker), at most `maxBytes`. */
export async function readRawBody(c: Context, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const declared = Number(c.req.header('content-length'));
  // In-process requests (tests) and chunked bodies take the standard route; limitBody has capped them.
  if (!incoming || !Number.isSafeInteger(declared) || declared < 0 || incoming.readableDidRead || c.req.header('transfer-encoding') !== undefined) {
    return new Uint8Array(await c.req.arrayBuffer());
  }
  if (declared > maxBytes) throw new ApiError(413, 'body_too_large', { params: { limit: maxBytes } });
  const body = new Uint8Array(declared);
  let at = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    if (at + chunk.length > declared) throw new ApiError(400, 'invalid_request', { path: 'body', params: { detail: 'body_length' } });
    body.set(chunk, at);
    at += chunk.length;
  }
  if (at !== declared) throw new ApiError(400, 'invalid_request', { path: 'body', params: { detail: 'body_length' } });
  return body;
}
