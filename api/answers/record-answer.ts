// The record answer (SPEC §5 GET /records/{code}, §6 /tra-cuu/{code}): the registered record, its one public
// status, its content from one source, and the public report. The API, the portal and the CLI translate this.
import type { HocBaRecord } from '../record/index.ts';
import type { RecordView } from '../registry/types.ts';
import type { Report } from '../verify/report.ts';
import { recordContentOf, type LoadXml } from './content.ts';
import { maskPersonalIds, toPublicReport } from './disclosure.ts';
import { statusOfRecord, type PublicStatus } from './status.ts';

export interface RecordAnswer {
  readonly status: PublicStatus;
  /** The registry's view (lifecycle, lock, dates); its `report` and `content` are the public ones below. */
  readonly view: RecordView;
  readonly report: Omit<Report, 'record'>;
  readonly record: HocBaRecord | null;
}

export async function toRecordAnswer(view: RecordView, loadXml: LoadXml): Promise<RecordAnswer> {
  const record = await recordContentOf(view, loadXml);
  return { status: statusOfRecord(view), view: maskPersonalIds(view), report: toPublicReport(view.report), record };
}

/** The registered record shown beside another answer (an upload, a bulk row): status and dates, no content. */
export interface RecordSummary {
  readonly lookupCode: string;
  readonly status: PublicStatus;
  readonly lifecycle: RecordView['status'];
  readonly locked: boolean;
  readonly lockDate: string;
  readonly effectiveFrom: string | null;
  readonly recalledAt: string | null;
  readonly recallReason: string | null;
  readonly replacedBy: string | null;
  readonly replaces: string | null;
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly schoolYear: string;
  readonly grade: number;
  readonly studentName: string;
  readonly digest: string;
  readonly receivedAt: string;
}

export function toRecordSummary(view: RecordView): RecordSummary {
  return {
    lookupCode: view.lookupCode, status: statusOfRecord(view), lifecycle: view.status, locked: view.locked,
    lockDate: view.lockDate, effectiveFrom: view.effectiveFrom, recalledAt: view.recalledAt, recallReason: view.recallReason,
    replacedBy: view.replacedBy, replaces: view.replaces, schoolCode: view.schoolCode, schoolName: view.schoolName,
    schoolYear: view.schoolYear, grade: view.grade, studentName: view.studentName, digest: view.digest, receivedAt: view.receivedAt,
  };
}
