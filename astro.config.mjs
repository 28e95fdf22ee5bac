// The public portal (SPEC §6): Astro in front of nothing, mounted behind the Node server's `portal` hook
// (api/server/portal.ts) in @astrojs/node middleware mode. Static pages are prerendered; record pages,
// uploads and endpoints render on demand.
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

const domainSurface = fileURLToPath(new URL('./api/index.ts', import.meta.url));

/**
 * The domain core stays out of the bundle: built pages import api/index.ts at run time, the same module
 * instance the server already loaded (Node runs .ts by type stripping). The bundler writes the external as
 * an absolute path; generateBundle makes it relative to each chunk, so dist/ still works if the checkout moves.
 */
function domainOutsideBundle() {
  return {
    name: 'hocba-domain-outside-bundle',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!source.endsWith('api/index.ts')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === domainSurface ? { id: domainSurface, external: 'absolute' } : null;
    },
    generateBundle(options, bundle) {
      if (!options.dir) return;
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.code.includes(domainSurface)) continue;
        let path = relative(dirname(join(options.dir, chunk.fileName)), domainSurface).split(sep).join('/');
        if (!path.startsWith('.')) path = `./${path}`;
        chunk.code = chunk.code.replaceAll(JSON.stringify(domainSurface), JSON.stringify(path));
      }
    },
  };
}

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: './dist',
  output: 'server',
  adapter: node({ mode: 'middleware', bodySizeLimit: 12 * 1024 * 1024 }),
  // No sessions: the portal keeps no state between requests.
  session: false,
  // Astro's own check compares scheme + host and refuses form POSTs behind a TLS-terminating proxy;
  // site/middleware.ts does a same-origin check of its own (docs/portal.md "Forms without JavaScript").
  security: { checkOrigin: false },
  build: { inlineStylesheets: 'never', format: 'directory' },
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
  vite: {
    // Nothing inline: the CSP allows scripts, styles and fonts only from 'self'.
    build: { assetsInlineLimit: 0 },
    plugins: [domainOutsideBundle()],
  },
});
