// Issue codes of api/answers/ (vi + en messages; codes are contract: add freely, never rename).
import type { CatalogueEntry } from '../issue-types.ts';

export const ANSWER_ISSUES = {
  public_url_missing: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Cổng chưa được cấu hình địa chỉ công khai (--public-url hoặc HOCBA_PUBLIC_URL), nên không cấp bản sao PDF: mã QR trên bản sao phải trỏ tới đúng Cổng. Vui lòng thử lại sau hoặc báo cho đơn vị vận hành.',
    en: 'The registry has no public address configured (--public-url or HOCBA_PUBLIC_URL), so it issues no PDF copy: the QR on a copy must point to the right portal. Please try again later or tell the registry operator.',
  },
  answer_seal_missing: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Cổng chưa được cấu hình dấu điện tử (--seal-key/--seal-cert hoặc --seal-p12), nên không cấp được câu trả lời có ký số; kết quả kiểm tra thường vẫn dùng được. Vui lòng báo cho đơn vị vận hành.',
    en: 'The registry has no seal configured (--seal-key/--seal-cert or --seal-p12), so it cannot issue a signed answer; the ordinary check still works. Please tell the registry operator.',
  },
  // --- the claims check (issue 18): what is wrong with the list an admissions office sent, and where ---
  claims_csv_unreadable: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tệp CSV không đọc được từ dòng {line}: một ô mở dấu ngoặc kép (") mà không đóng. Hãy lưu lại tệp từ Excel dưới dạng "CSV UTF-8".',
    en: 'The CSV file cannot be read from line {line}: a cell opens a double quote (") and never closes it. Save the file again from Excel as "CSV UTF-8".',
  },
  claims_csv_not_utf8: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tệp CSV không phải UTF-8 nên chữ tiếng Việt sẽ bị sai. Trong Excel, chọn Lưu thành → "CSV UTF-8 (phân tách bằng dấu phẩy)".',
    en: 'The CSV file is not UTF-8, so Vietnamese letters would be garbled. In Excel, choose Save As → "CSV UTF-8 (Comma delimited)".',
  },
  claims_code_column_missing: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Dòng tiêu đề không có cột mã tra cứu. Hãy đặt tên cột là "ma_tra_cuu" (hoặc "ma_tra_cuu_10", "ma_tra_cuu_11", "ma_tra_cuu_12"); xem mẫu trên trang.',
    en: 'The header line has no lookup-code column. Name it "ma_tra_cuu" or "lookup_code" (or "ma_tra_cuu_10", "ma_tra_cuu_11", "ma_tra_cuu_12"); see the template on the page.',
  },
  claims_column_unknown: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Không hiểu cột {position} "{column}". Cột điểm khai có dạng "<môn> <lớp> <HK1|HK2|CN>", ví dụ "Toán 12 CN", "Ngữ văn 11 HK1", "Học tập 12 CN"; cột có tên bắt đầu bằng # được bỏ qua.',
    en: 'Column {position} "{column}" is not understood. A declared-value column is named "<subject> <grade> <HK1|HK2|CN>", for example "Toán 12 CN", "Ngữ văn 11 HK1", "Học tập 12 CN"; a column whose name starts with # is ignored.',
  },
  claims_value_name_unknown: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Không hiểu tên điểm khai "{name}" tại {path}. Tên có dạng "<môn> <lớp> <HK1|HK2|CN>", ví dụ "Toán 12 CN", "TOAN 12 HK1", "hoc_tap 12 CN".',
    en: 'The declared-value name "{name}" at {path} is not understood. A name is "<subject> <grade> <HK1|HK2|CN>", for example "Toán 12 CN", "TOAN 12 HK1", "hoc_tap 12 CN".',
  },
  claims_too_many_codes: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Có {count} cột mã tra cứu; mỗi thí sinh có tối đa {limit} mã (lớp 10, 11 và 12).',
    en: 'There are {count} lookup-code columns; an applicant has at most {limit} codes (grades 10, 11 and 12).',
  },
  claims_too_many_values: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Có {count} cột điểm khai; tối đa {limit} cột mỗi thí sinh.',
    en: 'There are {count} declared-value columns; at most {limit} per applicant.',
  },
} as const satisfies Record<string, CatalogueEntry>;
