// Human-readable verification report for the terminal, in ONE language (scripts/cli/lang.ts): verdict first, then
// signatures, reasons and warnings. Times are Vietnam time in the portal's format (api/vietnam-time.ts); the
// machine words in brackets (codes, statuses) stay as the API spells them, so scripts can read either language.
import { messageOf, type Issue } from '../../api/errors.ts';
import { publicMessageOf } from '../../api/answers/disclosure.ts';
import type { RecordSummary } from '../../api/answers/record-answer.ts';
import type { PublicStatus } from '../../api/answers/status.ts';
import { STATUS_TEXT } from '../../api/answers/status-text.ts';
import { formatLookupCode } from '../../api/record/index.ts';
import type { Report, SignatureReport } from '../../api/verify/report.ts';
import { vietnamDateText, vietnamTimeText } from '../../api/vietnam-time.ts';
import { say, type Lang } from './lang.ts';

const VERDICT: Record<Lang, Record<Report['verdict'], string>> = {
  vi: { valid: 'HỢP LỆ', invalid: 'KHÔNG HỢP LỆ', indeterminate: 'CHƯA XÁC ĐỊNH ĐƯỢC' },
  en: { valid: 'VALID', invalid: 'INVALID', indeterminate: 'INDETERMINATE' },
};

/** The words of a signature's checks (SignatureReport's fields), so that no English value sits in a Vietnamese line. */
const CHECK_WORDS: Record<Lang, Record<string, string>> = {
  vi: {
    intact: 'nguyên vẹn', broken: 'bị sửa', not_checked: 'chưa kiểm tra', trusted: 'tin cậy', untrusted: 'không tin cậy',
    invalid: 'không hợp lệ', good: 'chưa bị thu hồi', revoked: 'đã bị thu hồi', unknown: 'không rõ',
    valid: 'hợp lệ', indeterminate: 'chưa xác định được',
  },
  en: {
    intact: 'intact', broken: 'broken', not_checked: 'not checked', trusted: 'trusted', untrusted: 'untrusted',
    invalid: 'invalid', good: 'not revoked', revoked: 'revoked', unknown: 'unknown', valid: 'valid', indeterminate: 'indeterminate',
  },
};

function word(lang: Lang, value: string): string {
  return CHECK_WORDS[lang][value] ?? value;
}

function line(found: Issue, lang: Lang): string {
  const where = [found.signature ? say(lang, `chữ ký ${found.signature}`, `signature ${found.signature}`) : '', found.path ?? ''].filter(Boolean).join(', ');
  return `[${found.code}]${where ? ` (${where})` : ''} ${messageOf(found, lang)}`;
}

function signatureLine(signature: SignatureReport, lang: Lang): string {
  const who = signature.signer ? `${signature.signer.commonName ?? signature.signer.subject}` : say(lang, 'không xác định được người ký', 'signer unknown');
  const at = signature.signingTime ? vietnamTimeText(signature.signingTime, lang) : '?';
  const checks = say(lang, 'toàn vẹn', 'integrity') + `: ${word(lang, signature.integrity)}, `
    + say(lang, 'chuỗi chứng thư', 'chain') + `: ${word(lang, signature.chain)}, `
    + say(lang, 'thu hồi', 'revocation') + `: ${word(lang, signature.revocation)}`;
  return `  ${say(lang, 'Chữ ký', 'Signature')} ${signature.index} (${signature.role ?? '?'}): ${who}; `
    + `${say(lang, 'ký lúc', 'signed')} ${at}; ${checks} → ${word(lang, signature.verdict)}`;
}

export function printReport(file: string, report: Report, lang: Lang): void {
  const out: string[] = [`${file}: ${VERDICT[lang][report.verdict]}`];
  if (report.lookupCode) out.push(`  ${say(lang, 'Mã tra cứu', 'Lookup code')}: ${formatLookupCode(report.lookupCode)}`);
  out.push(`  SHA-256: ${report.digest}`);
  for (const signature of report.signatures) out.push(signatureLine(signature, lang));
  const reasons = [...report.issues, ...report.signatures.flatMap((signature) => signature.issues)]
    .filter((found) => found.severity !== 'warning');
  for (const found of reasons) {
    out.push(`  ${found.severity === 'error' ? say(lang, 'Lỗi', 'Error') : say(lang, 'Chưa xác định', 'Undetermined')}: ${line(found, lang)}`);
  }
  for (const found of report.warnings) out.push(`  ${say(lang, 'Cảnh báo', 'Warning')}: ${line(found, lang)}`);
  process.stdout.write(out.join('\n') + '\n');
}

/** POST /api/v1/verify's answer as `hocba verify --url` reads it (docs/api.md). */
export interface RegistryAnswer {
  readonly status: PublicStatus;
  readonly kind: 'document' | 'not_a_record_file' | 'pdf';
  readonly report?: Omit<Report, 'record'>;
  readonly match?: 'identical' | 'different' | 'not_registered';
  readonly pdf?: { lookupCode: string | null; copyNumber: number | null; copy: { issuedAt: string } | null };
  readonly record?: RecordSummary;
}

const STATUS_WORD: Record<PublicStatus, string> = {
  in_force: 'IN_FORCE', not_locked: 'NOT_LOCKED', recalled: 'RECALLED', replaced: 'REPLACED',
  invalid: 'INVALID', indeterminate: 'INDETERMINATE', not_found: 'NOT_FOUND',
};

/** The registry's one status first, then why, then the record it holds under the code (second, for information). */
export function printRegistryAnswer(file: string, answer: RegistryAnswer, lang: Lang): void {
  const out: string[] = [`${file}: ${STATUS_TEXT[lang][answer.status]} (${STATUS_WORD[answer.status]})`];
  if (answer.kind === 'not_a_record_file') out.push(`  ${say(lang, 'Không phải tệp học bạ', 'Not a record file')}`);
  if (answer.kind === 'pdf' && answer.pdf) {
    out.push(`  PDF: ${say(lang, 'tệp PDF không tự chứng minh được là bản thật', 'a PDF proves nothing by itself')}`);
    if (answer.pdf.lookupCode) out.push(`  ${say(lang, 'Mã tra cứu', 'Lookup code')}: ${formatLookupCode(answer.pdf.lookupCode)}`);
    const number = answer.pdf.copyNumber;
    if (number !== null) {
      const issued = answer.pdf.copy ? vietnamTimeText(answer.pdf.copy.issuedAt, lang) : null;
      out.push(issued
        ? `  ${say(lang, `Bản sao số ${number} do Cổng cấp lúc ${issued}`, `Copy no. ${number} issued by the registry at ${issued}`)}`
        : `  ${say(lang, `Cổng chưa từng cấp bản sao số ${number}`, `The registry never issued copy no. ${number}`)}`);
    }
  }
  if (answer.match === 'different') {
    out.push(`  ${say(lang, 'Tệp khác với học bạ đã đăng ký dưới mã này', 'The file differs from the record registered under its code')}`);
  }
  if (answer.match === 'not_registered') out.push(`  ${say(lang, 'Cổng không có tệp này', 'The registry holds no such document')}`);
  const report = answer.report;
  if (report) {
    const reasons = [...report.issues, ...report.signatures.flatMap((signature) => signature.issues)].filter((found) => found.severity !== 'warning');
    for (const found of reasons) out.push(`  [${found.code}] ${publicMessageOf(found, lang)}`);
  }
  const record = answer.record;
  if (record) {
    out.push(`  ${say(lang, 'Học bạ đã đăng ký', 'Registered record')} ${formatLookupCode(record.lookupCode)}: `
      + `${STATUS_TEXT[lang][record.status]} (${STATUS_WORD[record.status]}) — ${record.schoolName}, ${record.schoolYear}`);
    const time = (iso: string | null) => (iso ? vietnamTimeText(iso, lang) : '?');
    if (record.status === 'recalled') out.push(`    ${say(lang, 'thu hồi lúc', 'recalled at')} ${time(record.recalledAt)}: ${record.recallReason ?? ''}`);
    if (record.status === 'replaced' && record.replacedBy) out.push(`    ${say(lang, 'thay bằng', 'replaced by')} ${formatLookupCode(record.replacedBy)}`);
    if (record.status === 'in_force' && record.effectiveFrom) out.push(`    ${say(lang, 'hiệu lực từ', 'in force since')} ${time(record.effectiveFrom)}`);
    if (record.status === 'not_locked') {
      out.push(`    ${say(lang, 'trường còn được sửa đến hết ngày', 'the school may correct it until the end of')} ${vietnamDateText(record.lockDate)}`);
    }
  }
  process.stdout.write(out.join('\n') + '\n');
}
