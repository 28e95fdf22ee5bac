// Writes the test PKI (certificates, PKCS#8 keys, chains, CRLs as PEM, plus pki.json) to a folder (SPEC §4 `hocba pki init`).
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { toNameString } from '../trust/names.ts';
import { x509 } from '../trust/x509.ts';
import { generateKeyPair, toPrivateKeyPem } from './keys.ts';
import { issueCertificate, issueCrl, type Issuer } from './issue-certificate.ts';
import { REVOKED_DAYS_AGO, TEST_CRL_PLAN, TEST_PKI_PLAN, type EntityPlan } from './plan.ts';
import { loadTestPki, MANIFEST_FILE, type PkiManifest, type TestPki } from './test-pki.ts';

export interface CreateTestPkiOptions {
  readonly outDir: string;
  /** The instant validity periods and CRL times are relative to; defaults to the current second. */
  readonly now?: Date;
}

type Made = Issuer & { readonly plan: EntityPlan; readonly certPem: string };

/** The issuer chain above an entity (issuing CA, then root), excluding the entity itself. */
function chainOf(plan: EntityPlan, made: ReadonlyMap<string, Made>): Made[] {
  const chain: Made[] = [];
  for (let next = plan.issuer; next !== null; next = made.get(next)!.plan.issuer) chain.push(made.get(next)!);
  return chain;
}

export async function createTestPki(options: CreateTestPkiOptions): Promise<TestPki> {
  const dir = resolve(options.outDir);
  // Whole seconds: certificate times carry no fractions, so pki.json's `now` matches what is encoded.
  const now = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000);
  await mkdir(dir, { recursive: true });
  // Key generation dominates (RSA 3072 most); WebCrypto runs it on the thread pool, so start all at once.
  const keys = await Promise.all(TEST_PKI_PLAN.map((plan) => generateKeyPair(plan.key)));

  const made = new Map<string, Made>();
  const manifest: PkiManifest = { now: now.toISOString(), entities: {}, crls: {} };
  for (const [index, plan] of TEST_PKI_PLAN.entries()) {
    const pair = keys[index]!;
    const issuer = plan.issuer === null ? null : made.get(plan.issuer)!;
    const cert = await issueCertificate(plan, pair, issuer, now);
    const certPem = cert.toString('pem');
    made.set(plan.name, { plan, cert, key: pair.privateKey, spec: plan.key, certPem });

    const files = { certPath: `${plan.name}.cert.pem`, keyPath: `${plan.name}.key.pem` };
    await writeFile(join(dir, files.certPath), `${certPem}\n`);
    await writeFile(join(dir, files.keyPath), await toPrivateKeyPem(pair.privateKey), { mode: 0o600 });
    const isLeaf = plan.role !== 'root-ca' && plan.role !== 'issuing-ca';
    const chainPath = isLeaf ? `${plan.name}.chain.pem` : undefined;
    if (chainPath) await writeFile(join(dir, chainPath), chainOf(plan, made).map((m) => `${m.certPem}\n`).join(''));
    manifest.entities[plan.name] = {
      name: plan.name, role: plan.role, subject: toNameString(cert.subjectName),
      ...(plan.schoolCode === undefined ? {} : { schoolCode: plan.schoolCode }),
      ...(plan.defect === undefined ? {} : { defect: plan.defect }),
      keyAlgorithm: plan.key, ...files, ...(chainPath ? { chainPath } : {}),
    };
  }

  const revokedAt = new Date(now.getTime() - REVOKED_DAYS_AGO * 86_400_000);
  for (const [index, plan] of TEST_CRL_PLAN.entries()) {
    const revoked = plan.revoked.map((name) => ({ serial: made.get(name)!.cert.serialNumber, date: revokedAt }));
    const crl = await issueCrl(plan, made.get(plan.issuer)!, revoked, now, index + 1);
    const path = `${plan.name}.crl.pem`;
    // RFC 7468 labels a CRL `X509 CRL`; the library writes `CRL`, which openssl refuses.
    await writeFile(join(dir, path), `${x509.PemConverter.encode(crl.rawData, 'X509 CRL')}\n`);
    manifest.crls[plan.name] = { issuer: plan.issuer, path };
  }

  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return loadTestPki(dir);
}
