// WOFF 1.0 → plain sfnt (TrueType) bytes, once per process, so subsetting does not re-inflate tables per glyph.
import { inflateSync } from 'node:zlib';

// fontkit reads WOFF tables by inflating the whole table on every access; its subsetter reads `glyf` once per
// glyph, which made one PDF cost ~800 ms. The sfnt holds exactly the same tables, uncompressed (W3C WOFF 1.0 §5).
const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;
const SFNT_HEADER = 12;
const SFNT_ENTRY = 16;

interface Table { tag: number; checksum: number; data: Uint8Array }

export function toSfnt(woff: Uint8Array): Uint8Array {
  const view = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (view.getUint32(0) !== WOFF_SIGNATURE) throw new Error('not a WOFF 1.0 font');
  const flavor = view.getUint32(4);
  const count = view.getUint16(12);
  const tables: Table[] = [];
  for (let i = 0; i < count; i++) {
    const at = WOFF_HEADER + i * WOFF_ENTRY;
    const offset = view.getUint32(at + 4);
    const compressed = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    const stored = woff.subarray(offset, offset + compressed);
    const data = compressed < length ? new Uint8Array(inflateSync(stored)) : stored;
    if (data.length !== length) throw new Error('WOFF table length mismatch');
    tables.push({ tag: view.getUint32(at), checksum: view.getUint32(at + 16), data });
  }
  let size = SFNT_HEADER + SFNT_ENTRY * count;
  for (const table of tables) size += pad4(table.data.length);
  const out = new Uint8Array(size);
  const sfnt = new DataView(out.buffer);
  const power = 2 ** Math.floor(Math.log2(count));
  sfnt.setUint32(0, flavor);
  sfnt.setUint16(4, count);
  sfnt.setUint16(6, power * 16);
  sfnt.setUint16(8, Math.log2(power));
  sfnt.setUint16(10, count * 16 - power * 16);
  let offset = SFNT_HEADER + SFNT_ENTRY * count;
  tables.forEach((table, i) => {
    const at = SFNT_HEADER + i * SFNT_ENTRY;
    sfnt.setUint32(at, table.tag);
    sfnt.setUint32(at + 4, table.checksum);
    sfnt.setUint32(at + 8, offset);
    sfnt.setUint32(at + 12, table.data.length);
    out.set(table.data, offset);
    offset += pad4(table.data.length);
  });
  return out;
}

function pad4(length: number): number {
  return (length + 3) & ~3;
}
