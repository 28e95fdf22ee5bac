// The one DER reader (api/der.ts) against certificates OpenSSL wrote: the parts that name a certificate come out as
// OpenSSL and Node read them, the RFC 5035 IssuerSerial written from them reads back to the same bytes, and a Name's
// values come out as text whatever string type carries them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  certificateIssuerSerial, DerError, issuerSerialOf, nameValues, oid, readIssuerSerial, readTlv, sequence, setOf, tlv,
} from '../../api/der.ts';

const ORGANISATION = 'Sở Giáo dục và Đào tạo Hà Nội';
const SCHOOL = 'Trường THPT Chu Văn An';
let dir: string;

/** A self-signed certificate from OpenSSL; `bmp` writes the names as BMPString (a v1 certificate: no extensions). */
function certificate(name: string, options: { serial: string; bmp: boolean }): X509Certificate {
  const config = join(dir, `${name}.cnf`);
  writeFileSync(config, `[req]\ndistinguished_name=dn\nstring_mask=${options.bmp ? 'MASK:0x800' : 'utf8only'}\n[dn]\n`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, `${name}.key`),
    '-out', join(dir, `${name}.pem`), '-days', '30', '-utf8', '-config', config, '-set_serial', options.serial,
    '-subj', `/C=VN/O=${ORGANISATION}/CN=${SCHOOL}`, ...(options.bmp ? [] : ['-addext', 'basicConstraints=CA:FALSE']),
  ], { stdio: 'pipe' });
  return new X509Certificate(readFileSync(join(dir, `${name}.pem`)));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hocba-der-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  { name: 'v3-utf8', serial: '0x1A2B3C', bmp: false, content: '1a2b3c' },
  { name: 'v1-bmp', serial: '0x80AB', bmp: true, content: '0080ab' },
])('a certificate ($name)', ({ name, serial, bmp, content }) => {
  let cert: X509Certificate;
  beforeAll(() => {
    cert = certificate(name, { serial, bmp });
  });

  it('names its serial number as OpenSSL wrote it, the sign octet included', () => {
    const own = certificateIssuerSerial(cert.raw);
    expect(Buffer.from(own.serialContent).toString('hex')).toBe(content);
    expect(Buffer.from(own.serial).toString('hex')).toBe(`02${(content.length / 2).toString(16).padStart(2, '0')}${content}`);
    expect(BigInt(`0x${cert.serialNumber}`)).toBe(BigInt(`0x${content}`));
  });

  it('reads the issuer Name values as Node reads them, Vietnamese included', () => {
    const { issuer } = certificateIssuerSerial(cert.raw);
    expect(nameValues(issuer)).toEqual(['VN', ORGANISATION, SCHOOL]);
    expect(cert.issuer.split('\n')).toEqual([`C=VN`, `O=${ORGANISATION}`, `CN=${SCHOOL}`]);
  });

  it('writes an RFC 5035 IssuerSerial that reads back to the certificate\'s own issuer bytes and serial', () => {
    const own = certificateIssuerSerial(cert.raw);
    const read = readIssuerSerial(issuerSerialOf(cert.raw));
    expect(read.issuers.map((issuer) => Buffer.from(issuer).toString('hex'))).toEqual([Buffer.from(own.issuer).toString('hex')]);
    expect(Buffer.from(read.serial).toString('hex')).toBe(content);
  });
});

describe('what is not the DER expected', () => {
  it('reads a string type the DirectoryString choice does not list (VisibleString) as its text', () => {
    const name = sequence(setOf(sequence(oid('2.5.4.3'), tlv(0x1a, Buffer.from('THPT 01')))));
    expect(nameValues(name)).toEqual(['THPT 01']);
  });

  it('refuses a length past the end, bytes after an IssuerSerial, and a certificate without the fields that name it', () => {
    expect(() => readTlv(Uint8Array.of(0x30, 0x05, 0x02, 0x01), 0)).toThrow(DerError);
    expect(() => readIssuerSerial(Uint8Array.of(0x30, 0x00, 0x00))).toThrow(new DerError('trailing bytes'));
    expect(() => certificateIssuerSerial(sequence(sequence(tlv(0x02, Uint8Array.of(1)))))).toThrow(new DerError('unexpected TBSCertificate'));
  });
});
