// Human-readable verification report for the terminal: verdict first, then signatures, reasons and warnings.
import { messageOf, formatLookupCode, publicMessageOf, STATUS_TEXT, type Issue, type PublicStatus, type RecordSummary, type Report } from '../../api/index.ts';

const VERDICT = {
  valid: 'HỢP LỆ / VALID',
  invalid: 'KHÔNG HỢP LỆ / INVALID',
  indeterminate: 'CHƯA XÁC ĐỊNH ĐƯỢC / INDETERMINATE',
} as const;

function line(found: Issue): string {
  const where = [found.signature ? `chữ ký ${found.signature}` : '', found.path ?? ''].filter(Boolean).join(', ');
  return `[${found.code}]${where ? ` (${where})` : ''} ${messageOf(found, 'vi')}\n      ${messageOf(found, 'en')}`;
}

export function printReport(file: string, report: Report): void {
  const out: string[] = [`${file}: ${VERDICT[report.verdict]}`];
  if (report.lookupCode) out.push(`  Mã tra cứu / lookup code: ${formatLookupCode(report.lookupCode)}`);
  out.push(`  SHA-256: ${report.digest}`);
  for (const signature of report.signatures) {
    const who = signature.signer ? `${signature.signer.commonName ?? signature.signer.subject}` : 'không xác định được người ký';
    out.push(`  Chữ ký ${signature.index} (${signature.role ?? '?'}): ${who}; ký lúc ${signature.signingTime ?? '?'}; `
      + `toàn vẹn: ${signature.integrity}, chuỗi: ${signature.chain}, thu hồi: ${signature.revocation} → ${signature.verdict}`);
  }
  const reasons = [...report.issues, ...report.signatures.flatMap((signature) => signature.issues)]
    .filter((found) => found.severity !== 'warning');
  for (const found of reasons) out.push(`  ${found.severity === 'error' ? 'Lỗi' : 'Chưa xác định'}: ${line(found)}`);
  for (const found of report.warnings) out.push(`  Cảnh báo / warning: ${line(found)}`);
  process.stdout.write(out.join('\n') + '\n');
}

/** POST /api/v1/verify's answer as `hocba verify --url` reads it (docs/api.md). */
export interface RegistryAnswer {
  readonly status: PublicStatus;
  readonly kind: 'document' | 'not_a_record_file' | 'pdf';
  readonly report?: Omit<Report, 'record'>;
  readonly match?: 'identical' | 'different' | 'not_registered';
  readonly pdf?: {
    lookupCode: string | null; copyNumber: number | null; copy: { issuedAt: string } | null;
    genuine?: boolean; seal?: { state: string; signer: string | null }; reason?: { code: string; message: string } | null;
  };
  readonly record?: RecordSummary;
}

const STATUS_WORD: Record<PublicStatus, string> = {
  in_force: 'IN_FORCE', not_locked: 'NOT_LOCKED', recalled: 'RECALLED', replaced: 'REPLACED',
  invalid: 'INVALID', indeterminate: 'INDETERMINATE', not_found: 'NOT_FOUND',
};

/** The registry's one status first, then why, then the record it holds under the code (second, for information). */
export function printRegistryAnswer(file: string, answer: RegistryAnswer): void {
  const out: string[] = [`${file}: ${STATUS_TEXT.vi[answer.status]} / ${STATUS_TEXT.en[answer.status]} (${STATUS_WORD[answer.status]})`];
  if (answer.kind === 'not_a_record_file') out.push('  Không phải tệp học bạ / not a record file');
  if (answer.kind === 'pdf' && answer.pdf) {
    const { pdf } = answer;
    if (pdf.genuine && pdf.copyNumber !== null && pdf.lookupCode && pdf.copy) {
      out.push(`  PDF: BẢN SAO THẬT số ${pdf.copyNumber} của học bạ ${formatLookupCode(pdf.lookupCode)}, Cổng cấp lúc ${pdf.copy.issuedAt} (dấu điện tử của Cổng hợp lệ trên toàn tệp)`);
      out.push(`       GENUINE copy no. ${pdf.copyNumber} of record ${formatLookupCode(pdf.lookupCode)}, issued by the registry at ${pdf.copy.issuedAt} (the registry's seal holds over the whole file)`);
    } else {
      out.push(`  PDF: KHÔNG xác nhận được là bản sao do Cổng cấp / NOT confirmed as a copy the registry issued (seal: ${pdf.seal?.state ?? '?'})`);
      if (pdf.reason) out.push(`  [${pdf.reason.code}] ${pdf.reason.message}`);
    }
    if (answer.pdf.lookupCode) out.push(`  Mã tra cứu / lookup code: ${formatLookupCode(answer.pdf.lookupCode)}`);
    if (answer.pdf.copyNumber !== null) {
      out.push(answer.pdf.copy
        ? `  Bản sao số ${answer.pdf.copyNumber} do Cổng cấp lúc ${answer.pdf.copy.issuedAt} / copy no. ${answer.pdf.copyNumber} issued by the registry at ${answer.pdf.copy.issuedAt}`
        : `  Cổng chưa từng cấp bản sao số ${answer.pdf.copyNumber} / the registry never issued copy no. ${answer.pdf.copyNumber}`);
    }
  }
  if (answer.match === 'different') out.push('  Tệp khác với học bạ đã đăng ký dưới mã này / the file differs from the record registered under its code');
  if (answer.match === 'not_registered') out.push('  Cổng không có tệp này / the registry holds no such document');
  const report = answer.report;
  if (report) {
    const reasons = [...report.issues, ...report.signatures.flatMap((signature) => signature.issues)].filter((found) => found.severity !== 'warning');
    for (const found of reasons) out.push(`  [${found.code}] ${publicMessageOf(found, 'vi')}\n      ${publicMessageOf(found, 'en')}`);
  }
  const record = answer.record;
  if (record) {
    out.push(`  Học bạ đã đăng ký / registered record ${formatLookupCode(record.lookupCode)}: ${STATUS_WORD[record.status]}`
      + ` — ${record.schoolName}, ${record.schoolYear}`);
    if (record.status === 'recalled') out.push(`    thu hồi / recalled ${record.recalledAt ?? '?'}: ${record.recallReason ?? ''}`);
    if (record.status === 'replaced' && record.replacedBy) out.push(`    thay bằng / replaced by ${formatLookupCode(record.replacedBy)}`);
    if (record.status === 'in_force' && record.effectiveFrom) out.push(`    hiệu lực từ / in force since ${record.effectiveFrom}`);
    if (record.status === 'not_locked') out.push(`    trường còn được sửa đến hết / correctable until the end of ${record.lockDate}`);
  }
  process.stdout.write(out.join('\n') + '\n');
}
