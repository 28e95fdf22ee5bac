// A record's signed XML, derived from its stored package (issue 14): the row keeps only the exact bytes received
// (SPEC §8), and the XML is those bytes inflated — the same bytes, digest and all, that ingest judged and signed.
import { decodePackage, DEFAULT_CODEC_LIMITS } from '../codec/index.ts';

/**
 * The XML inside a stored package (base64 text, kept as bytes). Every stored package was inflated once at ingest
 * under these same caps, so this never refuses one; a cap lowered later must stay above every record already stored.
 */
export function xmlOfStored(pkg: Uint8Array): Buffer {
  return decodePackage(Buffer.from(pkg.buffer, pkg.byteOffset, pkg.byteLength).toString('latin1'), DEFAULT_CODEC_LIMITS);
}
