// Place and date, the signatories' columns, who signed digitally (certificate details), and "the digital record is the original".
import type { HocBaRecord, Signatory } from '../record/index.ts';
import { drawHeading, KEEP_WITH_TABLE } from './header.ts';
import { type Flow } from './layout.ts';
import { drawTable } from './table.ts';
import { toPlaceAndDate, toRoleName, toSigningTime } from './words.ts';

/** What the registry read from one signature of the record (SPEC §7 roles). */
export interface SignatureInfo {
  readonly role: string | null;
  readonly signerName: string | null;
  readonly organisation: string | null;
  readonly signingTime: string | null;
  readonly serial: string | null;
  readonly issuer: string | null;
}

const STATEMENT = 'Học bạ này được ký số bởi những người và tổ chức nêu trên. Bản gốc là học bạ số (dữ liệu XML đã ký số) lưu tại '
  + 'cơ sở dữ liệu học bạ; bản thể hiện này được tạo ra từ bản gốc và chỉ có giá trị khi đối chiếu khớp với bản gốc bằng mã tra cứu.';
const STATEMENT_EN = 'This copy was generated from the digitally signed record (Học bạ số), which is the original. It is valid only '
  + 'when it matches the original, checked on the lookup portal with the lookup code.';

export function drawSigning(flow: Flow, record: HocBaRecord, signatures: readonly SignatureInfo[]): void {
  flow.space(10);
  const half = flow.width / 2;
  flow.line(toPlaceAndDate(record.issuePlace, record.issueDate), flow.left + half, flow.y, half, { size: 9.5, weight: 'italic', align: 'center' });
  flow.y -= 17;
  const top = flow.y;
  const signed = (role: string): boolean => signatures.some((found) => found.role === role);
  const principalNote = signed('CoSoGiaoDuc')
    ? (signed('HieuTruong') ? '(Đã ký số; con dấu số của nhà trường)' : '(Con dấu số của nhà trường)')
    : (signed('HieuTruong') ? '(Đã ký số)' : '(Không có chữ ký số)');
  drawSignatory(flow, record.homeroomTeacher, signed('GVCN') ? '(Đã ký số)' : '(Không có chữ ký số)', flow.left, top, half);
  drawSignatory(flow, record.principal, principalNote, flow.left + half, top, half);
  flow.y = top - 64;

  drawHeading(flow, 'CHỮ KÝ SỐ TRÊN HỌC BẠ', KEEP_WITH_TABLE);
  drawTable(flow, {
    size: 8,
    columns: [
      { title: 'Vai trò', width: 1.25 }, { title: 'Người ký', width: 1.35 }, { title: 'Tổ chức', width: 1.45 },
      { title: 'Thời điểm ký (giờ Việt Nam)', width: 1.5 }, { title: 'Chứng thư số: số hiệu; tổ chức cấp', width: 2.2 },
    ],
    rows: signatures.length === 0
      ? [{ section: 'Học bạ không có chữ ký số.' }]
      : signatures.map((found) => ({
        cells: [
          toRoleName(found.role), found.signerName ?? '—', found.organisation ?? '—', toSigningTime(found.signingTime),
          `${found.serial ?? '—'}; ${found.issuer ?? '—'}`,
        ],
      })),
  });
  flow.space(6);
  flow.paragraph(STATEMENT, { size: 8.5 });
  flow.paragraph(STATEMENT_EN, { size: 7, weight: 'italic' });
}

/** A title in capitals, whether it was signed digitally, and the name where a pen signature would be. */
function drawSignatory(flow: Flow, signatory: Signatory, note: string, x: number, top: number, width: number): void {
  flow.line(signatory.title.toUpperCase(), x, top, width, { size: 9.5, weight: 'bold', align: 'center' });
  flow.line(note, x, top - 15, width, { size: 8.5, weight: 'italic', align: 'center' });
  flow.line(signatory.name, x, top - 44, width, { size: 10, weight: 'bold', align: 'center' });
}
