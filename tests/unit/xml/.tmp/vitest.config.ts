import { defineConfig } from 'vitest/config';
export default defineConfig({
  root: '/work/main',
  resolve: { alias: [{ find: /^\.\/support\/xadesjs\.ts$/, replacement: '/work/main/tests/unit/xml/.tmp/xadesjs.ts' }] },
  test: { include: ['tests/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000, pool: 'forks' },
});
