// The parts both templates share at the top: title block, status banner, identity block, running header, headings.
import { formatLookupCode, type HocBaRecord } from '../record/index.ts';
import { drawFields } from './fields.ts';
import { BODY_SIZE, LEADING, wrapText, type Flow } from './layout.ts';
import { maskPersonalId } from '../record/personal-ids.ts';
import { LABEL, LEVEL_CIRCULAR, LEVEL_NAME, toProvinceName } from './words.ts';

export type RecordStatus = 'valid' | 'recalled' | 'replaced';

export const WATERMARK_TEXT: Record<Exclude<RecordStatus, 'valid'>, string> = {
  recalled: 'ĐÃ THU HỒI',
  replaced: 'ĐÃ ĐƯỢC THAY THẾ',
};

const STATUS_NOTICE: Record<RecordStatus, string> = {
  valid: 'Tình trạng khi cấp bản sao: hợp lệ. Tình trạng hiện tại: quét mã QR hoặc tra cứu bằng mã tra cứu ở cuối trang.',
  recalled: 'Học bạ này đã bị nhà trường thu hồi. Bản thể hiện này không còn giá trị sử dụng.',
  replaced: 'Học bạ này đã được thay thế bằng một học bạ khác. Bản thể hiện này không còn giá trị; tra cứu để xem học bạ thay thế.',
};

/** Left: the school; right: the national motto; then the title of the book and the year. */
export function drawTitle(flow: Flow, record: HocBaRecord, status: RecordStatus, successor: string | null = null): void {
  const half = flow.width / 2;
  const top = flow.y;
  const school = wrapText(record.schoolName.toUpperCase(), half - 10, 'bold', 9);
  school.forEach((line, i) => flow.line(line, flow.left, top - i * 13, half - 10, { size: 9, weight: 'bold', align: 'center' }));
  flow.line(`Mã trường: ${record.schoolCode}`, flow.left, top - school.length * 13, half - 10, { size: 8.5, align: 'center' });
  flow.line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', flow.left + half, top, half, { size: 9, weight: 'bold', align: 'center' });
  flow.line('Độc lập – Tự do – Hạnh phúc', flow.left + half, top - 13, half, { size: 9, weight: 'bold', align: 'center' });
  const mid = flow.left + half + half / 2;
  flow.page.ops.push({ kind: 'line', x1: mid - 62, y1: top - 29, x2: mid + 62, y2: top - 29, width: 0.6 });
  flow.y = top - Math.max(school.length * 13 + 14, 34) - 10;

  flow.paragraph('HỌC BẠ', { size: 20, weight: 'bold', align: 'center' });
  flow.paragraph(LEVEL_NAME[record.level], { size: 12.5, weight: 'bold', align: 'center' });
  flow.space(2);
  flow.paragraph(`Lớp ${record.className} – Năm học ${record.schoolYear}`, { size: 11, weight: 'bold', align: 'center' });
  flow.paragraph(`Học bạ số – ${LEVEL_CIRCULAR[record.level]}`, { size: 8.5, weight: 'italic', align: 'center' });
  flow.space(6);
  drawStatus(flow, status, successor);
}

/** A recalled or replaced record says so in a framed box under the title; a valid one in one quiet line. */
function drawStatus(flow: Flow, status: RecordStatus, successor: string | null): void {
  if (status === 'valid') {
    flow.paragraph(STATUS_NOTICE.valid, { size: 8, weight: 'italic', align: 'center' });
    flow.space(6);
    return;
  }
  // A replaced copy names its successor, so the reader can look up the record in force without the portal's help.
  const notice = status === 'replaced' && successor ? `${STATUS_NOTICE.replaced} Mã tra cứu của học bạ thay thế: ${formatLookupCode(successor)}.` : STATUS_NOTICE[status];
  const lines = wrapText(notice, flow.width - 16, 'bold', 10.5);
  const height = lines.length * 10.5 * LEADING + 10;
  flow.page.ops.push({ kind: 'rect', x: flow.left, y: flow.y - height, width: flow.width, height, stroke: 1.6 });
  lines.forEach((line, i) => flow.line(line, flow.left + 8, flow.y - 5 - i * 10.5 * LEADING, flow.width - 16, { size: 10.5, weight: 'bold', align: 'center' }));
  flow.y -= height + 8;
}

export function drawIdentity(flow: Flow, record: HocBaRecord): void {
  drawHeading(flow, 'THÔNG TIN HỌC SINH');
  drawFields(flow, [
    [[LABEL.studentName, record.studentName], [LABEL.sex, record.sex]],
    [[LABEL.dateOfBirth, record.dateOfBirth], [LABEL.ethnicity, record.ethnicity]],
    [[LABEL.placeOfBirth, record.placeOfBirth], record.hometown ? [LABEL.hometown, record.hometown] : null],
    [record.address ? [LABEL.address, record.address] : null],
    [record.fatherName ? [LABEL.fatherName, record.fatherName] : null, record.motherName ? [LABEL.motherName, record.motherName] : null],
    [record.guardianName ? [LABEL.guardianName, record.guardianName] : null],
    [[LABEL.studentCode, record.studentCode], [LABEL.personalId, maskPersonalId(record.personalId)]],
    [record.lifelongCode ? [LABEL.lifelongCode, maskPersonalId(record.lifelongCode)] : null],
  ]);
  drawHeading(flow, 'TRƯỜNG, LỚP');
  drawFields(flow, [
    [[LABEL.schoolName, record.schoolName], [LABEL.schoolCode, record.schoolCode]],
    [[LABEL.provinceCode, toProvinceName(record.provinceCode, record.issueDate, record.schoolYear)], record.district ? [LABEL.district, record.district] : null],
    [[LABEL.className, record.className], [LABEL.schoolYear, record.schoolYear]],
    [['Mã tra cứu học bạ', formatLookupCode(record.lookupCode)]],
  ]);
}

/** Room a heading keeps for a table: legend, header row and the first rows, so it never ends a page alone. */
export const KEEP_WITH_TABLE = 110;

/** A section title kept on one page with `keepWith` points of what follows (three lines by default). */
export function drawHeading(flow: Flow, title: string, keepWith = 3 * BODY_SIZE * LEADING): void {
  flow.space(6);
  flow.ensure(10 * LEADING + 1 + keepWith);
  flow.paragraph(title, { size: 10, weight: 'bold' });
  flow.space(1);
}

/** Pages after the first say whose record they belong to, above a thin rule. */
export function toRunningHeader(record: HocBaRecord): (flow: Flow) => void {
  const text = `Học bạ ${LEVEL_NAME[record.level].toLowerCase()} – ${record.studentName} – Lớp ${record.className} – Năm học ${record.schoolYear} – ${record.schoolName}`;
  return (flow) => {
    flow.line(text, flow.left, flow.y, flow.width, { size: 7.5, weight: 'italic' });
    flow.page.ops.push({ kind: 'line', x1: flow.left, y1: flow.y - 13, x2: flow.left + flow.width, y2: flow.y - 13, width: 0.4 });
    flow.y -= 24;
  };
}
