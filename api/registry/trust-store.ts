// Trust list and revocation lists: saved by operators, loaded as the plain TrustMaterial value the engine takes.
import { asc, desc } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { crls, schoolCertificates, trustedCas } from '../../db/schema/index.ts';
import { appendEvent } from './audit.ts';
import { parseCertificates, parseCrl } from './certificates.ts';
import type { RegistryContext } from './context.ts';
import { logEntry } from './log-entries.ts';
import { appendLogEntries } from './log-store.ts';
import type { OperatorOptions, TrustMaterial } from './types.ts';

/**
 * Adds CAs to the trust list (a PEM may hold several). A self-issued certificate becomes an anchor and
 * any other an intermediate unless `role` says otherwise. Adding a CA twice is harmless.
 */
export async function addTrustAnchor(
  ctx: RegistryContext, input: string | Uint8Array, options: OperatorOptions & { role?: 'anchor' | 'intermediate' } = {},
): Promise<string[]> {
  const certificates = parseCertificates(input);
  const at = options.now ?? ctx.clock();
  await ctx.db.transaction(async (tx) => {
    for (const cert of certificates) {
      const role = options.role ?? (cert.selfIssued ? 'anchor' : 'intermediate');
      const added = await tx.insert(trustedCas).values({
        fingerprint: cert.fingerprint, subject: cert.subject, issuer: cert.issuer, role, der: cert.der, addedAt: at,
      }).onConflictDoNothing().returning({ fingerprint: trustedCas.fingerprint });
      if (added.length === 0) continue;
      await appendEvent(tx, {
        at, actor: options.actor ?? 'operator', kind: 'trust_add', subject: cert.fingerprint,
        detail: { subject: cert.subject, role, serial: cert.serial },
      });
      await appendLogEntries(tx, [logEntry('trust-added', { 'certificate-sha256': cert.fingerprint, role }, at, cert.fingerprint)]);
    }
  });
  return certificates.map((cert) => cert.fingerprint);
}

/** Keeps every CRL loaded (evidence of what was known when); the trust material uses the newest per issuer. */
export async function loadCrl(ctx: RegistryContext, input: string | Uint8Array, options: OperatorOptions = {}) {
  const crl = parseCrl(input);
  const at = options.now ?? ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const added = await tx.insert(crls).values({
      issuer: crl.issuer, fingerprint: crl.fingerprint, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate, der: crl.der, loadedAt: at,
    }).onConflictDoNothing().returning({ id: crls.id });
    if (added.length === 0) return;
    await appendEvent(tx, {
      at, actor: options.actor ?? 'operator', kind: 'crl_load', subject: crl.fingerprint,
      detail: { issuer: crl.issuer, thisUpdate: crl.thisUpdate.toISOString(), nextUpdate: crl.nextUpdate?.toISOString() ?? null },
    });
    await appendLogEntries(tx, [logEntry('crl-loaded', { 'crl-sha256': crl.fingerprint, 'this-update': crl.thisUpdate.toISOString() }, at, crl.fingerprint)]);
  });
  return { issuer: crl.issuer, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate };
}

export async function loadTrustMaterial(db: Db): Promise<TrustMaterial> {
  const cas = await db.select({ role: trustedCas.role, der: trustedCas.der }).from(trustedCas).orderBy(asc(trustedCas.addedAt));
  // The newest version per issuer only: older versions stay stored (the journal's evidence) but are never used.
  const lists = await db.selectDistinctOn([crls.issuer], { issuer: crls.issuer, der: crls.der }).from(crls).orderBy(asc(crls.issuer), desc(crls.thisUpdate), desc(crls.id));
  const approvals = await db.select({
    schoolCode: schoolCertificates.schoolCode,
    fingerprint: schoolCertificates.fingerprint,
    approvedAt: schoolCertificates.approvedAt,
    withdrawnAt: schoolCertificates.withdrawnAt,
  }).from(schoolCertificates).orderBy(asc(schoolCertificates.id));
  return {
    anchors: cas.filter((ca) => ca.role === 'anchor').map((ca) => ca.der),
    intermediates: cas.filter((ca) => ca.role === 'intermediate').map((ca) => ca.der),
    crls: lists.map((list) => list.der),
    approvals: approvals.map((approval) => ({
      ...approval,
      approvedAt: approval.approvedAt.toISOString(),
      withdrawnAt: approval.withdrawnAt?.toISOString() ?? null,
    })),
  };
}
