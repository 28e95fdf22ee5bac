/// <reference types="astro/client" />

// What every on-demand page finds in Astro.locals (set by api/server/portal.ts).
type PortalLocals = import('./lib/locals.ts').PortalLocals;

declare namespace App {
  interface Locals extends PortalLocals {}
}
