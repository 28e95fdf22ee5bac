// A real test PKI per test file, and the trust list a registry would hold for it (root anchor, issuing CA, CRLs).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../../../api/pki/index.ts';
import {
  checkCertificate, pemToDer, prepareTrust, toTrustMaterial,
  type CertificateCheck, type PreparedTrust, type SchoolApproval,
} from '../../../api/trust/index.ts';

export const NOW = new Date('2026-06-15T08:00:00.000Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export async function makeTestPki(): Promise<{ pki: TestPki; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'hocba-trust-'));
  const pki = await createTestPki({ outDir: dir, now: NOW });
  return { pki, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function trustOf(pki: TestPki, options: {
  crls?: string[]; cas?: string[]; approvals?: SchoolApproval[];
} = {}): PreparedTrust {
  const cas = (options.cas ?? ['root', 'issuing']).map((name) => pki.entities[name]!.certPem);
  const crls = (options.crls ?? ['issuing', 'root']).map((name) => pki.crls[name]!.pem);
  return prepareTrust(toTrustMaterial({ cas, crls, approvals: options.approvals ?? [] }));
}

export function derOf(pem: string): Uint8Array {
  return pemToDer(pem, 'CERTIFICATE')[0]!;
}

/** Checks an entity's certificate with its chain from "KeyInfo", signed an hour before NOW unless told. */
export function checkEntity(pki: TestPki, trust: PreparedTrust, name: string, options: {
  signingTime?: Date; now?: Date; proofOfExistence?: Date; candidates?: Uint8Array[]; signature?: number;
} = {}): Promise<CertificateCheck> {
  const entity = pki.entities[name]!;
  return checkCertificate({
    signer: derOf(entity.certPem),
    candidates: options.candidates ?? pemToDer(entity.chainPem),
    trust,
    signingTime: options.signingTime ?? new Date(NOW.getTime() - HOUR),
    now: options.now ?? NOW,
    ...(options.proofOfExistence ? { proofOfExistence: options.proofOfExistence } : {}),
    ...(options.signature ? { signature: options.signature } : {}),
  });
}

export const codesOf = (check: CertificateCheck) => check.issues.map((found) => found.code);
