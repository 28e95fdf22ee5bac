// The one DER reader and writer of the house, for what the @peculiar/asn1-* classes do not give the way it is needed:
// exact bytes out of an untrusted encoding (a name compared byte for byte, signed attributes digested as written,
// a PKCS#12 bag) without decoding it all, and a few small values to write (RFC 5035 IssuerSerial, a time-stamp
// request). Structures the classes model well are read and built with them (the seal's SignerInfo, a Name's values).
// Reading is bounded by the input: every length is checked against what is left, nesting is never recursed blindly.
import { AsnConvert } from '@peculiar/asn1-schema';
import { Name } from '@peculiar/asn1-x509';

export interface Tlv {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly body: number;
  /** Offset just past the content. */
  readonly end: number;
}

/** Not DER, or not the structure expected: the caller says what it was reading. */
export class DerError extends RangeError {}

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

/** The parts of a certificate that name it (RFC 5280 TBSCertificate = [0] version?, serialNumber, signature, issuer, …). */
export interface IssuerAndSerial {
  /** The issuer Name, its whole TLV as the certificate writes it. */
  readonly issuer: Uint8Array;
  /** The serialNumber INTEGER, its whole TLV. */
  readonly serial: Uint8Array;
  /** The serial number's content octets (two's complement, as written). */
  readonly serialContent: Uint8Array;
}

export function certificateIssuerSerial(certificate: Uint8Array): IssuerAndSerial {
  const tbs = childrenOf(certificate, readTlv(certificate, 0))[0];
  if (!tbs) throw new DerError('no TBSCertificate');
  const fields = childrenOf(certificate, tbs);
  const first = fields[0]?.tag === 0xa0 ? 1 : 0;
  const serial = fields[first];
  const issuer = fields[first + 2];
  if (serial?.tag !== 0x02 || issuer?.tag !== 0x30) throw new DerError('unexpected TBSCertificate');
  return { issuer: whole(certificate, issuer), serial: whole(certificate, serial), serialContent: contentOf(certificate, serial) };
}

/**
 * RFC 5035 IssuerSerial of a certificate, its bytes copied as they are: SEQUENCE { GeneralNames { [4] issuer Name },
 * serialNumber }. XAdES IssuerSerialV2 carries it; so does the seal's ESSCertIDv2.
 */
export function issuerSerialOf(certificate: Uint8Array): Uint8Array {
  const { issuer, serial } = certificateIssuerSerial(certificate);
  return sequence(sequence(tlv(0xa4, issuer)), serial);
}

/** An RFC 5035 IssuerSerial read back: every directoryName's Name (whole TLV) and the serial's content octets. */
export function readIssuerSerial(der: Uint8Array): { issuers: Uint8Array[]; serial: Uint8Array } {
  const outer = readTlv(der, 0);
  if (outer.end !== der.length) throw new DerError('trailing bytes');
  const [names, serial] = childrenOf(der, outer);
  if (names?.tag !== 0x30 || serial?.tag !== 0x02) throw new DerError('unexpected IssuerSerial');
  // directoryName [4] is explicitly tagged (Name is a CHOICE): its content is the Name TLV itself.
  const issuers = childrenOf(der, names).filter((name) => name.tag === 0xa4).map((name) => contentOf(der, name));
  return { issuers, serial: contentOf(der, serial) };
}

/** Every attribute value of a Name, in order, as text (compared to an X509IssuerName string). */
export function nameValues(name: Uint8Array): string[] {
  return AsnConvert.parse(name, Name).flatMap((rdn) => rdn.map(({ value }) => {
    if (!value.anyValue) return value.toString();
    // A string type the DirectoryString CHOICE does not list (NumericString, VisibleString…): its octets as text.
    const raw = new Uint8Array(value.anyValue);
    return Buffer.from(contentOf(raw, readTlv(raw, 0))).toString('latin1');
  }));
}
