// C2SP tlog-tiles: tile and entry-bundle paths, which node hashes a tile holds, and entry bundles.
// A tile at level L holds the hashes of complete subtrees of 256^L leaves, i.e. tree nodes at height 8·L.
import type { NodeId, NodeReader } from './merkle.ts';

const TILE_WIDTH = 256;
const TILE_HEIGHT = 8;
/** An entry is at most what a uint16 length prefix can carry (tlog-tiles entry bundles). */
const MAX_ENTRY_BYTES = 0xffff;

export interface TileRef {
  /** Level 0–63, or 'entries' for an entry bundle. */
  readonly level: number | 'entries';
  readonly index: number;
  /** 1–255 for a partial tile; 256 for a full one. */
  readonly width: number;
}

/** `1234067` → `x001/x234/067`. */
export function encodeTileIndex(index: number): string {
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join('/');
}

export function tilePath(tile: TileRef): string {
  const width = tile.width === TILE_WIDTH ? '' : `.p/${tile.width}`;
  return `tile/${tile.level}/${encodeTileIndex(tile.index)}${width}`;
}

const LEVEL = /^(0|[1-9]\d?)$/;
const GROUP = /^x\d{3}$/;
const LAST = /^\d{3}$/;
const WIDTH = /^([1-9]\d?|1\d\d|2[0-4]\d|25[0-5])$/;

/** Parses `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]` (without the log prefix); null when not one. */
export function parseTilePath(path: string): TileRef | null {
  const parts = path.split('/');
  if (parts[0] !== 'tile' || parts.length < 3) return null;
  const levelText = parts[1]!;
  const level = levelText === 'entries' ? 'entries' : LEVEL.test(levelText) && Number(levelText) <= 63 ? Number(levelText) : null;
  if (level === null) return null;
  let rest = parts.slice(2);
  let width = TILE_WIDTH;
  if (rest.length >= 2 && rest[rest.length - 2]!.endsWith('.p')) {
    const w = rest[rest.length - 1]!;
    if (!WIDTH.test(w)) return null;
    width = Number(w);
    rest = [...rest.slice(0, -2), rest[rest.length - 2]!.slice(0, -2)];
  }
  const last = rest[rest.length - 1]!;
  if (!LAST.test(last) || !rest.slice(0, -1).every((group) => GROUP.test(group))) return null;
  if (rest.length > 1 && rest[0] === 'x000') return null; // no leading zero groups: one path per index
  const index = Number(rest.map((group) => group.replace('x', '')).join(''));
  if (!Number.isSafeInteger(index)) return null;
  return { level, index, width };
}

/** Which tiles exist at `size`: may `tile` be served for a tree of this size? (Empty tiles never are.) */
export function tileExists(tile: TileRef, size: number): boolean {
  const level = tile.level === 'entries' ? 0 : tile.level;
  const span = TILE_WIDTH ** level;
  const fullTiles = Math.floor(size / (span * TILE_WIDTH));
  if (tile.index < fullTiles) return tile.width === TILE_WIDTH;
  // The one partial tile at this level, of width floor(size / 256^L) mod 256 (tlog-tiles "Partial Tiles").
  return tile.index === fullTiles && tile.width < TILE_WIDTH && tile.width === Math.floor(size / span) % TILE_WIDTH;
}

/** The nodes whose hashes, concatenated, are a hash tile. */
export function tileNodes(tile: TileRef & { level: number }): NodeId[] {
  return Array.from({ length: tile.width }, (_, i) => ({ level: TILE_HEIGHT * tile.level, index: tile.index * TILE_WIDTH + i }));
}

/** The leaf indexes an entry bundle holds. */
function bundleRange(tile: TileRef): { start: number; end: number } {
  const start = tile.index * TILE_WIDTH;
  return { start, end: start + tile.width };
}

/** Entries as a bundle: each a big-endian uint16 length, then its bytes. */
export function encodeBundle(entries: readonly Uint8Array[]): Uint8Array {
  const out = Buffer.alloc(entries.reduce((sum, entry) => sum + 2 + entry.length, 0));
  let at = 0;
  for (const entry of entries) {
    if (entry.length > MAX_ENTRY_BYTES) throw new RangeError(`a log entry is at most ${MAX_ENTRY_BYTES} bytes`);
    out.writeUInt16BE(entry.length, at);
    out.set(entry, at + 2);
    at += 2 + entry.length;
  }
  return out;
}

export function decodeBundle(bundle: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  const bytes = Buffer.from(bundle.buffer, bundle.byteOffset, bundle.byteLength);
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) throw new RangeError('entry bundle cut inside a length prefix');
    const length = bytes.readUInt16BE(at);
    if (at + 2 + length > bytes.length) throw new RangeError('entry bundle cut inside an entry');
    entries.push(bytes.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
}

/** Every tile (hash tiles at each level, and entry bundles) that a tree of `size` serves. */
export function tilesOf(size: number): TileRef[] {
  const tiles: TileRef[] = [];
  for (let level = 0; TILE_WIDTH ** level <= size; level++) {
    const span = TILE_WIDTH ** level;
    const full = Math.floor(size / (span * TILE_WIDTH));
    for (let index = 0; index < full; index++) tiles.push({ level, index, width: TILE_WIDTH });
    const partial = Math.floor(size / span) % TILE_WIDTH;
    if (partial > 0) tiles.push({ level, index: full, width: partial });
  }
  const fullBundles = Math.floor(size / TILE_WIDTH);
  for (let index = 0; index < fullBundles; index++) tiles.push({ level: 'entries', index, width: TILE_WIDTH });
  if (size % TILE_WIDTH > 0) tiles.push({ level: 'entries', index: fullBundles, width: size % TILE_WIDTH });
  return tiles;
}

/** What serving tiles needs from the log's storage. */
export interface TileSource {
  readonly readNodes: NodeReader;
  /** Entries [start, end), in order. */
  readEntries(start: number, end: number): Promise<Uint8Array[]>;
}

/** The bytes of `tile` in the tree of `size` (a checkpointed size), or null when that tile does not exist there. */
export async function readTile(tile: TileRef, size: number, source: TileSource): Promise<Uint8Array | null> {
  if (!tileExists(tile, size)) return null;
  if (tile.level === 'entries') {
    const { start, end } = bundleRange(tile);
    return encodeBundle(await source.readEntries(start, end));
  }
  return Buffer.concat(await source.readNodes(tileNodes({ ...tile, level: tile.level })));
}
