// A RecordView as the API shows it: the content once (not again inside the report), personal id masked.
import type { RecordView } from '../../index.ts';

export function toRecordAnswer(view: RecordView) {
  // The registry masked the personal id at rest (content and report); the view carries only the mask.
  const { record: _content, ...report } = view.report;
  return {
    lookupCode: view.lookupCode,
    status: view.status,
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
    locked: view.locked,
    lockDate: view.lockDate,
    effectiveFrom: view.effectiveFrom,
    digest: view.digest,
    report,
    content: view.content,
    copies: view.copies,
  };
}
