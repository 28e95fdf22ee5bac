// Packages: base64(gzip(XML bytes)) and back, with hard caps applied before and during inflation.
import { crc32, gzipSync, inflateRawSync } from 'node:zlib';
import { HocbaError } from '../errors.ts';

export interface CodecLimits {
  /** Largest base64 text accepted, in characters. */
  readonly maxPackageChars: number;
  /** Largest XML document accepted after inflation, in bytes. */
  readonly maxXmlBytes: number;
  /** Largest inflated/compressed ratio accepted. */
  readonly maxRatio: number;
}

// A Học bạ số record is 10-60 KB of XML; 2 MB leaves room for many signatures without
// giving a bomb room to hurt. XML compresses about 5-15:1, so 200:1 is never a real record.
export const DEFAULT_CODEC_LIMITS: CodecLimits = {
  maxPackageChars: 4 * 1024 * 1024,
  maxXmlBytes: 2 * 1024 * 1024,
  maxRatio: 200,
};

export function encodePackage(xml: Uint8Array | string): string {
  const bytes = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml;
  return gzipSync(bytes, { level: 9 }).toString('base64');
}

/** Decode base64 text strictly: whitespace between lines is allowed, anything else foreign is refused. */
function decodeBase64(text: string, limits: CodecLimits = DEFAULT_CODEC_LIMITS): Buffer {
  if (text.length > limits.maxPackageChars) {
    throw new HocbaError('package_too_large', { params: { size: text.length, limit: limits.maxPackageChars } });
  }
  const compact = text.replace(/[\r\n\t ]/g, '');
  if (compact.length === 0) throw new HocbaError('package_empty');
  // Node's decoder skips what it does not know (and reads base64url); the text is base64 exactly when the bytes
  // encode back to it, which also refuses missing or inner padding and stray bits after the last byte. One
  // native round trip costs a tenth of a regular expression over the text (about 5 against 53 µs for 14 KB).
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.toString('base64') !== compact) {
    const bad = compact.search(/[^A-Za-z0-9+/=]/);
    throw new HocbaError('package_not_base64', { params: { position: bad >= 0 ? bad : compact.length } });
  }
  return bytes;
}

/**
 * Bytes inflated by this thread (each worker thread has its own count): what a test counts to show that a batch is
 * decoded on the verification workers, not on the event loop. A refusal counts what it may have inflated (the cap).
 */
let inflatedHere = 0;
export function inflatedInThisThread(): number {
  return inflatedHere;
}

function isGzipMember(gz: Uint8Array): boolean {
  return gz.length >= 18 && gz[0] === 0x1f && gz[1] === 0x8b && gz[2] === 8;
}

function inflationCap(gzipBytes: number, limits: CodecLimits): number {
  return Math.min(limits.maxXmlBytes, Math.max(1024, gzipBytes * limits.maxRatio));
}

/**
 * The most a package of this text may inflate to, unread (base64 carries 3 bytes in 4 characters): what a package
 * stopped before its decoding was known is charged in a batch's budget (issue 14: decoded and verified in one job).
 */
export function inflationCapOfText(text: string, limits: CodecLimits = DEFAULT_CODEC_LIMITS): number {
  return inflationCap(Math.ceil((text.length * 3) / 4), limits);
}

/** Inflate one gzip member, stopping at the cap: a 1 GB bomb costs milliseconds and little memory. */
function gunzipCapped(gz: Uint8Array, limits: CodecLimits = DEFAULT_CODEC_LIMITS): Buffer {
  if (!isGzipMember(gz)) throw new HocbaError('package_not_gzip');
  const cap = inflationCap(gz.length, limits);
  const body = Buffer.from(gz.buffer, gz.byteOffset, gz.byteLength).subarray(gzipHeaderLength(gz));
  let inflated: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    inflated = inflateRawSync(body, { info: true, maxOutputLength: cap }) as unknown as typeof inflated;
    inflatedHere += inflated.buffer.length;
  } catch (cause) {
    inflatedHere += cap;
    const code = (cause as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HocbaError('package_bomb', { params: { limit: cap, ratio: limits.maxRatio }, cause });
    }
    if (code === 'Z_BUF_ERROR') throw new HocbaError('package_truncated', { cause });
    throw new HocbaError('package_not_gzip', { cause });
  }
  const xml = inflated.buffer;
  // Node would silently inflate concatenated members and ignore a bad trailer: the stored
  // package must be exactly one complete member whose CRC and size match.
  const rest = body.subarray(inflated.engine.bytesWritten);
  if (rest.length < 8) throw new HocbaError('package_truncated');
  if (rest.length > 8) throw new HocbaError('package_multiple_members');
  if (rest.readUInt32LE(0) !== crc32(xml) || rest.readUInt32LE(4) !== xml.length >>> 0) {
    throw new HocbaError('package_truncated');
  }
  return xml;
}

function gzipHeaderLength(gz: Uint8Array): number {
  const flags = gz[3]!;
  let at = 10;
  if (flags & 0x04) at += 2 + (gz[at]! | (gz[at + 1]! << 8));
  if (flags & 0x08) while (at < gz.length && gz[at++] !== 0);
  if (flags & 0x10) while (at < gz.length && gz[at++] !== 0);
  if (flags & 0x02) at += 2;
  if (at >= gz.length) throw new HocbaError('package_truncated');
  return at;
}

/** base64 text → XML bytes, every failure a coded HocbaError. */
export function decodePackage(text: string, limits: CodecLimits = DEFAULT_CODEC_LIMITS): Buffer {
  return gunzipCapped(decodeBase64(text, limits), limits);
}

/** One package decoded, with what it cost: its XML or its coded refusal, and the bytes inflated either way. */
export type PackageDecoding =
  | { readonly xml: Buffer; readonly error: null; readonly inflatedBytes: number }
  | { readonly xml: null; readonly error: HocbaError; readonly inflatedBytes: number };

/**
 * `decodePackage` for a batch (issue 11): a refused package is charged what the inflater may have produced before
 * refusing it (the cap: a bomb, a truncated or corrupt stream), so 500 bombs cannot inflate 500 × 2 MB under a batch
 * budget that counted only the packages it accepted.
 */
export function decodePackageCounted(text: string, limits: CodecLimits = DEFAULT_CODEC_LIMITS): PackageDecoding {
  let gz: Buffer;
  try {
    gz = decodeBase64(text, limits);
  } catch (error) {
    return refusal(error, 0);
  }
  try {
    const xml = gunzipCapped(gz, limits);
    return { xml, error: null, inflatedBytes: xml.length };
  } catch (error) {
    return refusal(error, isGzipMember(gz) ? inflationCap(gz.length, limits) : 0);
  }
}

function refusal(error: unknown, inflatedBytes: number): PackageDecoding {
  if (!(error instanceof HocbaError)) throw error;
  return { xml: null, error, inflatedBytes };
}

/** Tell a package from a bare XML document by its first bytes (portal uploads, `hocba verify`). */
export function looksLikeXml(bytes: Uint8Array): boolean {
  let at = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) at = 3;
  while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x09)) at++;
  return bytes[at] === 0x3c;
}
