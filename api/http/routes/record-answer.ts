// The record answer of api/answers as the API shows it (SPEC §5): one `status` of the §6 vocabulary, the lifecycle
// beside it, the public report, and the content once (from the same source as the PDF), personal id masked.
import { statusOfRecord, toPublicReport, type HocBaRecord, type RecordAnswer, type RecordView } from '../../index.ts';

export function toRecordJson(answer: RecordAnswer) {
  const { view } = answer;
  return {
    lookupCode: view.lookupCode,
    status: answer.status,
    lifecycle: view.status,
    schoolCode: view.schoolCode,
    schoolName: view.schoolName,
    schoolYear: view.schoolYear,
    grade: view.grade,
    level: view.level,
    studentName: view.studentName,
    studentCode: view.studentCode,
    personalId: view.personalId,
    receivedAt: view.receivedAt,
    recalledAt: view.recalledAt,
    recallReason: view.recallReason,
    replacedBy: view.replacedBy,
    replaces: view.replaces,
    supplementary: view.supplementary,
    studentMoved: view.studentMoved,
    locked: view.locked,
    lockDate: view.lockDate,
    effectiveFrom: view.effectiveFrom,
    digest: view.digest,
    report: answer.report,
    content: answer.record,
    copies: view.copies,
  };
}

/** A school's own view (packages, corrections): the same shape, content as stored (the school wrote it). */
export function toRecordAnswer(view: RecordView) {
  return toRecordJson({ status: statusOfRecord(view), view, report: toPublicReport(view.report), record: view.content as HocBaRecord | null });
}
