// What the server hands every on-demand page (Astro.locals): the answers layer and the few services pages need.
// The shape is defined by the server that builds it (api/server/portal.ts).
export type { PortalLocals } from '../../api/server/portal.ts';
