// Attacks on package decoding: gzip bombs by ratio and by size, truncated, corrupt and concatenated members,
// wrong formats, and base64 with junk (api/codec: strict base64, one gzip member, capped inflation).
import { constants, crc32, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { encodePackage } from '../../../api/index.ts';
import type { Recipe } from './types.ts';

const gzip = 'gzip' as const;
const base64 = 'base64' as const;
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The gzip bytes of school A's sealed record `seed`. */
function gzipped(seed: number) {
  return async (kit: Parameters<Recipe['build']>[0]) => gzipSync(Buffer.from(await kit.sealed(seed)), { level: 9 });
}

/**
 * A gzip member inflating to `mib` MiB of zeros without ever holding them: one full-flushed deflate block of
 * 1 MiB (byte-aligned, no reference outside itself) repeated, an empty final block, and the true CRC and size.
 */
export function zeroBomb(mib: number): Buffer {
  const chunk = Buffer.alloc(1024 * 1024);
  const block = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = crc32(chunk, crc);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE((mib * 1024 * 1024) >>> 0, 4);
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  return Buffer.concat([header, ...Array.from({ length: mib }, () => block), Buffer.from([0x03, 0x00]), trailer]);
}

/** Text of `bytes` that deflates only about 100:1 (a random hex run every 600 bytes), from a fixed seed. */
function lowRatioText(bytes: number): Buffer {
  const out = Buffer.alloc(bytes, 0x20);
  let state = 0x2545f491;
  for (let at = 0; at + 8 <= bytes; at += 600) {
    for (let i = 0; i < 8; i++) {
      state = (state * 1103515245 + 12345) >>> 0;
      out[at + i] = '0123456789abcdef'.charCodeAt(state >>> 28);
    }
  }
  return out;
}

export const CODEC: Recipe[] = [
  {
    file: 'gzip/bomb-ratio.b64', category: gzip, expected: 'package_bomb', verdict: 'invalid', ingest: true,
    technique: 'Gzip bomb by ratio: 1 KB inflating to 1 MiB (1000:1, a record compresses 5-15:1)',
    build: () => b64(gzipSync(Buffer.alloc(1024 * 1024), { level: 9 })),
  },
  {
    file: 'gzip/bomb-size.b64', category: gzip, expected: 'package_bomb', verdict: 'invalid', ingest: true,
    technique: 'Gzip bomb by size: about 100:1, so under the ratio cap, but inflating to 3 MiB (over the 2 MB document cap)',
    build: () => b64(gzipSync(lowRatioText(3 * 1024 * 1024), { level: 9 })),
  },
  {
    file: 'generated/gzip-bomb-1gib.b64', category: gzip, expected: 'package_bomb', verdict: 'invalid', generated: true, ingest: true,
    technique: 'Gzip bomb of 1 GiB of zeros in about 1 MB (valid member: true CRC and size)',
    build: () => b64(zeroBomb(1024)),
  },
  {
    file: 'gzip/truncated-member.b64', category: gzip, expected: 'package_truncated', verdict: 'invalid', ingest: true,
    technique: 'A gzip member cut 300 bytes before its end',
    build: async (kit) => b64((await gzipped(301)(kit)).subarray(0, -300)),
  },
  {
    file: 'gzip/missing-trailer.b64', category: gzip, expected: 'package_truncated', verdict: 'invalid',
    technique: 'A complete deflate stream without the CRC32 and size trailer (Node would inflate it silently)',
    build: async (kit) => b64((await gzipped(302)(kit)).subarray(0, -8)),
  },
  {
    file: 'gzip/wrong-crc.b64', category: gzip, expected: 'package_truncated', verdict: 'invalid', ingest: true,
    technique: 'A gzip member whose CRC32 does not match its content',
    async build(kit) {
      const gz = Buffer.from(await gzipped(303)(kit));
      gz.writeUInt32LE((gz.readUInt32LE(gz.length - 8) ^ 0xffffffff) >>> 0, gz.length - 8);
      return b64(gz);
    },
  },
  {
    file: 'gzip/wrong-size.b64', category: gzip, expected: 'package_truncated', verdict: 'invalid',
    technique: 'A gzip member whose trailer size does not match its content',
    async build(kit) {
      const gz = Buffer.from(await gzipped(304)(kit));
      gz.writeUInt32LE(gz.readUInt32LE(gz.length - 4) + 1, gz.length - 4);
      return b64(gz);
    },
  },
  {
    file: 'gzip/concatenated-forged-member.b64', category: gzip, expected: 'package_multiple_members', verdict: 'invalid', ingest: true,
    technique: 'Two gzip members: the signed record, then a forged one (a tool that reads to the end sees both)',
    async build(kit) {
      const forged = gzipSync(Buffer.from((await kit.sealed(305)).replace(/<HoTen>[^<]+</, '<HoTen>Kẻ Mạo Danh<')));
      return b64(Buffer.concat([await gzipped(305)(kit), forged]));
    },
  },
  {
    file: 'gzip/concatenated-empty-member.b64', category: gzip, expected: 'package_multiple_members', verdict: 'invalid',
    technique: 'The signed record followed by an empty gzip member',
    build: async (kit) => b64(Buffer.concat([await gzipped(306)(kit), gzipSync(Buffer.alloc(0))])),
  },
  {
    file: 'gzip/trailing-garbage.b64', category: gzip, expected: 'package_multiple_members', verdict: 'invalid',
    technique: 'Bytes after the end of the gzip member',
    build: async (kit) => b64(Buffer.concat([await gzipped(307)(kit), Buffer.from('<!-- extra -->')])),
  },
  {
    file: 'gzip/zlib-not-gzip.b64', category: gzip, expected: 'package_not_gzip', verdict: 'invalid', ingest: true,
    technique: 'zlib (RFC 1950) instead of gzip',
    build: async (kit) => b64(deflateSync(Buffer.from(await kit.sealed(308)))),
  },
  {
    file: 'gzip/raw-deflate.b64', category: gzip, expected: 'package_not_gzip', verdict: 'invalid',
    technique: 'Raw deflate without any header',
    build: async (kit) => b64(deflateRawSync(Buffer.from(await kit.sealed(309)))),
  },
  {
    file: 'gzip/unknown-method.b64', category: gzip, expected: 'package_not_gzip', verdict: 'invalid',
    technique: 'A gzip header naming compression method 7 instead of deflate (8)',
    async build(kit) {
      const gz = Buffer.from(await gzipped(310)(kit));
      gz[2] = 7;
      return b64(gz);
    },
  },
  {
    file: 'gzip/unterminated-file-name.b64', category: gzip, expected: 'package_truncated', verdict: 'invalid',
    technique: 'A header with the FNAME flag whose name never ends',
    build: () => b64(Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3]), Buffer.alloc(64, 0x41)])),
  },
  {
    file: 'gzip/corrupt-deflate-data.b64', category: gzip, expected: 'package_not_gzip', verdict: 'invalid',
    technique: 'Deflate data with an invalid block type in the middle of the member',
    async build(kit) {
      const gz = Buffer.from(await gzipped(311)(kit));
      gz[10] = 0xff; // BFINAL=1, BTYPE=11 (reserved): an invalid first block
      return b64(gz);
    },
  },
  {
    file: 'gzip/gzip-inside-gzip.b64', category: gzip, expected: 'xml_not_utf8', verdict: 'invalid', ingest: true,
    technique: 'A gzip member whose content is another gzip member (double compression to dodge the ratio cap)',
    build: async (kit) => b64(gzipSync(await gzipped(312)(kit))),
  },
  {
    file: 'base64/junk-characters.b64', category: base64, expected: 'package_not_base64', verdict: 'invalid', ingest: true,
    technique: 'Markup inserted into the base64 text (Buffer.from would silently drop it)',
    build: async (kit) => encodePackage(await kit.sealed(401)).replace(/^(.{40})/, '$1<script>'),
  },
  {
    file: 'base64/url-safe-alphabet.b64', category: base64, expected: 'package_not_base64', verdict: 'invalid',
    technique: "The base64url alphabet ('-' and '_') instead of base64",
    build: async (kit) => `${encodePackage(await kit.sealed(402)).replace(/\+/g, '-').replace(/\//g, '_')}-_`,
  },
  {
    file: 'base64/wrong-length.b64', category: base64, expected: 'package_not_base64', verdict: 'invalid',
    technique: 'Base64 text whose length is not a multiple of four (one character dropped)',
    build: async (kit) => encodePackage(await kit.sealed(403)).replace(/=+$/, '').slice(0, -1),
  },
  {
    file: 'base64/padding-in-the-middle.b64', category: base64, expected: 'package_not_base64', verdict: 'invalid', ingest: true,
    technique: 'Two padded base64 texts joined (a second package smuggled after the padding)',
    async build(kit) {
      const pad = (text: string) => (text.endsWith('=') ? text : `${text.slice(0, -1)}=`);
      return `${pad(encodePackage(await kit.sealed(404)))}${encodePackage(await kit.sealed(405))}`;
    },
  },
  {
    file: 'base64/data-url-prefix.b64', category: base64, expected: 'package_not_base64', verdict: 'invalid',
    technique: 'A data: URL prefix before the base64 text',
    build: async (kit) => `data:application/gzip;base64,${encodePackage(await kit.sealed(406))}`,
  },
  {
    file: 'base64/nul-byte.b64', category: base64, expected: 'package_not_base64', verdict: 'invalid',
    technique: 'A NUL byte inside the base64 text (C-string truncation)',
    build: async (kit) => encodePackage(await kit.sealed(407)).replace(/^(.{100})/, '$1\u0000'),
  },
  {
    file: 'base64/whitespace-only.b64', category: base64, expected: 'package_empty', verdict: 'invalid', ingest: true,
    technique: 'A package of nothing but whitespace',
    build: () => ' \r\n\t \n',
  },
  {
    file: 'base64/mime-line-breaks.b64', category: base64, expected: null, verdict: 'valid', ingest: true,
    technique: 'Base64 wrapped at 76 characters with CRLF (MIME): whitespace between lines is allowed and the record is intact',
    build: async (kit) => encodePackage(await kit.sealed(408)).replace(/(.{76})/g, '$1\r\n'),
  },
  {
    file: 'generated/base64-over-size-cap.b64', category: base64, expected: 'package_too_large', verdict: 'invalid', generated: true, ingest: true,
    technique: 'Base64 text of 4 MiB + 4 characters (refused before any decoding)',
    build: () => 'A'.repeat(4 * 1024 * 1024 + 4),
  },
];
