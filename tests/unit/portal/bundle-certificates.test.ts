// The self-check bundle's certificates come only from the signatures' KeyInfo (issue 11): a certificate written
// anywhere else in the document (content, a stray element) never reaches the bundle's chung-thu/ folder.
import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf, pemToDer } from '../../../api/index.ts';
import { certificatesInXml } from '../../../site/lib/bundle.ts';
import { makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';

let fx: Fixtures;
beforeAll(async () => {
  fx = await makeFixtures();
});

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const fingerprints = (ders: readonly Uint8Array[]) => ders.map((der) => fingerprintOf(der)).sort();

describe('certificatesInXml', () => {
  it('gives each KeyInfo certificate of every signature once (the seal, the teacher and the chain they carry: issuing CA and root)', async () => {
    const xml = await fx.signed(SCHOOLS.a, 5);
    const expected = new Set([fx.pem(SCHOOLS.a.seal), fx.pem(SCHOOLS.a.teacher), fx.pem('issuing'), fx.pem('root')].map((pem) => fingerprintOf(pemToDer(pem)[0]!)));
    expect(fingerprints(certificatesInXml(xml))).toEqual([...expected].sort());
  });

  it('ignores a certificate placed outside a signature\'s KeyInfo', async () => {
    const xml = await fx.signed(SCHOOLS.a, 6);
    const stranger = Buffer.from(pemToDer(fx.pem(SCHOOLS.c.seal))[0]!).toString('base64');
    const planted = xml.replace('</DuLieu>', `<ds:X509Certificate xmlns:ds="${DSIG}">${stranger}</ds:X509Certificate></DuLieu>`);
    const found = fingerprints(certificatesInXml(planted));
    expect(found).not.toContain(fingerprintOf(pemToDer(fx.pem(SCHOOLS.c.seal))[0]!));
    expect(found).toEqual(fingerprints(certificatesInXml(xml)));
  });
});
