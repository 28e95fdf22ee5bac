// Interoperability with the real xmlsec1: what signRecord makes, xmlsec1 verifies; what xmlsec1 signs, we verify —
// and on every fixture our canonical bytes equal the ones xmlsec1 digested and signed.
import { generateKeyPairSync, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PkiEntity, TestPki } from '../../../api/pki/index.ts';
import { signRecord } from '../../../api/signature/index.ts';
import { x509 } from '../../../api/trust/x509.ts';
import { readEnvelope } from '../../../api/record/envelope.ts';
import { canonicalize } from '../../../api/signature/index.ts';
import { descendants, parseXml } from '../../../api/xml/index.ts';
import { checkXml, codesOf, makePki, signAs } from './support/check.ts';
import { sampleRecord } from './support/sample.ts';
import { addSlot, template, URI, type TemplateOptions } from './support/templates.ts';
import { xadesjsVerify } from './support/xadesjs.ts';
import { xmlsecCanonicalForms, xmlsecSign, xmlsecVerify } from './support/xmlsec.ts';

const CONTENT_ID = 'DuLieu-0a1b2c3d';
let pki: TestPki;
const entity = (name: string) => pki.entities[name]!;

beforeAll(async () => {
  pki = await makePki();
});

/** Our canonical form of each Reference target and of SignedInfo, for the n-th signature. */
function ourCanonicalForms(xml: string, n: number): { references: string[]; signedInfo: string } {
  const { document } = parseXml(xml);
  const signature = readEnvelope(document).envelope!.signatures[n - 1]!;
  const all = [...descendants(document.documentElement)];
  const within = [...descendants(signature)];
  const signedInfo = within.find((e) => e.localName === 'SignedInfo')!;
  const modeOf = (algorithm: string) => ({ exclusive: algorithm.includes('exc-c14n'), withComments: false });
  const references = within.filter((e) => e.localName === 'Reference').map((reference) => {
    const target = all.find((e) => e.getAttribute('Id') === reference.getAttribute('URI')!.slice(1))!;
    const transform = [...descendants(reference)].find((e) => e.localName === 'Transform')?.getAttribute('Algorithm') ?? URI.c14n;
    return canonicalize(target, modeOf(transform));
  });
  const method = within.find((e) => e.localName === 'CanonicalizationMethod')!.getAttribute('Algorithm')!;
  return { references, signedInfo: canonicalize(signedInfo, { ...modeOf(method), withComments: method.endsWith('#WithComments') }) };
}

function signWithXmlsec(xml: string, signer: PkiEntity, options: Omit<TemplateOptions, 'contentId' | 'certificatePem'>): string {
  const withSlot = addSlot(xml, template({ contentId: CONTENT_ID, certificatePem: signer.certPem, ...options }));
  const n = readEnvelope(parseXml(withSlot).document).envelope!.signatures.length;
  return xmlsecSign(withSlot, n, signer);
}

describe('xmlsec1 interoperability', () => {
  describe('when signRecord signed the record', () => {
    it('xmlsec1 verifies every signature (RSA c14n, ECDSA exc-c14n SHA-512, RSA 3072 SHA-384), chained to the test root', async () => {
      // Only namespace declarations on the root: the envelope refuses any other attribute there (issue 11).
      let xml = await signAs(sampleRecord({ kilobytes: 8, rootAttributes: 'xmlns:x="urn:x" xmlns:y="urn:y"' }), entity('school-a'), 'CoSoGiaoDuc');
      xml = await signAs(xml, entity('principal-b'), 'HieuTruong', { canonicalization: 'exc-c14n', digest: 'SHA-512' });
      xml = await signAs(xml, entity('school-c'), 'GVBM', { digest: 'SHA-384' });
      for (const n of [1, 2, 3]) {
        const result = xmlsecVerify(xml, n, pki);
        expect(result.ok, result.output).toBe(true);
        expect(ourCanonicalForms(xml, n)).toEqual(xmlsecCanonicalForms(xml, n, pki));
      }
    });

    it('xmlsec1 refuses exactly the signature whose value was tampered with (each signature is checked on its own)', async () => {
      let xml = await signAs(sampleRecord(), entity('school-a'), 'CoSoGiaoDuc');
      xml = await signAs(xml, entity('teacher-a'), 'GVCN');
      const at = xml.lastIndexOf('<ds:SignatureValue>') + '<ds:SignatureValue>'.length;
      const tampered = `${xml.slice(0, at)}${xml[at] === 'A' ? 'B' : 'A'}${xml.slice(at + 1)}`;
      expect(xmlsecVerify(tampered, 1, pki).ok).toBe(true);
      expect(xmlsecVerify(tampered, 2, pki).ok).toBe(false);
      expect((await checkXml(tampered)).map((c) => c.integrity)).toEqual(['intact', 'broken']);
    });
  });

  describe('when xmlsec1 signed the record', () => {
    const matrix = (['c14n', 'exc'] as const).flatMap((c14n) => (['rsa', 'ecdsa'] as const).flatMap((key) =>
      (['sha256', 'sha512'] as const).flatMap((digest) => ([1, 2] as const).map((signers) => ({ c14n, key, digest, signers })))));

    it.each(matrix)('verifies as intact: $c14n, $key, $digest, $signers signer(s)', async ({ c14n, key, digest, signers }) => {
      const signer = entity(key === 'rsa' ? 'school-a' : 'school-b');
      const method = key === 'rsa' ? (digest === 'sha256' ? URI.rsaSha256 : URI.rsaSha512) : (digest === 'sha256' ? URI.ecdsaSha256 : URI.ecdsaSha512);
      let xml = sampleRecord({ kilobytes: 6 });
      xml = signWithXmlsec(xml, signer, { id: 'Sig-1', c14n: URI[c14n], digest: URI[digest], signatureMethod: method });
      if (signers === 2) {
        xml = signWithXmlsec(xml, entity('principal-a'), { id: 'Sig-2', c14n: URI[c14n], digest: URI[digest], role: 'HieuTruong', pretty: true });
      }
      const checks = await checkXml(xml);
      expect(checks.map((c) => [c.integrity, codesOf(c)])).toEqual(checks.map(() => ['intact', []]));
      expect(checks[0]!.signatureAlgorithm).toBe(method);
      for (const n of checks.map((c) => c.index)) expect(ourCanonicalForms(xml, n)).toEqual(xmlsecCanonicalForms(xml, n, pki));
      expect(await xadesjsVerify(xml, 1, signer.certPem)).toBe(true);
    });

    // The last column: does xadesjs agree with xmlsec1? It does not inherit xml:* attributes into a subset's apex
    // (C14N 1.0 §2.4) and keeps comments in a bare-name reference (XMLDSig §4.4.3.3 drops them): both xmldsigjs bugs.
    it.each<[string, string, Omit<TemplateOptions, 'contentId' | 'certificatePem' | 'id'>, boolean]>([
      ['the XMLDSig namespace as default namespace, pretty-printed, in a record with extra root namespaces',
        sampleRecord({ rootAttributes: 'xmlns:x="urn:x" xmlns:y="urn:y"', lineEnd: '\r\n' }), { dsPrefix: '', pretty: true }, true],
      ['the XMLDSig namespace as default namespace, pretty-printed, CRLF line ends', sampleRecord({ lineEnd: '\r\n' }), { dsPrefix: '', pretty: true }, true],
      ['a prefixed record root', sampleRecord({ prefix: 'h' }), { c14n: URI.exc }, true],
      ['c14n with comments, a comment inside DuLieu (a bare-name reference drops it)',
        sampleRecord({ extra: '<!-- ghi chú của giáo viên -->' }), { c14n: URI.c14nComments }, false],
      ['exclusive c14n with comments', sampleRecord({ extra: '<!-- x -->' }), { c14n: URI.excComments }, false],
      ['the Vietnamese signing time in ds:Object/ds:SignatureProperties', sampleRecord(), { signingTime: null, vietnameseTime: '2025-05-31T08:00:00' }, true],
      ['SigningCertificate V1 with a SHA-1 CertDigest and IssuerSerial', sampleRecord(), { certV1Digest: URI.sha1 }, true],
    ])('verifies as intact with %s', async (_name, record, options, xadesjsAgrees) => {
      const xml = signWithXmlsec(record, entity('school-a'), { id: 'Sig-X', ...options });
      const [check] = await checkXml(xml);
      expect([check!.integrity, codesOf(check!)]).toEqual(['intact', []]);
      expect(check!.role).toBe('CoSoGiaoDuc');
      expect(ourCanonicalForms(xml, 1)).toEqual(xmlsecCanonicalForms(xml, 1, pki));
      expect(await xadesjsVerify(xml, 1, entity('school-a').certPem)).toBe(xadesjsAgrees);
      if (options.vietnameseTime) expect(check!.signingTime?.toISOString()).toBe('2025-05-31T01:00:00.000Z');
    });
  });
});

/** A P-521 signing certificate issued by the test issuing CA (the test PKI has none), with its PKCS#8 key. */
async function p521Signer(): Promise<{ keyPem: string; certPem: string }> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-521' });
  const ecdsa = { name: 'ECDSA', namedCurve: 'P-521' };
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const issuing = new x509.X509Certificate(entity('issuing').certPem);
  const rsa = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const issuerKey = await crypto.subtle.importKey('pkcs8', x509.PemConverter.decode(entity('issuing').keyPem)[0]!, rsa, false, ['sign']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '0a521f', subject: 'C=VN, O=Trường Tiểu học Kim Đồng, CN=Trường Tiểu học Kim Đồng (P-521)', issuer: issuing.subjectName,
    publicKey: await crypto.subtle.importKey('spki', spki, ecdsa, true, ['verify']), signingKey: issuerKey, signingAlgorithm: rsa,
    notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 30 * 86_400_000),
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      await x509.AuthorityKeyIdentifierExtension.create(issuing.publicKey),
    ],
  });
  return { keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, certPem: cert.toString('pem') };
}

const withSignatureValue = (xml: string, value: Buffer) =>
  xml.replace(/(<ds:SignatureValue[^>]*>)[^<]*(<\/ds:SignatureValue>)/, `$1${value.toString('base64')}$2`);

describe('an ECDSA P-521 SignatureValue whose r and s lost their leading zero byte (Java signers; xmlsec enveloped-ecdsa-java-bug)', () => {
  let full: Buffer; // r||s, 2 × 66 bytes, both halves starting with a zero byte
  let xml: string;
  beforeAll(async () => {
    const signer = await p521Signer();
    xml = await signRecord(sampleRecord(), {
      privateKeyPem: signer.keyPem, certificatePem: signer.certPem, chainPem: entity('school-a').chainPem, role: 'CoSoGiaoDuc',
    });
    const signedInfo = Buffer.from(ourCanonicalForms(xml, 1).signedInfo, 'utf8');
    // ECDSA is randomised: sign again until both r and s are below 2^520 (about one try in four).
    for (let tries = 0; tries < 500 && !(full?.[0] === 0 && full[66] === 0); tries++) {
      full = sign('sha256', signedInfo, { key: signer.keyPem, dsaEncoding: 'ieee-p1363' });
    }
    expect([full.length, full[0], full[66]]).toEqual([132, 0, 0]);
  });

  it('is left-padded half by half and verifies, as xmlsec1 verifies it', async () => {
    const short = Buffer.concat([full.subarray(1, 66), full.subarray(67)]); // 130 bytes
    const stripped = withSignatureValue(xml, short);
    const [check] = await checkXml(stripped);
    expect([check!.integrity, codesOf(check!)]).toEqual(['intact', []]);
    const result = xmlsecVerify(stripped, 1, pki);
    expect(result.ok, result.output).toBe(true);
  });

  it('still verifies at full length, and is refused by both when one half alone is shortened (odd length)', async () => {
    const [check] = await checkXml(withSignatureValue(xml, full));
    expect(check!.integrity).toBe('intact');
    const odd = withSignatureValue(xml, full.subarray(1)); // 131 bytes: cannot be split in two halves
    const [refused] = await checkXml(odd);
    expect([refused!.integrity, codesOf(refused!)]).toEqual(['broken', ['signature_invalid']]);
    expect(xmlsecVerify(odd, 1, pki).ok).toBe(false);
  });
});
