// The record answer of api/answers as the API shows it (SPEC §5): one `status` of the §6 vocabulary, the lifecycle
// beside it, the public report, and the content once (from the same source as the PDF), personal id masked.
// Every other field is the registry's RecordView as it stands: one home for the record's shape, and the zod schema
// (schemas.ts) must name exactly these keys or the build fails.
import { statusOfRecord, toPublicReport, type HocBaRecord, type RecordAnswer, type RecordView } from '../../index.ts';

export function toRecordJson(answer: RecordAnswer) {
  // The view's `status` is the lifecycle; its stored report and content give way to the public ones.
  const { lookupCode, status: lifecycle, report: _stored, content: _raw, ...view } = answer.view;
  return { lookupCode, status: answer.status, lifecycle, ...view, report: answer.report, content: answer.record };
}

/** What the API writes for a record: the keys the zod schema `RecordAnswer` documents, no more, no fewer. */
export type RecordJson = ReturnType<typeof toRecordJson>;

/** A school's own view (packages, corrections): the same shape, content as stored (the school wrote it). */
export function toRecordAnswer(view: RecordView) {
  return toRecordJson({ status: statusOfRecord(view), view, report: toPublicReport(view.report), record: view.content as HocBaRecord | null });
}
