// Just enough DER to compare a XAdES IssuerSerial with a certificate: issuer Name bytes and serial number (RFC 5280).

interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

function readTlv(bytes: Uint8Array, offset: number, limit = bytes.length): Tlv {
  if (offset + 2 > limit) throw new RangeError('truncated DER');
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new RangeError('long-form tags are not used here');
  let length = bytes[offset + 1]!;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || contentStart + count > limit) throw new RangeError('bad DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[contentStart + i]!;
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw new RangeError('truncated DER');
  return { tag, start: offset, contentStart, end };
}

function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const found: Tlv[] = [];
  for (let offset = parent.contentStart; offset < parent.end;) {
    const child = readTlv(bytes, offset, parent.end);
    found.push(child);
    offset = child.end;
  }
  return found;
}

export interface IssuerAndSerial {
  /** The issuer Name, whole TLV. */
  readonly issuer: Uint8Array;
  /** The serial number INTEGER's content octets. */
  readonly serial: Uint8Array;
}

/** Issuer and serial of a certificate: TBSCertificate = [0] version?, serialNumber, signature, issuer, … */
export function certificateIssuerSerial(der: Uint8Array): IssuerAndSerial {
  const certificate = readTlv(der, 0);
  const tbs = children(der, certificate)[0];
  if (!tbs) throw new RangeError('no TBSCertificate');
  const fields = children(der, tbs);
  const first = fields[0]?.tag === 0xa0 ? 1 : 0;
  const serial = fields[first];
  const issuer = fields[first + 2];
  if (!serial || serial.tag !== 0x02 || !issuer || issuer.tag !== 0x30) throw new RangeError('unexpected TBSCertificate');
  return { issuer: der.subarray(issuer.start, issuer.end), serial: der.subarray(serial.contentStart, serial.end) };
}

/** XAdES IssuerSerialV2 = IssuerSerial (RFC 5035) ::= SEQUENCE { issuer GeneralNames, serialNumber INTEGER, … }. */
export function parseIssuerSerialV2(der: Uint8Array): { issuers: Uint8Array[]; serial: Uint8Array } {
  const outer = readTlv(der, 0);
  if (outer.end !== der.length) throw new RangeError('trailing bytes');
  const [names, serial] = children(der, outer);
  if (!names || names.tag !== 0x30 || !serial || serial.tag !== 0x02) throw new RangeError('unexpected IssuerSerial');
  // directoryName [4] is explicitly tagged (Name is a CHOICE): its content is the Name TLV itself.
  const issuers = children(der, names).filter((name) => name.tag === 0xa4)
    .map((name) => der.subarray(name.contentStart, name.end));
  return { issuers, serial: der.subarray(serial.contentStart, serial.end) };
}

/** Every attribute value of a Name (string types only), in order: compared to an X509IssuerName string. */
export function nameValues(name: Uint8Array): string[] {
  const values: string[] = [];
  const sequence = readTlv(name, 0);
  for (const set of children(name, sequence)) {
    for (const attribute of children(name, set)) {
      const value = children(name, attribute)[1];
      if (!value) continue;
      const content = name.subarray(value.contentStart, value.end);
      if (value.tag === 0x1e) values.push(Buffer.from(content).swap16().toString('utf16le'));
      else values.push(Buffer.from(content).toString(value.tag === 0x0c ? 'utf8' : 'latin1'));
    }
  }
  return values;
}

/** Serial number content octets → the decimal form X509SerialNumber uses. */
export function serialToDecimal(serial: Uint8Array): string {
  const hex = Buffer.from(serial).toString('hex') || '0';
  const negative = (serial[0] ?? 0) & 0x80;
  const value = BigInt(`0x${hex}`);
  return (negative ? value - (1n << BigInt(serial.length * 8)) : value).toString();
}

function encodeTlv(tag: number, content: Uint8Array): Buffer {
  const length = content.length;
  const header = length < 0x80 ? [tag, length]
    : length < 0x100 ? [tag, 0x81, length]
      : length < 0x10000 ? [tag, 0x82, length >> 8, length & 0xff]
        : [tag, 0x83, length >> 16, (length >> 8) & 0xff, length & 0xff];
  return Buffer.concat([Buffer.from(header), content]);
}

/** IssuerSerialV2 for a certificate: SEQUENCE { GeneralNames { [4] issuer Name }, serialNumber }, bytes copied as they are. */
export function encodeIssuerSerialV2(certificateDer: Uint8Array): Buffer {
  const { issuer, serial } = certificateIssuerSerial(certificateDer);
  const names = encodeTlv(0x30, encodeTlv(0xa4, issuer));
  return encodeTlv(0x30, Buffer.concat([names, encodeTlv(0x02, serial)]));
}
