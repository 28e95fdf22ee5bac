// The house of ../shared/STYLE.md as rules: the build fails when an import points the wrong way.
const DOMAIN = '^api/(codec|xml|record|signature|trust|policy|verify|lifecycle|render|pki|log)/';

// What scripts/ may import inside api/: the files api/index.ts re-exports (or names as module entries).
const PUBLIC_FILES = [
  '^api/[a-z-]+\\.ts$',
  '^api/[a-z]+/index\\.ts$',
  '^api/verify/(engine|report)\\.ts$',
  '^api/registry/log-proof-check\\.ts$',
  '^api/render/read-copy\\.ts$',
  '^api/answers/(status|status-text|disclosure|record-answer|signed-answer)\\.ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-knows-no-web-or-db',
      comment: 'Domain folders import no hono, astro or db/: configuration, time and trust come in as arguments.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: ['^db/', '^node_modules/(hono|@hono|astro|@astrojs|pino|pg|pg-pool|@electric-sql|drizzle-orm)/'] },
    },
    {
      name: 'only-http-speaks-http',
      severity: 'error',
      from: { path: '^api/', pathNot: ['^api/http/', '^api/server/'] },
      to: {
        path: ['^node_modules/(hono|@hono|astro|@astrojs)/', '^api/http/', '^api/server/'],
        // api/errors.ts joins every module's codes into the one closed catalogue, the front door's included
        // (rate_limited, body_too_large…); http/issues.ts is a leaf of plain data that imports nothing of HTTP.
        pathNot: ['^api/http/issues\\.ts$'],
      },
    },
    {
      name: 'api-knows-no-site',
      comment: 'Nothing in api/ imports site/ (STYLE.md): public URLs and answers live in api/answers, the portal uses them.',
      severity: 'error',
      from: { path: '^api/' },
      to: { path: '^site/' },
    },
    {
      name: 'answers-above-registry',
      comment: 'answers/ decides what the public is told from what the registry holds; the registry never asks it back.',
      severity: 'error',
      from: { path: '^api/(registry|lifecycle|verify|record|render|log)/' },
      to: { path: '^api/answers/' },
    },
    {
      name: 'only-registry-writes',
      comment: 'registry/ is the only module that touches the database.',
      severity: 'error',
      from: { path: '^api/', pathNot: ['^api/registry/'] },
      to: { path: '^db/' },
    },
    {
      name: 'log-is-a-leaf',
      comment: 'The transparency log (C2SP formats) knows nothing of records: the registry hands it bytes.',
      severity: 'error',
      from: { path: '^api/log/' },
      to: { path: '^api/', pathNot: '^api/log/' },
    },
    {
      name: 'xml-and-codec-are-leaves',
      severity: 'error',
      from: { path: '^api/(xml|codec)/' },
      to: { path: '^api/(record|signature|trust|policy|verify|lifecycle|registry|render|http|pki)/' },
    },
    {
      name: 'record-below-signature-and-trust',
      severity: 'error',
      from: { path: '^api/record/' },
      to: { path: '^api/(signature|trust|policy|verify|lifecycle|registry|render|http|pki)/' },
    },
    {
      name: 'signature-is-only-integrity',
      comment: '"Is it intact?" knows nothing of trust or policy (STYLE.md, sigstore-js).',
      severity: 'error',
      from: { path: '^api/signature/' },
      to: { path: '^api/(trust|policy|verify|lifecycle|registry|render|http)/' },
    },
    {
      name: 'trust-is-plain',
      severity: 'error',
      from: { path: '^api/trust/' },
      to: { path: '^api/(signature|record|policy|verify|lifecycle|registry|render|http)/' },
    },
    {
      name: 'policy-below-verify',
      severity: 'error',
      from: { path: '^api/policy/' },
      to: { path: '^api/(signature|verify|registry|render|http)/' },
    },
    {
      name: 'verify-below-registry',
      severity: 'error',
      from: { path: '^api/verify/' },
      to: { path: '^api/(registry|render|http|lifecycle)/' },
    },
    {
      name: 'registry-below-http',
      severity: 'error',
      from: { path: '^api/(registry|lifecycle|render)/' },
      to: { path: '^api/(http|server)/' },
    },
    {
      name: 'outside-reaches-domain-through-index',
      comment: 'site/ reaches the domain only through api/index.ts (and the server entry).',
      severity: 'error',
      from: { path: '^site/' },
      to: { path: '^api/', pathNot: ['^api/index\\.ts$', '^api/samples/index\\.ts$', '^api/server/', '^api/cli/'] },
    },
    {
      name: 'samples-outside-the-engine',
      comment: 'Sample records are for tests, the demo and benchmarks: no part of api/ imports them, api/index.ts included.',
      severity: 'error',
      from: { path: '^api/', pathNot: '^api/samples/' },
      to: { path: '^api/samples/' },
    },
    {
      name: 'pki-outside-the-engine',
      comment: 'The test PKI generator (`hocba pki init`, the demo, tests) is a tool beside the engine, not part of it: no part of '
        + 'api/ imports it, api/index.ts included; scripts, tests and benchmarks reach it through api/pki/index.ts.',
      severity: 'error',
      from: { path: '^api/', pathNot: '^api/pki/' },
      to: { path: '^api/pki/' },
    },
    {
      name: 'commands-import-public-files',
      comment: 'scripts/ imports api/index.ts or one of the public files it re-exports, so that `hocba X` loads what X '
        + 'runs and not the whole core (issue 17): a module entry (api/<module>/index.ts), a top-level file, or a '
        + 'listed leaf that api/index.ts re-exports as it is. Nothing else inside a module.',
      severity: 'error',
      from: { path: '^scripts/' },
      to: { path: '^api/', pathNot: ['^api/server/', '^api/cli/', ...PUBLIC_FILES] },
    },
    {
      name: 'no-circular',
      comment: 'No cycles, type-only imports included: a type shared by two modules lives in a third both import (issue 12).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
