// TEST DOUBLE for the verification engine ONLY: builds a Report from plain, unsigned XML so registry tests
// run without a PKI. Everything else in these tests (codec, xml, envelope, databases) is the real thing.
import { createHash } from 'node:crypto';
import { issue, type Issue, type IssueCode } from '../../../api/errors.ts';
import { encodePackage } from '../../../api/codec/index.ts';
import { HOCBA_NS, readEnvelope } from '../../../api/record/envelope.ts';
import { parseXml } from '../../../api/xml/index.ts';
import type { VerifyFn } from '../../../api/registry/index.ts';
import type { Report } from '../../../api/verify/report.ts';

export interface TestRecord {
  lookupCode: string;
  schoolCode: string;
  schoolYear?: string;
  grade?: number;
  studentCode?: string;
  personalId?: string;
  studentName?: string;
  /** Changes the bytes without changing the facts. */
  note?: string;
  /** Makes the double answer `invalid` with this issue, as the real engine would for a bad signature. */
  failWith?: { code: IssueCode; path?: string };
}

export function recordXml(record: TestRecord): string {
  const fail = record.failWith ? `<LoiGiaLap Ma="${record.failWith.code}" DuongDan="${record.failWith.path ?? ''}"/>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<HocBaSo xmlns="${HOCBA_NS}" PhienBan="1.0"><DuLieu Id="DL1">
<MaTraCuu>${record.lookupCode}</MaTraCuu><MaTruong>${record.schoolCode}</MaTruong>
<NamHoc>${record.schoolYear ?? '2024-2025'}</NamHoc><Lop>${record.grade ?? 10}</Lop>
<HocSinh><MaHocSinh>${record.studentCode ?? '0123456789'}</MaHocSinh><MaDinhDanh>${record.personalId ?? '001203004567'}</MaDinhDanh>
<HoTen>${record.studentName ?? 'Nguyễn Thị Minh Anh'}</HoTen></HocSinh><GhiChu>${record.note ?? ''}</GhiChu>${fail}
</DuLieu></HocBaSo>`;
}

export function recordPackage(record: TestRecord): string {
  return encodePackage(recordXml(record));
}

/** Reads the facts with the real XML parser and envelope reader; signatures are not looked at. */
export const verifyPlainXmlForTests: VerifyFn = async (xml, context) => {
  const { document } = parseXml(xml);
  const envelope = readEnvelope(document);
  const digest = createHash('sha256').update(xml).digest('hex');
  const base = { digest, signatures: [], warnings: [], checkedAt: context.now.toISOString(), engine: 'test-double' };
  if (!envelope.envelope) return { ...base, ...invalid(envelope.issues), lookupCode: null, record: null };
  const read = (name: string) => document.getElementsByTagNameNS(HOCBA_NS, name)[0]?.textContent ?? '';
  const record = {
    lookupCode: read('MaTraCuu'),
    schoolYear: read('NamHoc'),
    grade: Number(read('Lop')),
    school: { code: read('MaTruong') },
    student: { code: read('MaHocSinh'), personalId: read('MaDinhDanh'), name: read('HoTen') },
  };
  const failure = document.getElementsByTagNameNS(HOCBA_NS, 'LoiGiaLap')[0];
  const issues = failure ? [issue(failure.getAttribute('Ma') as IssueCode, { path: failure.getAttribute('DuongDan') || undefined })] : [];
  const verdict: Pick<Report, 'verdict' | 'indication' | 'issues'> = issues.length > 0
    ? invalid(issues)
    : { verdict: 'valid', indication: 'TOTAL-PASSED', issues: [] };
  return { ...base, ...verdict, lookupCode: record.lookupCode.toUpperCase(), record };
};

function invalid(issues: Issue[]): Pick<Report, 'verdict' | 'indication' | 'issues'> {
  return { verdict: 'invalid', indication: 'TOTAL-FAILED', issues };
}
