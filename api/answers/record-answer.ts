// The record answer (SPEC §5 GET /records/{code}, §6 /tra-cuu/{code}): the registered record, its one public
// status, its content from one source, and the public report. The API, the portal and the CLI translate this.
import type { HocBaRecord } from '../record/index.ts';
import type { RecordView } from '../registry/types.ts';
import type { Report } from '../verify/report.ts';
import { recordContentOf, type LoadXml } from './content.ts';
import { maskPersonalIdsIn } from '../record/personal-ids.ts';
import { toPublicReport } from './disclosure.ts';
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
  return { status: statusOfRecord(view), view: maskPersonalIdsIn(view), report: toPublicReport(view.report), record };
}

/** What of the registry's view is shown beside another answer (an upload, a bulk row): status and dates, no content. */
const SUMMARY_FIELDS = [
  'locked', 'lockDate', 'effectiveFrom', 'recalledAt', 'recallReason', 'replacedBy', 'replaces', 'schoolCode', 'schoolName',
  'schoolYear', 'grade', 'studentName', 'digest', 'receivedAt',
] as const satisfies readonly (keyof RecordView)[];

/** The registered record beside another answer: its public status, and its lifecycle state apart (`lifecycle`). */
export type RecordSummary = Pick<RecordView, 'lookupCode' | (typeof SUMMARY_FIELDS)[number]> & {
  readonly status: PublicStatus;
  readonly lifecycle: RecordView['status'];
};

export function toRecordSummary(view: RecordView): RecordSummary {
  const summary: Record<string, unknown> = { lookupCode: view.lookupCode, status: statusOfRecord(view), lifecycle: view.status };
  for (const field of SUMMARY_FIELDS) summary[field] = view[field];
  return summary as RecordSummary;
}
