// Makes one test certificate or CRL from its plan: UTF-8 Vietnamese subject, RFC 5280 extensions, SHA-256 signature.
import { EXTRA_NAMES, x509 } from '../trust/x509.ts';
import { toSigningAlgorithm } from './keys.ts';
import type { CrlPlan, EntityPlan, KeySpec, SubjectPlan } from './plan.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const CRL_NUMBER_OID = '2.5.29.20';

export interface Issuer {
  readonly cert: x509.X509Certificate;
  readonly key: CryptoKey;
  readonly spec: KeySpec;
}

/** C, ST, O, T, UID, CN in that order (the Vietnamese convention); every value but C is a UTF8String in NFC. */
export function toSubjectName(subject: SubjectPlan): x509.Name {
  const rdns: x509.JsonNameParams = [{ C: ['VN'] }];
  for (const type of ['ST', 'O', 'T', 'UID', 'CN'] as const) {
    const value = subject[type];
    if (value !== undefined) rdns.push({ [type]: [{ utf8String: value.normalize('NFC') }] });
  }
  return new x509.Name(rdns, EXTRA_NAMES);
}

function randomSerial(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01; // positive, no leading zero byte
  return Buffer.from(bytes).toString('hex');
}

function toKeyUsage(usage: EntityPlan['usage']): x509.KeyUsagesExtension {
  const F = x509.KeyUsageFlags;
  const flags = usage === 'ca' ? F.keyCertSign | F.cRLSign
    : usage === 'signing' ? F.digitalSignature | F.nonRepudiation
      : F.keyEncipherment;
  return new x509.KeyUsagesExtension(flags, true);
}

export async function issueCertificate(
  plan: EntityPlan, keys: CryptoKeyPair, issuer: Issuer | null, now: Date,
): Promise<x509.X509Certificate> {
  const subject = toSubjectName(plan.subject);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(plan.usage === 'ca', undefined, true),
    toKeyUsage(plan.usage),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuer ? issuer.cert.publicKey : keys.publicKey),
  ];
  return await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject,
    issuer: issuer ? issuer.cert.subjectName : subject,
    notBefore: new Date(now.getTime() + plan.validDays[0] * DAY),
    notAfter: new Date(now.getTime() + plan.validDays[1] * DAY),
    publicKey: keys.publicKey,
    signingKey: issuer ? issuer.key : keys.privateKey,
    signingAlgorithm: toSigningAlgorithm(issuer ? issuer.spec : plan.key),
    extensions,
  });
}

/** A v2 CRL with authority key identifier and CRL number, entries revoked for key compromise. */
export async function issueCrl(
  plan: CrlPlan, issuer: Issuer, revoked: readonly { serial: string; date: Date }[], now: Date, number: number,
): Promise<x509.X509Crl> {
  return await x509.X509CrlGenerator.create({
    issuer: issuer.cert.subjectName,
    thisUpdate: new Date(now.getTime() + plan.hours[0] * HOUR),
    nextUpdate: new Date(now.getTime() + plan.hours[1] * HOUR),
    signingKey: issuer.key,
    signingAlgorithm: toSigningAlgorithm(issuer.spec),
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(issuer.cert.publicKey),
      new x509.Extension(CRL_NUMBER_OID, false, new Uint8Array([0x02, 0x01, number])),
    ],
    entries: revoked.map((entry) => ({
      serialNumber: entry.serial, revocationDate: entry.date, reason: x509.X509CrlReason.keyCompromise,
    })),
  });
}
