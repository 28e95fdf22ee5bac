// What the server hands every on-demand page (Astro.locals): the registry and the few services pages need.
import type { Registry, Report } from '../../api/index.ts';

export interface PortalLocals {
  readonly registry: Registry;
  /** The engine on uploaded bytes (XML or package) against the registry's trust material. */
  readonly verifyUpload: (bytes: Uint8Array, now: Date) => Promise<Report>;
  /** The official PDF copy of a record (numbered and logged by the API), or null when it cannot be had. */
  readonly loadPdf: (code: string) => Promise<Uint8Array | null>;
  /** Who looks, for the registry's journal: `portal:<keyed hash of the address>`, never the address. */
  readonly actor: string;
  readonly clock: () => Date;
}
