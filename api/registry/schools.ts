// School directory, approved seal certificates (SPEC §4 `hocba school`) and the schools' API tokens.
import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { schoolCertificates, schools, schoolTokens } from '../../db/schema/index.ts';
import { HocbaError } from '../errors.ts';
import { appendEvent } from './audit.ts';
import { logEntry } from './log-entries.ts';
import { appendLogEntries } from './log-store.ts';
import { parseCertificates, type CertificateFacts } from './certificates.ts';
import { sha256Hex } from '../byte-digests.ts';
import type { RegistryContext } from './context.ts';
import type { ApprovedCertificate, OperatorOptions, SchoolInput, SchoolListing } from './types.ts';

/** Registers a school and approves its certificates; the token is returned here ONCE (only its hash is kept). */
export async function addSchool(ctx: RegistryContext, input: SchoolInput, options: OperatorOptions = {}) {
  if (!/^\d{8}$/.test(input.code) || !/^\d{2}$/.test(input.provinceCode)) {
    throw new HocbaError('school_code_invalid', { params: { found: `${input.code}/${input.provinceCode}` } });
  }
  const certificates = input.certificates.flatMap((pem) => parseCertificates(pem));
  const at = options.now ?? ctx.clock();
  const actor = options.actor ?? 'operator';
  return ctx.db.transaction(async (tx) => {
    const added = await tx.insert(schools).values({
      code: input.code, name: input.name, provinceCode: input.provinceCode, district: input.district ?? null, createdAt: at,
    }).onConflictDoNothing().returning({ code: schools.code });
    if (added.length === 0) throw new HocbaError('school_exists', { params: { school: input.code } });
    await appendEvent(tx, { at, actor, kind: 'school_add', subject: input.code, detail: { name: input.name, provinceCode: input.provinceCode } });
    const approved: ApprovedCertificate[] = [];
    for (const cert of certificates) approved.push(...(await approve(tx, input.code, cert, at, actor)));
    const { tokenId, token } = await issueToken(tx, input.code, at, actor);
    return { schoolCode: input.code, tokenId, token, certificates: approved };
  });
}

/** A new token for a school (e.g. with a renewed certificate); earlier tokens stay valid until revoked. */
export async function issueSchoolToken(ctx: RegistryContext, schoolCode: string, options: OperatorOptions = {}): Promise<{ tokenId: number; token: string }> {
  return ctx.db.transaction(async (tx) => {
    await requireSchool(tx, schoolCode);
    return issueToken(tx, schoolCode, options.now ?? ctx.clock(), options.actor ?? 'operator');
  });
}

/**
 * Revokes every live token of a school (its token leaked, or its software was replaced), or one of them by the
 * number `school add` / `--issue-token` printed (the old one once a new one is in use). The school code is always
 * named, so a mistyped number cannot end another school's token. Journaled `token_revoke` with the numbers; nothing
 * live to revoke is refused `school_token_unknown`, so a typo never reads as a revocation. authenticateSchool refuses
 * a revoked token from the next request on.
 */
export async function revokeSchoolTokens(
  ctx: RegistryContext, schoolCode: string, tokenId: number | null, options: OperatorOptions = {},
): Promise<{ schoolCode: string; tokenIds: number[] }> {
  const at = options.now ?? ctx.clock();
  return ctx.db.transaction(async (tx) => {
    await requireSchool(tx, schoolCode);
    const which = tokenId === null ? eq(schoolTokens.schoolCode, schoolCode) : and(eq(schoolTokens.schoolCode, schoolCode), eq(schoolTokens.id, tokenId));
    const ended = await tx.update(schoolTokens).set({ revokedAt: at }).where(and(which, isNull(schoolTokens.revokedAt)))
      .returning({ id: schoolTokens.id });
    if (ended.length === 0) {
      throw new HocbaError('school_token_unknown', { params: { school: schoolCode, target: tokenId === null ? schoolCode : `#${tokenId}` } });
    }
    const tokenIds = ended.map((row) => row.id).sort((a, b) => a - b);
    await appendEvent(tx, { at, actor: options.actor ?? 'operator', kind: 'token_revoke', subject: schoolCode, detail: { tokenIds } });
    return { schoolCode, tokenIds };
  });
}

export async function authenticateSchool(ctx: RegistryContext, token: string): Promise<{ schoolCode: string } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await ctx.db.select({ schoolCode: schoolTokens.schoolCode }).from(schoolTokens)
    .where(and(eq(schoolTokens.tokenHash, sha256Hex(token)), isNull(schoolTokens.revokedAt))).limit(1);
  return row ?? null;
}

export async function approveCertificate(ctx: RegistryContext, schoolCode: string, input: string | Uint8Array, options: OperatorOptions = {}) {
  const certificates = parseCertificates(input);
  return ctx.db.transaction(async (tx) => {
    await requireSchool(tx, schoolCode);
    const approved: ApprovedCertificate[] = [];
    for (const cert of certificates) approved.push(...(await approve(tx, schoolCode, cert, options.now ?? ctx.clock(), options.actor ?? 'operator')));
    return approved;
  });
}

/** The directory with each school's approvals in force, by school code (the Sở's operator view). */
export async function listSchools(ctx: RegistryContext): Promise<SchoolListing[]> {
  const rows = await ctx.db.select().from(schools).orderBy(asc(schools.code));
  const approvals = await ctx.db.select().from(schoolCertificates).where(isNull(schoolCertificates.withdrawnAt)).orderBy(asc(schoolCertificates.id));
  // Grouped once: a province has thousands of schools, each with a few approvals.
  const bySchool = Map.groupBy(approvals, (cert) => cert.schoolCode);
  return rows.map((school) => ({
    code: school.code, name: school.name, provinceCode: school.provinceCode, district: school.district, createdAt: school.createdAt,
    certificates: (bySchool.get(school.code) ?? []).map((cert) => ({
      schoolCode: cert.schoolCode, fingerprint: cert.fingerprint, subject: cert.subject, issuer: cert.issuer, serial: cert.serial,
      notBefore: cert.notBefore, notAfter: cert.notAfter, approvedAt: cert.approvedAt,
    })),
  }));
}

/** Ends an approval; records signed while it was approved are judged by the engine with the dates kept. */
export async function withdrawApproval(ctx: RegistryContext, schoolCode: string, input: string | Uint8Array, options: OperatorOptions = {}): Promise<string> {
  const fingerprint = typeof input === 'string' && /^[0-9a-fA-F]{64}$/.test(input) ? input.toLowerCase() : parseCertificates(input)[0]!.fingerprint;
  const at = options.now ?? ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const ended = await tx.update(schoolCertificates).set({ withdrawnAt: at })
      .where(and(eq(schoolCertificates.schoolCode, schoolCode), eq(schoolCertificates.fingerprint, fingerprint), isNull(schoolCertificates.withdrawnAt)))
      .returning({ id: schoolCertificates.id });
    if (ended.length === 0) throw new HocbaError('certificate_not_approved', { params: { fingerprint, school: schoolCode } });
    await appendEvent(tx, { at, actor: options.actor ?? 'operator', kind: 'withdraw', subject: fingerprint, detail: { schoolCode } });
    await appendLogEntries(tx, [logEntry('withdrawn', { school: schoolCode, 'certificate-sha256': fingerprint }, at, schoolCode)]);
  });
  return fingerprint;
}

async function approve(tx: Tx, schoolCode: string, cert: CertificateFacts, at: Date, actor: string): Promise<ApprovedCertificate[]> {
  const added = await tx.insert(schoolCertificates).values({
    schoolCode, fingerprint: cert.fingerprint, subject: cert.subject, issuer: cert.issuer, serial: cert.serial,
    notBefore: cert.notBefore, notAfter: cert.notAfter, der: cert.der, approvedAt: at,
  }).onConflictDoNothing().returning();
  if (added.length === 0) return []; // already approved: nothing new to record
  await appendEvent(tx, { at, actor, kind: 'approve', subject: cert.fingerprint, detail: { schoolCode, subject: cert.subject, serial: cert.serial } });
  await appendLogEntries(tx, [logEntry('approved', { school: schoolCode, 'certificate-sha256': cert.fingerprint }, at, schoolCode)]);
  return added.map((row) => ({ schoolCode, fingerprint: row.fingerprint, subject: row.subject, serial: row.serial, approvedAt: row.approvedAt }));
}

async function issueToken(tx: Tx, schoolCode: string, at: Date, actor: string): Promise<{ tokenId: number; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const [row] = await tx.insert(schoolTokens).values({ schoolCode, tokenHash: sha256Hex(token), createdAt: at }).returning({ id: schoolTokens.id });
  // The number is journaled so a revocation by number can be traced to the issue it ends.
  await appendEvent(tx, { at, actor, kind: 'token_issue', subject: schoolCode, detail: { tokenId: row!.id } });
  return { tokenId: row!.id, token };
}

async function requireSchool(tx: Tx, schoolCode: string): Promise<void> {
  const [row] = await tx.select({ code: schools.code }).from(schools).where(eq(schools.code, schoolCode));
  if (!row) throw new HocbaError('school_unknown', { params: { school: schoolCode } });
}
