// Shared setup of the registry suites: a real registry (real engine, real database) trusting the test PKI,
// two schools with approved seals, at a fixed June morning so the lock-date rules can be exercised.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { Database } from '../../../db/client.ts';
import type { Registry } from '../../../api/registry/index.ts';
import { wireRegistry, type WireOptions } from '../../../api/registry/open.ts';
import type { Verifier } from '../../../api/index.ts';
import { makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';
import { recordPackage, type TestRecord } from './records.ts';

x509.cryptoProvider.set(globalThis.crypto);

export const SCHOOL_A = SCHOOLS.a.code;
export const SCHOOL_B = SCHOOLS.b.code;
/** A June morning of 2024-2025, before the 30/06/2025 lock; the test PKI is made for this moment. */
export const BEFORE_LOCK = new Date('2025-06-01T08:00:00+07:00');
export const LAST_MOMENT = new Date('2025-06-30T23:59:59.999+07:00');
export const AFTER_LOCK = new Date('2025-07-01T00:00:00+07:00');

export interface Fixture {
  registry: Registry;
  /** Its engine: in this thread unless `workers` was given (then close it, as a server does). */
  verifier: Verifier;
  tokenA: string;
  tokenB: string;
  pki: Fixtures;
  /** A real signed package of school A (or B) with these facts. */
  pkg(record: TestRecord): Promise<string>;
}

/** Test PKI for BEFORE_LOCK; made once per file (about a second). */
export function makeRegistryFixtures(): Promise<Fixtures> {
  return makeFixtures({ now: BEFORE_LOCK });
}

/** Registry options a suite may set: other ingest limits or counters than the server's defaults, verification threads. */
export type SetUpOptions = Pick<WireOptions, 'ingest' | 'counters' | 'accessLog' | 'workers' | 'verifierBudget'>;

export async function setUpRegistry(database: Database, pki: Fixtures, options: SetUpOptions = {}): Promise<Fixture> {
  const { registry, verifier } = wireRegistry(database, { ...options, clock: () => BEFORE_LOCK });
  const before = { now: new Date(BEFORE_LOCK.getTime() - 86_400_000) };
  await registry.addTrustAnchor(pki.pem('root'), before);
  await registry.addTrustAnchor(pki.pem('issuing'), before);
  await registry.loadCrl(pki.pki.crls.issuing!.pem, before);
  await registry.loadCrl(pki.pki.crls.root!.pem, before);
  const a = await registry.addSchool({ code: SCHOOL_A, name: SCHOOLS.a.name, provinceCode: '01', certificates: [pki.pem(SCHOOLS.a.seal)] }, before);
  const b = await registry.addSchool({ code: SCHOOL_B, name: SCHOOLS.b.name, provinceCode: '01', certificates: [pki.pem(SCHOOLS.b.seal)] }, before);
  return { registry, verifier, tokenA: a.token, tokenB: b.token, pki, pkg: (record) => recordPackage(pki, record) };
}

/** The preamble of a registry suite on one database under test: the database opened, the registry set up on it. */
export async function openRegistryFixture(
  open: () => Promise<Database>, pki: Fixtures, options: SetUpOptions = {},
): Promise<{ database: Database; fx: Fixture }> {
  const database = await open();
  return { database, fx: await setUpRegistry(database, pki, options) };
}

export function newLookupCode(): string {
  return randomUUID().replace(/-/g, '').toUpperCase();
}

export interface TestPki {
  rootPem: string;
  schoolPem: string;
  crlPem: string;
}

/** A second, unrelated PKI (ECDSA P-256) for the operator actions: a root CA, a school seal it issued, its CRL. */
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
