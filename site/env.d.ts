/// <reference types="astro/client" />

// What every on-demand page finds in Astro.locals (set by api/server/portal.ts), and the console's session once
// site/middleware.ts has checked it (site/lib/console-guard.ts).
type PortalLocals = import('./lib/locals.ts').PortalLocals;
type ConsoleState = import('./lib/console-guard.ts').ConsoleState;

declare namespace App {
  interface Locals extends PortalLocals {
    console?: ConsoleState;
  }
}
