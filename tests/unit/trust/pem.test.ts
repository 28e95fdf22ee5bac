import { describe, expect, it } from 'vitest';
import { derToPem, parsePem, pemToDer } from '../../../api/trust/index.ts';
import { thrownCode as codeOf } from '../../helpers/error-codes.ts';

const a = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x07]);
const b = new Uint8Array(Array.from({ length: 100 }, (_, i) => i));

describe('pem', () => {
  it('round-trips DER through PEM with 64-character lines', () => {
    const pem = derToPem(b, 'CERTIFICATE');
    expect(pem.split('\n').every((line) => line.length <= 64)).toBe(true);
    expect(pemToDer(pem)).toEqual([b]);
  });

  it('reads every block with its label, skips explanatory text, and filters by label', () => {
    const text = `Subject: Trường Tiểu học Kim Đồng\r\n${derToPem(a, 'CERTIFICATE')}note\n${derToPem(b, 'X509 CRL')}`;
    expect(parsePem(text).map((block) => block.label)).toEqual(['CERTIFICATE', 'X509 CRL']);
    expect(pemToDer(text, 'X509 CRL')).toEqual([b]);
    expect(pemToDer(text, 'CERTIFICATE')).toEqual([a]);
  });

  describe('when the PEM is damaged', () => {
    it('rejects a character outside base64 with pem_malformed', () => {
      const pem = derToPem(b, 'CERTIFICATE').replace('AAEC', 'AA!C');
      expect(codeOf(() => pemToDer(pem))).toBe('pem_malformed');
    });
    it('rejects an unclosed block', () => {
      expect(codeOf(() => pemToDer('-----BEGIN CERTIFICATE-----\nMAMCAQc=\n'))).toBe('pem_malformed');
    });
    it('rejects an END that closes another label', () => {
      expect(codeOf(() => pemToDer('-----BEGIN CERTIFICATE-----\nMAMCAQc=\n-----END X509 CRL-----\n'))).toBe('pem_malformed');
    });
  });
});
