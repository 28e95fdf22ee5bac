// C2SP tlog-tiles paths and shapes, with the examples the spec itself gives.
import { describe, expect, it } from 'vitest';
import { decodeBundle, encodeBundle, encodeTileIndex, parseTilePath, tileExists, tilePath, tilesOf } from '../../../api/log/tiles.ts';

describe('tlog-tiles', () => {
  it('encodes tile indexes in 3-digit groups, all but the last starting with x (the spec: 1234067 → x001/x234/067)', () => {
    expect(encodeTileIndex(1234067)).toBe('x001/x234/067');
    expect(encodeTileIndex(0)).toBe('000');
    expect(encodeTileIndex(1000)).toBe('x001/000');
    expect(tilePath({ level: 2, index: 1234067, width: 17 })).toBe('tile/2/x001/x234/067.p/17');
    expect(tilePath({ level: 'entries', index: 5, width: 256 })).toBe('tile/entries/005');
  });

  it('parses exactly the paths it writes and refuses every other spelling', () => {
    for (const tile of [{ level: 0, index: 0, width: 256 }, { level: 3, index: 1234067, width: 1 }, { level: 'entries' as const, index: 999, width: 255 }]) {
      expect(parseTilePath(tilePath(tile))).toEqual(tile);
    }
    for (const bad of ['tile/0/1', 'tile/0/0001', 'tile/00/000', 'tile/64/000', 'tile/0/x000/001', 'tile/0/001.p/0', 'tile/0/001.p/256',
      'tile/0/001.p/05', 'tile/0/x1/001', 'tile/entries/001.p', 'tiles/0/000', 'tile/0/../000', 'tile/-1/000', 'tile/0/x001']) {
      expect(parseTilePath(bad), bad).toBeNull();
    }
  });

  it('serves the tiles the spec lists for a tree of 70,000 entries', () => {
    const hashTiles = tilesOf(70_000).filter((tile) => tile.level !== 'entries');
    const byLevel = (level: number) => hashTiles.filter((tile) => tile.level === level);
    expect(byLevel(0).filter((tile) => tile.width === 256)).toHaveLength(273);
    expect(byLevel(0).filter((tile) => tile.width < 256).map((tile) => tile.width)).toEqual([112]);
    expect(byLevel(1).map((tile) => tile.width)).toEqual([256, 17]);
    expect(byLevel(2).map((tile) => tile.width)).toEqual([1]);
    expect(hashTiles).toHaveLength(273 + 1 + 2 + 1);
    expect(tilesOf(256).filter((tile) => tile.level !== 'entries').map((tile) => [tile.level, tile.width])).toEqual([[0, 256], [1, 1]]);
  });

  it('says which tiles exist at a size: full ones, and only the one partial tile of the right width', () => {
    expect(tileExists({ level: 0, index: 272, width: 256 }, 70_000)).toBe(true);
    expect(tileExists({ level: 0, index: 273, width: 112 }, 70_000)).toBe(true);
    expect(tileExists({ level: 0, index: 273, width: 111 }, 70_000)).toBe(false);
    expect(tileExists({ level: 0, index: 273, width: 256 }, 70_000)).toBe(false);
    expect(tileExists({ level: 0, index: 274, width: 1 }, 70_000)).toBe(false);
    expect(tileExists({ level: 2, index: 0, width: 1 }, 70_000)).toBe(true);
    expect(tileExists({ level: 3, index: 0, width: 1 }, 70_000)).toBe(false);
    expect(tileExists({ level: 'entries', index: 273, width: 112 }, 70_000)).toBe(true);
  });

  it('writes entry bundles as uint16-length-prefixed entries and reads them back, refusing cut bundles', () => {
    const entries = [Buffer.from('a'), Buffer.alloc(0), Buffer.alloc(300, 7)];
    const bundle = encodeBundle(entries);
    expect(Buffer.from(bundle.subarray(0, 5)).toString('hex')).toBe('0001610000');
    expect(decodeBundle(bundle).map((e) => Buffer.from(e).toString('hex'))).toEqual(entries.map((e) => e.toString('hex')));
    expect(() => decodeBundle(bundle.subarray(0, bundle.length - 1))).toThrow(/cut/);
    expect(() => encodeBundle([Buffer.alloc(65_536)])).toThrow(RangeError);
  });
});
