// Human-readable verification report for the terminal: verdict first, then signatures, reasons and warnings.
import { messageOf, formatLookupCode, type Issue, type Report } from '../../api/index.ts';

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
