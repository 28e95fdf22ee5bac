// The portal's static files (prerendered pages, /_astro assets, fonts) served from dist/client with cache headers:
// the Astro handler in middleware mode serves no files itself. Indexed once at start, so no path is ever joined.
import { createReadStream, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';

export interface StaticFile {
  readonly path: string;
  readonly size: number;
  readonly type: string;
  readonly lastModified: string;
  /** Hashed build assets never change under their name. */
  readonly immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8', '.woff2': 'font/woff2', '.woff': 'font/woff',
  '.webmanifest': 'application/manifest+json', '.xml': 'application/xml',
  // The QR reader's WebAssembly (site/lib/qr-decoder.ts): compiled while it streams only with this exact type.
  '.wasm': 'application/wasm',
};

/** URL path → file, for every file under `clientDir`; `a/index.html` also answers `/a` and `/a/`. */
export function indexStaticFiles(clientDir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) { walk(full); continue; }
      if (!entry.isFile()) continue;
      const rel = relative(clientDir, full).split(sep).join('/');
      const stat = statSync(full);
      const file: StaticFile = {
        path: full, size: stat.size, type: TYPES[extname(full).toLowerCase()] ?? 'application/octet-stream',
        lastModified: stat.mtime.toUTCString(), immutable: rel.startsWith('_astro/'),
      };
      files.set(`/${rel}`, file);
      if (rel === 'index.html') files.set('/', file);
      else if (rel.endsWith('/index.html')) {
        const folder = `/${rel.slice(0, -'/index.html'.length)}`;
        files.set(folder, file);
        files.set(`${folder}/`, file);
      }
    }
  };
  walk(clientDir);
  return files;
}

/** The URL path as the index knows it: percent-decoded; null when it cannot be decoded. */
export function toIndexKey(rawUrl: string): string | null {
  try {
    return decodeURIComponent(new URL(rawUrl, 'http://portal.invalid').pathname);
  } catch {
    return null;
  }
}

export function sendStaticFile(req: IncomingMessage, res: ServerResponse, file: StaticFile, status = 200): void {
  res.statusCode = status;
  res.setHeader('Content-Type', file.type);
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('Last-Modified', file.lastModified);
  if (status === 200) {
    res.setHeader('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    if (req.headers['if-modified-since'] === file.lastModified) {
      res.statusCode = 304;
      res.removeHeader('Content-Length');
      res.end();
      return;
    }
  } else {
    res.setHeader('Cache-Control', 'no-store');
  }
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file.path).on('error', () => res.destroy()).pipe(res);
}
