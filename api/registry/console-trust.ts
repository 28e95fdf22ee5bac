// Certificates and trust for the operator console (issue 20): seal certificates schools push with that are not
// approved (refused pushes with `cert_not_approved`, newest message per school), approvals that expire soon, the
// trust anchors, and each issuer's newest CRL with whether it is past its next update (then verification of
// that CA's certificates is indeterminate).
import { and, asc, desc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { crls, schoolCertificates, schools, submissions, trustedCas } from '../../db/schema/index.ts';
import type { RegistryContext } from './context.ts';
import type { TrustOverview } from './types.ts';

export const EXPIRY_WARNING_DAYS = 60;
const MAX_ROWS = 500;
const DAY_MS = 86_400_000;

export async function trustOverview(ctx: RegistryContext, now: Date): Promise<TrustOverview> {
  const horizon = new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS);
  const waiting = rowsOf<Record<string, unknown>>(await ctx.db.execute(sql`
    select s.school_code, sc.name as school_name, count(*)::int as n, max(s.received_at) as last_at,
           (array_agg(e->>'message' order by s.received_at desc))[1] as message
    from ${submissions} s cross join lateral jsonb_array_elements(coalesce(s.errors, '[]'::jsonb)) as e
    join ${schools} sc on sc.code = s.school_code
    where s.status = 'rejected' and e->>'code' = 'cert_not_approved'
      and s.received_at > ${new Date(now.getTime() - 365 * DAY_MS).toISOString()}::timestamptz
    group by s.school_code, sc.name order by max(s.received_at) desc limit ${MAX_ROWS}`));
  const expiring = await ctx.db.select({
    schoolCode: schoolCertificates.schoolCode, schoolName: schools.name, fingerprint: schoolCertificates.fingerprint,
    subject: schoolCertificates.subject, serial: schoolCertificates.serial, notAfter: schoolCertificates.notAfter,
  }).from(schoolCertificates).innerJoin(schools, eq(schools.code, schoolCertificates.schoolCode))
    .where(and(isNull(schoolCertificates.withdrawnAt), lte(schoolCertificates.notAfter, horizon), gte(schoolCertificates.notAfter, new Date(now.getTime() - 365 * DAY_MS))))
    .orderBy(asc(schoolCertificates.notAfter)).limit(MAX_ROWS);
  const anchors = await ctx.db.select({ fingerprint: trustedCas.fingerprint, subject: trustedCas.subject, role: trustedCas.role, addedAt: trustedCas.addedAt })
    .from(trustedCas).orderBy(asc(trustedCas.role), asc(trustedCas.subject)).limit(MAX_ROWS);
  const lists = await ctx.db.selectDistinctOn([crls.issuer], { issuer: crls.issuer, thisUpdate: crls.thisUpdate, nextUpdate: crls.nextUpdate, loadedAt: crls.loadedAt })
    .from(crls).orderBy(asc(crls.issuer), desc(crls.thisUpdate), desc(crls.id)).limit(MAX_ROWS);
  return {
    waiting: waiting.map((row) => ({
      schoolCode: String(row.school_code), schoolName: String(row.school_name), refusedPushes: Number(row.n),
      lastAt: new Date(row.last_at as string | Date), message: row.message === null ? null : String(row.message),
    })),
    expiring: expiring.map((row) => ({ ...row, expired: row.notAfter <= now })),
    anchors,
    crls: lists.map((row) => ({ ...row, stale: row.nextUpdate === null ? false : row.nextUpdate <= now })),
  };
}
