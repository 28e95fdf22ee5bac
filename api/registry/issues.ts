// Issue codes of api/registry/ (vi + en messages; codes are contract: add freely, never rename).
import type { CatalogueEntry } from '../issue-types.ts';

export const REGISTRY_ISSUES = {
  // --- ingest (SPEC §5, §7) ---
  code_taken: {
    outcome: 'invalid',
    vi: 'Mã tra cứu {lookupCode} đã được dùng cho một học bạ khác trong cơ sở dữ liệu. Mỗi học bạ cần một mã tra cứu mới.',
    en: 'Lookup code {lookupCode} is already used by another record in the registry. Each record needs a new lookup code.',
  },
  school_mismatch: {
    outcome: 'invalid',
    vi: 'Học bạ thuộc trường {recordSchool} (MaTruong) nhưng được gửi bằng tài khoản của trường {school}. Trường chỉ được gửi học bạ của chính mình.',
    en: 'The record belongs to school {recordSchool} (MaTruong) but was pushed with the account of school {school}. A school may push only its own records.',
  },
  replace_mismatch: {
    outcome: 'invalid',
    vi: 'Học bạ thay thế phải cùng học sinh và cùng năm học với học bạ bị thay thế ({field}: {expected}, gửi lên: {found}).',
    en: 'A replacement must be for the same student and school year as the record it replaces ({field}: {expected}, received: {found}).',
  },
  record_facts_unreadable: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Không đọc được mã tra cứu, mã trường, năm học, khối lớp hoặc mã học sinh từ nội dung đã ký.',
    en: 'The lookup code, school code, school year, grade or student code could not be read from the signed content.',
  },
  batch_inflated_too_large: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Gói thứ {index} làm tổng dung lượng XML giải nén của lần gửi này vượt {limit} byte; gói này và các gói sau nó chưa được kiểm tra. Hãy gửi lại chúng trong một lần gửi khác.',
    en: 'Package {index} takes the inflated XML of this request past {limit} bytes; it and the packages after it were not checked. Push them again in another request.',
  },
  // --- the operator console (issue 20) ---
  expected_count_invalid: {
    outcome: 'invalid',
    vi: 'Dòng {line} của số học bạ dự kiến chưa đúng ({reason}): mỗi dòng gồm mã trường 8 chữ số và một số nguyên từ 0 đến 100000, cách nhau bằng dấu phẩy; tối đa 10000 dòng.',
    en: 'Line {line} of the expected record counts is wrong ({reason}): each line is an 8-digit school code and a whole number from 0 to 100000, separated by a comma; at most 10000 lines.',
  },
  // --- lookups and authorisation ---
  not_found: {
    outcome: 'invalid',
    vi: 'Không tìm thấy học bạ có mã tra cứu {lookupCode}.',
    en: 'No record has lookup code {lookupCode}.',
  },
  lookup_code_invalid: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Mã tra cứu phải gồm 32 ký tự thập lục phân (0-9, A-F).',
    en: 'A lookup code is 32 hexadecimal characters (0-9, A-F).',
  },
  not_your_record: {
    outcome: 'invalid',
    vi: 'Học bạ {lookupCode} do trường khác phát hành; trường chỉ được xem, thu hồi hoặc thay thế học bạ của mình.',
    en: 'Record {lookupCode} was issued by another school; a school may view, recall or replace only its own records.',
  },
  token_invalid: {
    outcome: 'invalid',
    vi: 'Mã truy cập (token) không hợp lệ, đã hết hạn hoặc đã bị thu hồi (mã của trường chỉ dùng cho API của trường, mã phiên đăng nhập của Sở chỉ dùng cho API của Sở).',
    en: 'The API token is invalid, expired or revoked (a school token works only on school routes, an operator session token only on operator routes).',
  },
  // --- the exact XML on proof of the student's personal id (SPEC §5 POST /records/{code}/xml, §9) ---
  personal_id_malformed: {
    outcome: 'invalid',
    vi: 'Số định danh cá nhân phải gồm đúng 12 chữ số (như trên thẻ căn cước của học sinh).',
    en: "The personal identification number must be exactly 12 digits (as on the student's ID card).",
  },
  personal_id_wrong: {
    outcome: 'invalid',
    vi: 'Số định danh cá nhân không khớp với học bạ này. Còn {triesLeft} lần thử trong một giờ cho học bạ này.',
    en: 'The personal identification number does not match this record. {triesLeft} tries are left for this record within the hour.',
  },
  xml_release_limited: {
    outcome: 'invalid',
    vi: 'Đã hết số lần thử số định danh cho học bạ này trong một giờ. Hãy thử lại sau {retryAfter} giây.',
    en: 'The tries of a personal identification number for this record are used up for the hour. Try again in {retryAfter} seconds.',
  },
  xml_not_public: {
    outcome: 'invalid',
    vi: 'Học bạ này không ghi số định danh cá nhân, nên tệp XML gốc chỉ được cung cấp cho nhà trường và Sở Giáo dục và Đào tạo. Hãy liên hệ nhà trường.',
    en: 'This record carries no personal identification number, so its exact XML is given only to the school and the Department of Education. Please contact the school.',
  },
  // --- lifecycle (SPEC §8) ---
  locked: {
    outcome: 'invalid',
    vi: 'Dữ liệu năm học đã chốt ngày {lockDate}; học bạ đã có hiệu lực và không thể thu hồi hay thay thế.',
    en: "The school year's data was locked on {lockDate}; the record is in force and can no longer be recalled or replaced.",
  },
  already_recalled: {
    outcome: 'invalid',
    vi: 'Học bạ {lookupCode} đã bị thu hồi.',
    en: 'Record {lookupCode} has already been recalled.',
  },
  already_replaced: {
    outcome: 'invalid',
    vi: 'Học bạ {lookupCode} đã được thay thế bởi học bạ {replacedBy}.',
    en: 'Record {lookupCode} has already been replaced by record {replacedBy}.',
  },
  recall_reason_missing: {
    outcome: 'invalid',
    vi: 'Cần nêu lý do thu hồi học bạ.',
    en: 'A recall needs a reason.',
  },
  school_year_invalid: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Năm học "{year}" không hợp lệ; năm học có dạng 2024-2025.',
    en: 'School year "{year}" is not valid; a school year looks like 2024-2025.',
  },
  lock_date_invalid: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Ngày chốt "{date}" không hợp lệ (dạng YYYY-MM-DD; ngày chốt bổ sung không trước ngày chốt chính).',
    en: 'Lock date "{date}" is not valid (YYYY-MM-DD; the supplementary lock is not before the main one).',
  },
  // --- operator actions ---
  school_unknown: {
    outcome: 'invalid',
    vi: 'Trường {school} chưa có trong danh mục của Sở.',
    en: "School {school} is not in the department's directory.",
  },
  school_exists: {
    outcome: 'invalid',
    vi: 'Trường {school} đã có trong danh mục.',
    en: 'School {school} is already in the directory.',
  },
  school_code_invalid: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Mã trường phải gồm 8 chữ số và mã tỉnh 2 chữ số ({found}).',
    en: 'A school code is 8 digits and a province code 2 digits ({found}).',
  },
  certificate_unreadable: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Không đọc được chứng thư số (cần chứng thư X.509 dạng PEM hoặc DER, hoặc gói chứng thư PKCS#7 .p7b/.p7c dạng DER hoặc PEM, như CA công bố).',
    en: 'The certificate could not be read (an X.509 certificate as PEM or DER, or a PKCS#7 certificate bundle .p7b/.p7c as DER or PEM, as the CA publishes it, is expected).',
  },
  certificate_not_approved: {
    outcome: 'invalid',
    vi: 'Chứng thư số {fingerprint} không đang được đăng ký cho trường {school}.',
    en: 'Certificate {fingerprint} is not currently approved for school {school}.',
  },
  crl_unreadable: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Không đọc được danh sách thu hồi chứng thư (cần một CRL dạng PEM hoặc DER, như CA công bố).',
    en: 'The certificate revocation list could not be read (one CRL as PEM or DER, as the CA publishes it, is expected).',
  },
  // --- operator accounts and login (issue 6) ---
  login_failed: {
    outcome: 'invalid',
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang bị khóa. Sau nhiều lần sai, tài khoản bị khóa tạm thời {minutes} phút.',
    en: 'Wrong username or password, or the account is locked. After repeated failures an account is locked for {minutes} minutes.',
  },
  username_invalid: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tên đăng nhập "{username}" không hợp lệ: 3-64 ký tự thường a-z, chữ số, dấu chấm, gạch dưới hoặc gạch ngang.',
    en: 'Username "{username}" is not valid: 3-64 lower-case letters a-z, digits, dots, underscores or hyphens.',
  },
  operator_name_invalid: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Họ tên cán bộ phải có từ 1 đến 200 ký tự.',
    en: "The operator's display name must be 1 to 200 characters long.",
  },
  operator_exists: {
    outcome: 'invalid',
    vi: 'Tài khoản {username} đã tồn tại.',
    en: 'Operator account {username} already exists.',
  },
  operator_unknown: {
    outcome: 'invalid',
    vi: 'Không có tài khoản cán bộ {username}.',
    en: 'There is no operator account {username}.',
  },
  password_weak: {
    outcome: 'invalid',
    vi: 'Mật khẩu quá yếu ({reason}): cần ít nhất {min} ký tự, không phải một ký tự lặp lại, không trùng tên đăng nhập.',
    en: 'The password is too weak ({reason}): at least {min} characters, not one character repeated, not the username.',
  },
  // --- the transparency log (SPEC §5 "Log", docs/log.md) ---
  log_not_configured: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Sổ minh bạch chưa được bật trên máy chủ này: chưa có khóa ký. Quản trị viên chạy `hocba log init` rồi khởi động lại với --log-key.',
    en: 'The transparency log is not enabled on this server: it has no signing key. The administrator runs `hocba log init`, then restarts with --log-key.',
  },
  log_not_found: {
    outcome: 'invalid',
    vi: 'Sổ minh bạch không có {path}: chưa có điểm kiểm (checkpoint) nào, hoặc ô (tile) này không có trong cây hiện tại.',
    en: 'The transparency log has no {path}: there is no checkpoint yet, or this tile is not in the current tree.',
  },
  // --- opening the database, backup and restore (SPEC §4) ---
  data_folder_locked: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Thư mục dữ liệu {dir} đang được tiến trình {pid} sử dụng (PGlite chỉ cho một tiến trình mở). Hãy dừng máy chủ trước, hoặc dùng PostgreSQL (DATABASE_URL).',
    en: 'Data folder {dir} is in use by process {pid} (PGlite is opened by one process at a time). Stop the server first, or use PostgreSQL (DATABASE_URL).',
  },
  schema_not_current: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Lược đồ cơ sở dữ liệu còn thiếu {count} bản chuyển đổi ({pending}). Hãy chạy `hocba migrate` bằng vai trò sở hữu cơ sở dữ liệu, rồi khởi động lại.',
    en: 'The database schema lacks {count} migration(s) ({pending}). Run `hocba migrate` as the role that owns the database, then start again.',
  },
  backup_unreadable: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tệp sao lưu không đọc được hoặc không phải bản sao lưu hocba ({detail}).',
    en: 'The backup file cannot be read or is not a hocba backup ({detail}).',
  },
  backup_schema_mismatch: {
    outcome: 'invalid',
    vi: 'Bản sao lưu và cơ sở dữ liệu khác phiên bản lược đồ ({detail}); hãy khôi phục bằng đúng phiên bản hocba đã tạo bản sao lưu.',
    en: 'The backup and the database are at different schema versions ({detail}); restore with the hocba version that made the backup.',
  },
  backup_integrity: {
    outcome: 'invalid', subIndication: 'HASH_FAILURE',
    vi: 'Bản sao lưu không qua kiểm tra toàn vẹn ({detail}); không có gì được khôi phục.',
    en: 'The backup fails its integrity check ({detail}); nothing was restored.',
  },
  restore_target_not_empty: {
    outcome: 'invalid',
    vi: 'Chỉ khôi phục vào cơ sở dữ liệu trống; bảng {table} đã có {rows} dòng.',
    en: 'A backup is restored only into an empty database; table {table} already has {rows} rows.',
  },
  // --- forwarding to the national store (issue 19) ---
  province_code_invalid: {
    outcome: 'invalid',
    vi: 'Mã tỉnh {province} không phải mã của một trong 34 tỉnh, thành phố từ 1/7/2025 (ví dụ 01 Hà Nội, 79 TP Hồ Chí Minh).',
    en: 'Province code {province} is not one of the 34 provinces since 1/7/2025 (e.g. 01 Hà Nội, 79 TP Hồ Chí Minh).',
  },
  school_token_unknown: {
    outcome: 'invalid',
    vi: 'Trường {school} không có mã truy cập API nào còn hiệu lực ứng với {target} để thu hồi (số của mỗi mã đã cấp có trong nhật ký: token_issue).',
    en: 'School {school} has no live API token matching {target} to revoke (the number of each token issued is in the journal: token_issue).',
  },
  province_token_unknown: {
    outcome: 'invalid',
    vi: 'Không có mã truy cập nào còn hiệu lực của {target} để thu hồi (xem các mã đã cấp trong nhật ký: province_add).',
    en: 'There is no live province token for {target} to revoke (the tokens issued are in the journal: province_add).',
  },
  forward_gap: {
    outcome: 'invalid',
    vi: 'Kho quốc gia đã nhận luồng của tỉnh {province} đến số thứ tự {expected}, nhưng lô này bắt đầu sau số {after}: thiếu một đoạn. Hãy hỏi GET /api/v1/national/cursor rồi gửi tiếp từ số đó (hocba forward tự làm việc này).',
    en: "The national store has applied province {province}'s stream up to sequence {expected}, but this batch follows {after}: a part is missing. Ask GET /api/v1/national/cursor and send from there (hocba forward does).",
  },
  forward_order_invalid: {
    outcome: 'invalid',
    vi: 'Các mục của lô phải có số thứ tự tăng dần và lớn hơn {after}; mục {index} có số {sequence}.',
    en: 'The items of a batch must have increasing sequences above {after}; item {index} has {sequence}.',
  },
  forward_wrong_province: {
    outcome: 'invalid',
    vi: 'Trường {school} không thuộc tỉnh {province}: tài khoản của một Sở chỉ được chuyển học bạ của các trường trong tỉnh mình.',
    en: 'School {school} is not in province {province}: a Sở account may forward only the records of its own schools.',
  },
  forward_item_mismatch: {
    outcome: 'invalid',
    vi: 'Mục {sequence} ghi {field} là {claimed} nhưng nội dung đã ký ghi {found}.',
    en: 'Item {sequence} says {field} is {claimed} but the signed content says {found}.',
  },
  forward_record_unknown: {
    outcome: 'invalid',
    vi: 'Mục {sequence} nói về học bạ {lookupCode}, nhưng kho quốc gia chưa có học bạ này của tỉnh {province}. Hãy chuyển tiếp theo đúng thứ tự từ đầu luồng.',
    en: "Item {sequence} is about record {lookupCode}, which the national store does not hold from province {province}. Forward the stream in order from its start.",
  },
  forward_item_refused: {
    outcome: 'invalid',
    vi: 'Kho quốc gia không nhận mục {sequence} (học bạ {lookupCode}): {codes}. Các mục trước nó đã được ghi (đến số {lastSequence}); hãy sửa nguyên nhân (ví dụ thêm CA vào danh sách tin cậy của kho quốc gia) rồi chuyển tiếp lại.',
    en: 'The national store refused item {sequence} (record {lookupCode}): {codes}. The items before it are applied (up to {lastSequence}); fix the cause (e.g. add the CA to the national trust list) and forward again.',
  },
  forward_upstream_failed: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Không chuyển tiếp được đến {url}: {detail}. Những gì đã được xác nhận vẫn giữ nguyên; chạy lại hocba forward để tiếp tục từ chỗ dừng.',
    en: 'Forwarding to {url} failed: {detail}. What was acknowledged stays applied; run hocba forward again to resume where it stopped.',
  },
  forward_not_configured: {
    outcome: 'invalid',
    vi: 'Máy chủ này chưa được cấu hình nơi chuyển tiếp: khởi động với --forward-to URL --forward-token-file TỆP.',
    en: 'This server has no forwarding target: start it with --forward-to URL --forward-token-file FILE.',
  },
  forward_running: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Một lượt chuyển tiếp đang chạy; hãy chờ nó kết thúc (GET /api/v1/operator/forward).',
    en: 'A forwarding run is in progress; wait for it to finish (GET /api/v1/operator/forward).',
  },
} as const satisfies Record<string, CatalogueEntry>;
