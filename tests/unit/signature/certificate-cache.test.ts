// The engine caches parsed KeyInfo certificates across documents (a school's certificates come in every package).
// Uncapped, each public upload left its KeyInfo text in that cache, and with it (a slice keeps its parent) the whole
// upload's text, outside the V8 heap a worker's memory cap bounds: 60 uploads of 1.3 MB grew a thread's external
// memory by 195 MB (reproduced before the fix). Now a text longer than a certificate is never kept (SECURITY D74).
import { describe, expect, it } from 'vitest';
import { verifyXml } from '../../../api/index.ts';
import { keyInfoCacheStats, MAX_CACHED_CERTIFICATE_TEXT } from '../../../api/signature/signing-certificate.ts';
import { makeFixtures, SCHOOLS } from '../../helpers/signed-records.ts';

const fx = await makeFixtures();
const signed = await fx.signed(SCHOOLS.a, 31);
const withKeyInfoText = (text: string) =>
  Buffer.from(signed.replace(/<ds:X509Certificate>[^<]*<\/ds:X509Certificate>/, `<ds:X509Certificate>${text}</ds:X509Certificate>`));

describe('the KeyInfo certificate cache', () => {
  it('keeps nothing of uploads whose certificate text is longer than any certificate, however many come', async () => {
    expect((await verifyXml(Buffer.from(signed), { trust: fx.trust, now: fx.now })).verdict).toBe('valid');
    const before = keyInfoCacheStats();
    for (let i = 0; i < 20; i++) {
      const report = await verifyXml(withKeyInfoText(Buffer.alloc(1_000_000, i).toString('base64')), { trust: fx.trust, now: fx.now });
      expect(report.signatures[0]!.issues.map((found) => found.code)).toContain('certificate_unreadable');
    }
    expect(keyInfoCacheStats()).toEqual(before);
  });

  it('still keeps a text of a certificate’s size (so the test above can see growth): one entry more, of that length', async () => {
    const before = keyInfoCacheStats();
    const text = Buffer.alloc(1_500, 7).toString('base64');
    await verifyXml(withKeyInfoText(text), { trust: fx.trust, now: fx.now });
    const after = keyInfoCacheStats();
    expect(text.length).toBeLessThan(MAX_CACHED_CERTIFICATE_TEXT);
    expect([after.entries - before.entries, after.characters - before.characters]).toEqual([1, text.length]);
  });
});
