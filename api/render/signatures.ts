// Place and date, the signatories' columns, who signed digitally (certificate details), and "the digital record is the original".
import type { HocBaRecord, Signatory } from '../record/index.ts';
import { drawHeading, KEEP_WITH_TABLE } from './header.ts';
import { signingByRole, type RoleSigning, type SigningRole } from '../verify/signers.ts';
import { LEADING, wrapText, type Flow } from './layout.ts';
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
  // What the certificates say, next to the names the content gives (SPEC §6): never "signed" under a name that did not sign.
  const byRole = signingByRole(signatures, record);
  const of = (role: SigningRole) => byRole.find((found) => found.role === role);
  const sealed = of('CoSoGiaoDuc')?.note === 'signed';
  const bottoms = [
    drawSignatory(flow, record.homeroomTeacher, of('GVCN'), false, flow.left, top, half),
    drawSignatory(flow, record.principal, of('HieuTruong'), sealed, flow.left + half, top, half),
  ];
  flow.y = Math.min(...bottoms);

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

/** The column's note: whether the person named here signed, who did if someone else did (the certificate's name). */
export function signingNote(signing: RoleSigning | undefined, sealed: boolean): { note: string; caveat: string | null } {
  const others = (signing?.signers ?? []).filter((signer) => signer.valid).map((signer) => signer.name ?? 'không rõ tên').join(', ');
  const seal = sealed ? '; con dấu số của nhà trường' : '';
  switch (signing?.note) {
    case 'signed': return { note: `(Đã ký số${signing.role === 'HieuTruong' ? seal : ''})`, caveat: null };
    case 'signed_by_other': return {
      note: `(Người có tên dưới đây không ký số; ${others} đã ký số vai trò này${signing.role === 'HieuTruong' ? seal : ''})`,
      caveat: signing.role === 'HieuTruong'
        ? 'Cấp phó ký thay (KT. Hiệu trưởng) là hợp lệ; người ký ghi ở bảng chữ ký số.'
        : 'Người ký ghi ở bảng chữ ký số.',
    };
    case 'school_seal_only': return { note: '(Nhà trường ký số bằng chứng thư số của tổ chức; chứng thư không ghi tên người ký)', caveat: null };
    default: return { note: '(Không có chữ ký số)', caveat: null };
  }
}

/** A title in capitals, the note, and the name as the content writes it; returns the lowest y drawn. */
function drawSignatory(
  flow: Flow, signatory: Signatory, signing: RoleSigning | undefined, sealed: boolean, x: number, top: number, width: number,
): number {
  const { note, caveat } = signingNote(signing, sealed);
  flow.line(signatory.title.toUpperCase(), x, top, width, { size: 9.5, weight: 'bold', align: 'center' });
  let y = top - 15;
  for (const text of wrapText(note, width - 12, 'italic', 8.5)) {
    flow.line(text, x, y, width, { size: 8.5, weight: 'italic', align: 'center' });
    y -= 8.5 * LEADING;
  }
  y = Math.min(y - 8, top - 44);
  flow.line(signatory.name, x, y, width, { size: 10, weight: 'bold', align: 'center' });
  y -= 14;
  if (caveat) {
    for (const text of wrapText(caveat, width - 12, 'italic', 7.5)) {
      flow.line(text, x, y, width, { size: 7.5, weight: 'italic', align: 'center' });
      y -= 7.5 * LEADING;
    }
  }
  return Math.min(y, top - 64);
}
