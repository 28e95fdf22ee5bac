// Hostile inputs of issue 11 ("Bounded work"), built from scratch for `npm run bench:attack`: each is what an
// unauthenticated member of the public (or a school token) could send; none needs more than the public record.
import { createGzip, deflateSync } from 'node:zlib';
import { encodePackage, signRecord } from '../../api/index.ts';
import { x509 } from '../../api/trust/x509.ts';
import type { Fixtures, SchoolFixture } from '../../tests/helpers/signed-records.ts';

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

function serial(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await globalThis.crypto.subtle.exportKey('pkcs8', key)).toString('base64');
  return `-----BEGIN PRIVATE KEY-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

/**
 * A record signed by an attacker's leaf under `n` self-issued look-alikes of the issuing CA (its exact subject, one
 * attacker key, different serials) carried in KeyInfo: each look-alike verifies every other, so a depth-first path
 * search without memory tries n·(n−1)·… orderings before it gives up.
 */
export async function lookalikeChainXml(fx: Fixtures, school: SchoolFixture, n: number, seed: number): Promise<string> {
  const subject = new x509.X509Certificate(fx.pki.entities.issuing!.certPem).subjectName.toString();
  const ca = await globalThis.crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const leafKeys = await globalThis.crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const notBefore = new Date(fx.now.getTime() - 30 * DAY);
  const notAfter = new Date(fx.now.getTime() + 365 * DAY);
  const lookalikes: string[] = [];
  for (let i = 0; i < n; i++) {
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(), subject, issuer: subject, notBefore, notAfter, publicKey: ca.publicKey, signingKey: ca.privateKey,
      signingAlgorithm: EC, extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(ca.publicKey),
      ],
    });
    lookalikes.push(cert.toString('pem'));
  }
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: new x509.X509Certificate(fx.pem(school.seal)).subjectName.toString(), issuer: subject,
    notBefore, notAfter, publicKey: leafKeys.publicKey, signingKey: ca.privateKey, signingAlgorithm: EC, extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
    ],
  });
  return signRecord(fx.unsigned(school, seed), {
    privateKeyPem: await pkcs8Pem(leafKeys.privateKey), certificatePem: leaf.toString('pem'), chainPem: lookalikes.join(''),
    role: 'CoSoGiaoDuc', signingTime: new Date(fx.now.getTime() - 60_000),
  });
}

/** A real record with four signatures whose (unsigned) root carries `count` xml:* attributes that C14N inherits. */
export async function inheritedXmlAttributesXml(fx: Fixtures, school: SchoolFixture, count: number, seed: number): Promise<string> {
  let xml = await fx.sign(fx.unsigned(school, seed), school.seal, 'CoSoGiaoDuc');
  xml = await fx.sign(xml, school.principal, 'HieuTruong');
  xml = await fx.sign(xml, school.teacher, 'GVCN');
  xml = await fx.sign(xml, school.teacher, 'GVBM');
  const padding = Array.from({ length: count }, (_, i) => ` xml:a${i}="x"`).join('');
  return xml.replace(/<HocBaSo\b/, (open) => `${open}${padding}`);
}

async function gzipZeros(mebibytes: number): Promise<Buffer> {
  const stream = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  stream.on('data', (part: Buffer) => parts.push(part));
  const ended = new Promise((done) => stream.on('end', done));
  const slice = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < mebibytes; i++) if (!stream.write(slice)) await new Promise((drained) => stream.once('drain', drained));
  stream.end();
  await ended;
  return Buffer.concat(parts);
}

/** A gzip member is a 10-byte header, raw deflate and an 8-byte trailer; PDF's FlateDecode wants zlib framing
 * (RFC 1950), here with a dummy Adler-32 (inflating stops at the cap long before it is read). */
function zlibOf(deflated: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x78, 0xda]), deflated, Buffer.alloc(4)]);
}

function pdfWith(objects: string[], extra: Buffer | null): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  for (const object of objects) parts.push(Buffer.from(object, 'latin1'));
  if (extra) parts.push(extra);
  parts.push(Buffer.from('trailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'));
  return Buffer.concat(parts);
}

/** About 2 KB: an object stream under two FlateDecode filters that inflates to `mebibytes` MiB. */
export async function pdfDecompressionBomb(mebibytes = 1024): Promise<Buffer> {
  const gz = await gzipZeros(mebibytes);
  const inner = zlibOf(gz.subarray(10, gz.length - 8));
  const outer = deflateSync(inner, { level: 9 });
  const stream = Buffer.concat([
    Buffer.from(`3 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /FlateDecode] /Length ${outer.length} >>\nstream\n`, 'latin1'),
    outer, Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ]);
  return pdfWith(['1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n', '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n'], stream);
}

/** A PDF of `count` broken objects (each makes a lenient parser warn once). */
export function pdfOfBrokenObjects(count = 200_000): Buffer {
  const objects = ['1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n', '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n'];
  for (let i = 3; i < count + 3; i++) objects.push(`${i} 0 obj\n<< /A [ >>\nendobj\n`);
  return pdfWith(objects, null);
}

/** A package whose XML inflates to about `bytes` (filler at about 33:1, under the ratio cap: 500 of them make a 31 MB batch). */
export function inflatingPackage(bytes: number, seed: number): string {
  let state = seed >>> 0;
  // Two random hex digits per ~110-byte line: enough entropy that deflate cannot reach the ratio cap.
  const line = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return `<X a="${(state >>> 24).toString(16)}">${"filler ".repeat(12)}</X>\n`;
  };
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<HocBaSo xmlns="urn:hocba:hoc-ba-so:1" PhienBan="1.0"><DuLieu Id="d">'];
  let size = lines[0]!.length;
  while (size < bytes) {
    const next = line();
    lines.push(next);
    size += next.length;
  }
  lines.push('</DuLieu></HocBaSo>');
  return encodePackage(lines.join(''));
}
