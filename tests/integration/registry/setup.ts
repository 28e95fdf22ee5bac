// Shared setup of the registry suites: a real registry on a real database, two schools, test certificates.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { Database } from '../../../db/client.ts';
import { createRegistry, type Registry } from '../../../api/registry/index.ts';
import { verifyPlainXmlForTests } from './engine-double.ts';

x509.cryptoProvider.set(globalThis.crypto);

export const SCHOOL_A = '01000101';
export const SCHOOL_B = '79000202';
/** A June morning of 2024-2025, before the 30/06/2025 lock. */
export const BEFORE_LOCK = new Date('2025-06-01T08:00:00+07:00');
export const LAST_MOMENT = new Date('2025-06-30T23:59:59.999+07:00');
export const AFTER_LOCK = new Date('2025-07-01T00:00:00+07:00');

export interface Fixture {
  registry: Registry;
  tokenA: string;
  tokenB: string;
}

export async function setUpRegistry(database: Database): Promise<Fixture> {
  const registry = createRegistry({ db: database, verify: verifyPlainXmlForTests, clock: () => BEFORE_LOCK });
  const a = await registry.addSchool({ code: SCHOOL_A, name: 'Trường THPT Phan Đình Phùng', provinceCode: '01', certificates: [] });
  const b = await registry.addSchool({ code: SCHOOL_B, name: 'Trường THPT Lê Quý Đôn', provinceCode: '79', certificates: [] });
  return { registry, tokenA: a.token, tokenB: b.token };
}

export function newLookupCode(): string {
  return randomUUID().replace(/-/g, '').toUpperCase();
}

export interface TestPki {
  rootPem: string;
  schoolPem: string;
  crlPem: string;
}

/** A root CA, a school seal certificate it issued, and the root's CRL (ECDSA P-256). */
export async function makeTestPki(): Promise<TestPki> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const rootKeys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const schoolKeys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const notBefore = new Date('2024-01-01T00:00:00Z');
  const notAfter = new Date('2030-01-01T00:00:00Z');
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: 'C=VN, O=Test Root CA, CN=Test Root CA', notBefore, notAfter, keys: rootKeys, signingAlgorithm: algorithm,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  });
  const school = await x509.X509CertificateGenerator.create({
    serialNumber: '0a1b', subject: 'C=VN, O=Truong THPT Phan Dinh Phung, CN=Truong THPT Phan Dinh Phung', issuer: root.subject,
    notBefore, notAfter, publicKey: schoolKeys.publicKey, signingKey: rootKeys.privateKey, signingAlgorithm: algorithm,
  });
  const crl = await x509.X509CrlGenerator.create({
    issuer: root.subject, thisUpdate: new Date('2025-05-01T00:00:00Z'), nextUpdate: new Date('2025-08-01T00:00:00Z'),
    signingKey: rootKeys.privateKey, signingAlgorithm: algorithm, entries: [],
  });
  return { rootPem: root.toString('pem'), schoolPem: school.toString('pem'), crlPem: crl.toString('pem') };
}
