// Certificates the test PKI does not make, for downgrade and forgery attacks: weak curves, a SHA-1-signed
// certificate, a self-signed look-alike of the school seal and a forged intermediate (openssl keys, x509 certificates).
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { PkiEntity, TestPki } from '../../../api/pki/index.ts';

x509.cryptoProvider.set(globalThis.crypto);

export const EXTRAS_FILE = 'extras.json';
const DAY = 86_400_000;

export type ExtraEntity = Pick<PkiEntity, 'name' | 'certPem' | 'keyPem' | 'chainPem' | 'certPath' | 'keyPath' | 'chainPath'> & {
  readonly why: string;
};

interface ExtraPlan {
  readonly name: string;
  readonly why: string;
  /** `openssl genpkey` arguments for the subject key. */
  readonly key: string[];
  readonly issuer: 'issuing' | 'self' | 'forged-issuing';
  readonly hash?: 'SHA-1' | 'SHA-256';
  readonly ca?: boolean;
}

const EC = (curve: string) => ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`];
const RSA = ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];

export const EXTRA_PLAN: readonly ExtraPlan[] = [
  { name: 'school-p192', why: 'ECDSA on P-192 (curve downgrade)', key: EC('prime192v1'), issuer: 'issuing' },
  { name: 'school-secp256k1', why: 'ECDSA on secp256k1 (a curve outside P-256/384/521)', key: EC('secp256k1'), issuer: 'issuing' },
  { name: 'school-sha1-cert', why: 'certificate signed by the CA with SHA-1', key: RSA, issuer: 'issuing', hash: 'SHA-1' },
  { name: 'school-self-signed', why: "self-signed certificate with the school seal's exact subject", key: RSA, issuer: 'self' },
  { name: 'forged-issuing', why: "CA certificate named like the issuing CA, made with the attacker's key", key: RSA, issuer: 'self', ca: true },
  { name: 'school-forged-chain', why: 'seal certificate issued by the forged issuing CA', key: RSA, issuer: 'forged-issuing' },
];

function opensslKey(args: string[]): { pem: string; spki: Buffer } {
  const pem = execFileSync('openssl', ['genpkey', ...args], { encoding: 'utf8' });
  const spki = execFileSync('openssl', ['pkey', '-pubout', '-outform', 'DER'], { input: pem });
  return { pem, spki };
}

async function importRsa(pem: string, hash: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decode(pem)[0]!;
  return crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['sign']);
}

/** Makes every extra next to the test PKI (same `now`, leaves valid now-30d..now+2y like the PKI's own). */
export async function createPkiExtras(pki: TestPki): Promise<Record<string, ExtraEntity>> {
  const dir = join(pki.dir, 'extras');
  mkdirSync(dir, { recursive: true });
  const now = new Date(pki.now).getTime();
  const seal = new x509.X509Certificate(pki.entities['school-a']!.certPem);
  const issuing = new x509.X509Certificate(pki.entities.issuing!.certPem);
  const made: Record<string, { cert: x509.X509Certificate; keyPem: string }> = {};
  const manifest: Record<string, { why: string; certPath: string; keyPath: string; chain: string[] }> = {};
  for (const plan of EXTRA_PLAN) {
    const key = opensslKey(plan.key);
    const signer = plan.issuer === 'issuing' ? pki.entities.issuing!.keyPem : plan.issuer === 'self' ? key.pem : made[plan.issuer]!.keyPem;
    const issuerName = plan.issuer === 'issuing' ? issuing.subjectName : plan.issuer === 'self' ? null : made[plan.issuer]!.cert.subjectName;
    const subject = plan.ca ? issuing.subjectName : seal.subjectName;
    const usage = plan.ca ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
      : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString('hex').replace(/^./, '4'),
      subject,
      issuer: issuerName ?? subject,
      notBefore: new Date(now - 30 * DAY),
      notAfter: new Date(now + 730 * DAY),
      publicKey: new Uint8Array(key.spki),
      signingKey: await importRsa(signer, plan.hash ?? 'SHA-256'),
      signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5' },
      extensions: [new x509.BasicConstraintsExtension(plan.ca === true, undefined, true), new x509.KeyUsagesExtension(usage, true)],
    });
    made[plan.name] = { cert, keyPem: key.pem };
    const chain = plan.issuer === 'issuing' ? ['issuing', 'root'] : plan.issuer === 'self' ? [] : [plan.issuer];
    writeFileSync(join(dir, `${plan.name}.cert.pem`), `${cert.toString('pem')}\n`);
    writeFileSync(join(dir, `${plan.name}.key.pem`), key.pem, { mode: 0o600 });
    manifest[plan.name] = { why: plan.why, certPath: `${plan.name}.cert.pem`, keyPath: `${plan.name}.key.pem`, chain };
  }
  writeFileSync(join(dir, EXTRAS_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  const pemOf = (name: string) => pki.entities[name]?.certPem ?? `${made[name]!.cert.toString('pem')}\n`;
  for (const [name, entry] of Object.entries(manifest)) {
    if (entry.chain.length > 0) writeFileSync(join(dir, `${name}.chain.pem`), entry.chain.map(pemOf).join(''));
  }
  return loadPkiExtras(pki);
}

/** The extras as signer entities; the chain file holds what KeyInfo should carry after the certificate. */
export function loadPkiExtras(pki: TestPki): Record<string, ExtraEntity> {
  const dir = resolve(pki.dir, 'extras');
  const manifest = JSON.parse(readFileSync(join(dir, EXTRAS_FILE), 'utf8')) as Record<string, { why: string; certPath: string; keyPath: string; chain: string[] }>;
  const extras: Record<string, ExtraEntity> = {};
  for (const [name, entry] of Object.entries(manifest)) {
    const chainPath = join(dir, `${name}.chain.pem`);
    const chainPem = entry.chain.length > 0 ? readFileSync(chainPath, 'utf8') : '';
    extras[name] = {
      name, why: entry.why,
      certPath: join(dir, entry.certPath), keyPath: join(dir, entry.keyPath),
      certPem: readFileSync(join(dir, entry.certPath), 'utf8'), keyPem: readFileSync(join(dir, entry.keyPath), 'utf8'),
      chainPem, ...(chainPem ? { chainPath } : {}),
    };
  }
  return extras;
}
