// The transparency log's public files (SPEC §5 "Log", C2SP tlog-tiles): the signed checkpoint, the verifier key,
// hash tiles and entry bundles. Tiles never change once they exist (a partial tile has its width in its path), so
// they are cached for a year; the checkpoint moves every second or so.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { ApiError } from '../api-error.ts';
import type { AppEnv, Deps } from '../types.ts';
import { errorResponses } from './common.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';

export function logRoutes(deps: Deps) {
  const { log } = deps.registry;
  return new Hono<AppEnv>()
    .use('/log/*', deps.guards.publicRate)
    .get('/log/checkpoint', async (c) => {
      const head = await log.checkpoint();
      if (head === null) throw new ApiError(404, 'log_not_found', { params: { path: 'checkpoint' } });
      return c.body(head.note, 200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=1' });
    })
    .get('/log/key', (c) => {
      if (log.verifierKey === null) throw new ApiError(503, 'log_not_configured');
      return c.body(`${log.verifierKey}\n`, 200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=3600' });
    })
    .get('/log/tile/*', async (c) => {
      const path = c.req.path.slice('/log/'.length);
      const bytes = await log.tile(path);
      if (bytes === null) throw new ApiError(404, 'log_not_found', { params: { path: path.slice(0, 80) } });
      return c.body(new Uint8Array(bytes), 200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': IMMUTABLE });
    });
}

/**
 * The OpenAPI description of the log's files. Their handlers are plain routes (a tile path has slashes, which an
 * OpenAPI path parameter cannot hold), so the document names the tile route `/log/tile/{path}`.
 */
export function documentLogRoutes(app: OpenAPIHono<AppEnv>): void {
  const text = (description: string) => ({ 200: { description, content: { 'text/plain': { schema: z.string() } } } });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/log/checkpoint', summary: 'The log\'s latest checkpoint: a C2SP tlog-checkpoint in an Ed25519 signed note',
    responses: { ...text('The signed note'), ...errorResponses(404, 429) },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/log/key', summary: 'The note verifier key that signs the checkpoints (<origin>+<key id>+<base64 key>)',
    responses: { ...text('The verifier key'), ...errorResponses(429, 503) },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/log/tile/{path}',
    summary: 'A C2SP tlog-tiles hash tile (`<L>/<N>[.p/<W>]`) or entry bundle (`entries/<N>[.p/<W>]`); immutable',
    request: { params: z.object({ path: z.string().openapi({ param: { name: 'path', in: 'path' }, example: 'entries/000.p/7' }) }) },
    responses: {
      200: { description: 'Concatenated 32-byte hashes, or uint16-length-prefixed entries', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
      ...errorResponses(404, 429),
    },
  });
}
