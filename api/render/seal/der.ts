// The few DER pieces the seal needs that the CMS classes do not give directly: writing small values (the
// signing-certificate-v2 attribute, a time-stamp request) and walking an untrusted encoding without decoding it all.
// Reading is bounded by the input: every length is checked against what is left, nesting is never recursed blindly.

export interface Tlv {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly body: number;
  /** Offset just past the content. */
  readonly end: number;
}

export class DerError extends Error {}

/** The TLV at `at` (single-byte tags only, definite lengths only: DER). */
export function readTlv(bytes: Uint8Array, at: number, limit = bytes.length): Tlv {
  if (at + 2 > limit) throw new DerError('truncated');
  const tag = bytes[at]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tag');
  let length = bytes[at + 1]!;
  let body = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || body + count > limit) throw new DerError('bad length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[body + i]!;
    body += count;
  }
  if (body + length > limit) throw new DerError('truncated');
  return { tag, start: at, body, end: body + length };
}

/** The TLVs inside a constructed TLV, in order. */
export function childrenOf(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const found: Tlv[] = [];
  for (let at = parent.body; at < parent.end;) {
    const child = readTlv(bytes, at, parent.end);
    found.push(child);
    at = child.end;
  }
  return found;
}

export function whole(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.start, tlv.end);
}

export function contentOf(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.body, tlv.end);
}

function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length];
  const out: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) out.unshift(rest & 0xff);
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const content = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag, ...lengthBytes(content.length)]), content]);
}

export const sequence = (...parts: Uint8Array[]): Uint8Array => tlv(0x30, ...parts);
export const octets = (value: Uint8Array): Uint8Array => tlv(0x04, value);

/** SET OF in DER order: the encodings sorted as octet strings (X.690 §11.6). */
export function setOf(...parts: Uint8Array[]): Uint8Array {
  return tlv(0x31, ...[...parts].sort((a, b) => Buffer.compare(a, b)));
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [40 * arcs[0]! + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) chunk.unshift((rest & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

export function readOid(bytes: Uint8Array, node: Tlv): string {
  const content = contentOf(bytes, node);
  if (node.tag !== 0x06 || content.length === 0) throw new DerError('not an OID');
  const arcs: number[] = [Math.floor(content[0]! / 40), content[0]! % 40];
  let value = 0;
  for (const byte of content.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) { arcs.push(value); value = 0; }
  }
  return arcs.join('.');
}

/** A non-negative INTEGER from its big-endian bytes. */
export function integer(value: Uint8Array): Uint8Array {
  let bytes = Buffer.from(value);
  while (bytes.length > 1 && bytes[0] === 0 && !(bytes[1]! & 0x80)) bytes = bytes.subarray(1);
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

export const BOOLEAN_TRUE = Buffer.from([0x01, 0x01, 0xff]);
export const NULL = Buffer.from([0x05, 0x00]);
