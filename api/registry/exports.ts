// The export the Sở reports to the Ministry (SPEC §1 "export to the national database"): every record of a school
// year, paged by lookup code, with registry facts only — never the personal id (SPEC §9, Decree 13/2023).
import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import { records, schools } from '../../db/schema/index.ts';
import { HocbaError } from '../errors.ts';
import { parseSchoolYear, type RecordStatus } from '../lifecycle/index.ts';
import { appendEvent } from './audit.ts';
import { requireLookupCode, type RegistryContext } from './context.ts';
import type { ExportPage, ExportQuery, OperatorOptions } from './types.ts';

const EXPORT_PAGE = 1000;
const MAX_EXPORT_PAGE = 5000;

/** One page in lookup-code order; the first page of an export (no `after`) is journaled. */
export async function exportRecords(
  ctx: RegistryContext, query: ExportQuery, options: OperatorOptions & { format?: string } = {},
): Promise<ExportPage> {
  parseSchoolYear(query.schoolYear);
  if (query.schoolCode !== undefined && !/^\d{8}$/.test(query.schoolCode)) {
    throw new HocbaError('school_code_invalid', { params: { found: query.schoolCode.slice(0, 20) } });
  }
  const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? EXPORT_PAGE)), MAX_EXPORT_PAGE);
  const conditions: SQL[] = [eq(records.schoolYear, query.schoolYear)];
  if (query.schoolCode !== undefined) conditions.push(eq(records.schoolCode, query.schoolCode));
  if (query.after !== undefined) conditions.push(gt(records.lookupCode, requireLookupCode(query.after)));
  const at = options.now ?? ctx.clock();
  return ctx.db.transaction(async (tx) => {
    if (query.after === undefined) {
      await appendEvent(tx, {
        at, actor: options.actor ?? 'operator', kind: 'export', subject: query.schoolYear,
        detail: { school: query.schoolCode ?? null, format: options.format ?? 'json' },
      });
    }
    const found = await tx.select({
      lookupCode: records.lookupCode, schoolCode: records.schoolCode, schoolName: schools.name, schoolYear: records.schoolYear,
      grade: records.grade, level: records.level, studentCode: records.studentCode, studentName: records.studentName,
      status: records.status, digest: records.digest, receivedAt: records.receivedAt, recalledAt: records.recalledAt, replacedBy: records.replacedBy,
    }).from(records).innerJoin(schools, eq(schools.code, records.schoolCode))
      .where(and(...conditions)).orderBy(asc(records.lookupCode)).limit(limit + 1);
    const page = found.slice(0, limit);
    return {
      rows: page.map((row) => ({
        ...row,
        status: row.status as RecordStatus,
        receivedAt: row.receivedAt.toISOString(),
        recalledAt: row.recalledAt?.toISOString() ?? null,
      })),
      next: found.length > limit ? page.at(-1)!.lookupCode : null,
    };
  });
}
