// The public portal (SPEC §6): Astro in front of nothing, mounted behind the Node server's `portal` hook
// (api/server/portal.ts) in @astrojs/node middleware mode. Static pages are prerendered; record pages,
// uploads and endpoints render on demand.
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

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
    build: {
      assetsInlineLimit: 0,
      rollupOptions: {
        // The domain core stays out of the bundle: the built pages import api/index.ts at run time,
        // the same module instance the server already loaded (Node runs .ts by type stripping).
        external: [/(^|[\\/])api[\\/]index\.ts$/],
      },
    },
  },
});
