// The transparency log's public files (SPEC §5 "Log", C2SP tlog-tiles): the signed checkpoint, the verifier key,
// hash tiles and entry bundles. Tiles never change once they exist (a partial tile has its width in its path), so
// they are cached for a year; the checkpoint moves every second or so.
import { Hono } from 'hono';
import { ApiError } from '../api-error.ts';
import type { AppEnv, Deps } from '../types.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';

export function logRoutes(deps: Deps) {
  const { log } = deps.registry;
  return new Hono<AppEnv>()
    .use('/log/*', deps.guards.publicRate)
    .get('/log/checkpoint', async (c) => {
      const note = await log.checkpoint();
      if (note === null) throw new ApiError(404, 'log_not_found', { params: { path: 'checkpoint' } });
      return c.body(note, 200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=1' });
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
