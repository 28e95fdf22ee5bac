import { createGzip, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePackage, decodePackageCounted, encodePackage, inflationCapOfText, DEFAULT_CODEC_LIMITS } from '../../../api/codec/index.ts';
import { thrownCode as codeOf } from '../../helpers/error-codes.ts';

const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<HocBaSo xmlns="urn:hocba:hoc-ba-so:1">Nguyễn Thị Ánh</HocBaSo>';

describe('package codec', () => {
  it('round-trips XML bytes exactly', () => {
    expect(decodePackage(encodePackage(xml)).toString('utf8')).toBe(xml);
  });

  it('accepts base64 wrapped over several lines', () => {
    const wrapped = encodePackage(xml).replace(/(.{20})/g, '$1\r\n');
    expect(decodePackage(wrapped).toString('utf8')).toBe(xml);
  });

  describe('when the input is not a package', () => {
    it('rejects an empty body with package_empty', () => {
      expect(codeOf(() => decodePackage('  \n'))).toBe('package_empty');
    });
    it('rejects junk inside base64 with package_not_base64', () => {
      const text = encodePackage(xml);
      expect(codeOf(() => decodePackage(text.slice(0, 8) + '$%' + text.slice(10)))).toBe('package_not_base64');
    });
    it('rejects what a lenient decoder would read: base64url, missing or inner padding, stray bits after the last byte', () => {
      const text = encodePackage(xml);
      const ending = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
      const bare = text.slice(0, text.length - ending);
      const variants = {
        base64url: text.replace(/\+/g, '-').replace(/\//g, '_'),
        unpadded: ending > 0 ? bare : `${text}A`,
        innerPadding: `${text.slice(0, 8)}=${text.slice(9)}`,
        // "QR==" decodes to the same byte as "QQ==", with four set bits nobody encoded.
        strayBits: `${text.slice(0, -4)}QR==`,
      };
      expect(variants.base64url).not.toBe(text);
      for (const [name, variant] of Object.entries(variants)) {
        expect([name, codeOf(() => decodePackage(variant))]).toEqual([name, 'package_not_base64']);
      }
      expect(Buffer.from(variants.strayBits, 'base64').equals(Buffer.from(`${text.slice(0, -4)}QQ==`, 'base64'))).toBe(true);
    });
    it('rejects base64 of plain XML with package_not_gzip', () => {
      expect(codeOf(() => decodePackage(Buffer.from(xml).toString('base64')))).toBe('package_not_gzip');
    });
    it('rejects a truncated gzip member with package_truncated', () => {
      const gz = gzipSync(Buffer.from(xml.repeat(50)));
      const cut = gz.subarray(0, gz.length - 12);
      const padded = Buffer.concat([cut, Buffer.alloc((3 - (cut.length % 3)) % 3)]);
      expect(codeOf(() => decodePackage(cut.toString('base64')))).toBe('package_truncated');
      // Zero bytes padding the cut member to whole base64 groups do not complete it: still truncated.
      expect(codeOf(() => decodePackage(padded.toString('base64')))).toBe('package_truncated');
    });
    it('rejects concatenated gzip members with package_multiple_members', () => {
      const two = Buffer.concat([gzipSync(Buffer.from(xml)), gzipSync(Buffer.from('<x/>'))]);
      expect(codeOf(() => decodePackage(two.toString('base64')))).toBe('package_multiple_members');
    });
    it('rejects a wrong CRC in the trailer with package_truncated', () => {
      const gz = Buffer.from(gzipSync(Buffer.from(xml)));
      gz[gz.length - 8] = gz[gz.length - 8]! ^ 0xff;
      expect(codeOf(() => decodePackage(gz.toString('base64')))).toBe('package_truncated');
    });
    it('rejects an oversized body before decoding with package_too_large', () => {
      const limits = { ...DEFAULT_CODEC_LIMITS, maxPackageChars: 100 };
      expect(codeOf(() => decodePackage('A'.repeat(104), limits))).toBe('package_too_large');
    });
  });

  it('bounds what a text may inflate to, unread, by what its decoding is charged at most', () => {
    // 8 characters carry 6 bytes of gzip: 200 × 6 = 1,200 bytes; anything carries at least 1 KiB; at most 2 MiB.
    expect([inflationCapOfText('AAAAAAAA'), inflationCapOfText(''), inflationCapOfText('A'.repeat(100_000))])
      .toEqual([1_200, 1_024, DEFAULT_CODEC_LIMITS.maxXmlBytes]);
    // A bomb's charge when decoded is never above the bound of its text.
    const bomb = gzipSync(Buffer.alloc(600_000, 0x20)).toString('base64');
    const decoded = decodePackageCounted(bomb);
    expect(decoded.error?.code).toBe('package_bomb');
    expect(decoded.inflatedBytes).toBeLessThanOrEqual(inflationCapOfText(bomb));
  });

  describe('when the package is a compression bomb', () => {
    it('stops inflating 1 GB of zeros at the cap with package_bomb', async () => {
      const gz = await gzipOfZeros(1024);
      expect(gz.length).toBeLessThan(2 * 1024 * 1024);
      expect(codeOf(() => decodePackage(gz.toString('base64')))).toBe('package_bomb');
    });
    it('refuses a small package whose ratio exceeds the limit', () => {
      const gz = gzipSync(Buffer.alloc(600_000, 0x20));
      expect(codeOf(() => decodePackage(gz.toString('base64')))).toBe('package_bomb');
    });
  });
});

/** `mebibytes` MiB of zeros gzipped as a stream from one reused 1 MiB slice: the test holds about 1 MB, not 1 GiB. */
async function gzipOfZeros(mebibytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((done) => gzip.on('end', done));
  const slice = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < mebibytes; i++) if (!gzip.write(slice)) await new Promise((drained) => gzip.once('drain', drained));
  gzip.end();
  await ended;
  return Buffer.concat(out);
}
