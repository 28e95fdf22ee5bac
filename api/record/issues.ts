// Issue codes of api/record/: the envelope (SPEC §7) and the record content (docs/record-format.md).
import type { CatalogueEntry } from '../issue-types.ts';

export const RECORD_ISSUES = {
  // --- envelope (what is signed is what is seen) ---
  envelope_root: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Phần tử gốc phải là HocBaSo trong không gian tên urn:hocba:hoc-ba-so:1 (đang là {found}).',
    en: 'The root element must be HocBaSo in namespace urn:hocba:hoc-ba-so:1 (found {found}).',
  },
  envelope_version: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Phiên bản định dạng PhienBan="{found}" không được hỗ trợ (hỗ trợ: 1.0).',
    en: 'Format version PhienBan="{found}" is not supported (supported: 1.0).',
  },
  envelope_content_missing: {
    outcome: 'invalid', subIndication: 'SIGNED_DATA_NOT_FOUND',
    vi: 'Thiếu phần tử DuLieu (có thuộc tính Id) ngay dưới HocBaSo.',
    en: 'The DuLieu element (with an Id attribute) directly under HocBaSo is missing.',
  },
  envelope_content_duplicate: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tài liệu có nhiều hơn một phần tử DuLieu ({path}); chỉ được có một, ngay dưới HocBaSo (chống tấn công bọc chữ ký).',
    en: 'The document holds more than one DuLieu element ({path}); exactly one is allowed, directly under HocBaSo (signature-wrapping defence).',
  },
  envelope_duplicate_id: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Giá trị Id "{id}" xuất hiện nhiều lần trong tài liệu (lần sau ở {attribute} của {path}); mỗi Id, kể cả xml:id, phải là duy nhất.',
    en: 'The Id value "{id}" occurs more than once in the document (again as {attribute} of {path}); every Id, xml:id included, must be unique.',
  },
  envelope_unexpected_content: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Không được có {found} ở {path}: ngoài DuLieu và các chữ ký, phong bì học bạ chỉ được chứa khoảng trắng; hãy xoá chú thích hoặc văn bản thừa.',
    en: '{found} is not allowed at {path}: outside DuLieu and the signatures the envelope holds only whitespace; remove the stray comment or text.',
  },
  envelope_unexpected_attribute: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Không được có thuộc tính {found} ở {path}: HocBaSo chỉ có PhienBan và khai báo không gian tên, DSCKS và CKS chỉ có khai báo không gian tên.',
    en: 'The attribute {found} is not allowed at {path}: HocBaSo carries only PhienBan and namespace declarations, DSCKS and CKS only namespace declarations.',
  },
  envelope_unexpected_element: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Phần tử {found} không được phép ở {path}; HocBaSo chỉ chứa DuLieu và DSCKS, DSCKS chỉ chứa các CKS.',
    en: 'Element {found} is not allowed at {path}; HocBaSo holds only DuLieu and DSCKS, and DSCKS only CKS slots.',
  },
  envelope_signature_outside_slot: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Có chữ ký số nằm ngoài ô CKS ({path}); mỗi chữ ký phải nằm trong một ô DSCKS/CKS riêng.',
    en: 'A signature sits outside a CKS slot ({path}); each signature must sit in its own DSCKS/CKS slot.',
  },
  envelope_slot_content: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Ô chữ ký CKS thứ {index} phải chứa đúng một phần tử ds:Signature.',
    en: 'Signature slot CKS number {index} must hold exactly one ds:Signature element.',
  },
  // --- content of DuLieu (docs/record-format.md); paths are relative to DuLieu ---
  field_missing: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Thiếu trường bắt buộc {path}.',
    en: 'The required field {path} is missing.',
  },
  field_empty: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Trường {path} để trống; hãy điền giá trị hoặc bỏ hẳn phần tử nếu không bắt buộc.',
    en: 'The field {path} is empty; fill it in, or leave the element out when it is optional.',
  },
  field_format: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Trường {path} sai định dạng: "{found}" (cần {expected}).',
    en: 'The field {path} is badly formatted: "{found}" (expected {expected}).',
  },
  field_too_long: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Trường {path} quá dài ({length} ký tự, tối đa {max}).',
    en: 'The field {path} is too long ({length} characters, at most {max}).',
  },
  field_value: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Giá trị "{found}" của trường {path} không hợp lệ (cho phép: {expected}).',
    en: 'The value "{found}" of {path} is not allowed (allowed: {expected}).',
  },
  field_unexpected: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Không được có {found} ở {path} theo định dạng học bạ số; hãy xoá hoặc sửa tên phần tử.',
    en: '{found} is not allowed at {path} in the record format; remove it or correct the element name.',
  },
  field_order: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Phần tử {path} sai thứ tự: phải đứng trước {after}.',
    en: 'The element {path} is out of order: it must come before {after}.',
  },
  text_not_nfc: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Văn bản ở {path} không ở dạng Unicode dựng sẵn (NFC), thường do gõ tiếng Việt kiểu tổ hợp; hãy chuẩn hoá sang NFC.',
    en: 'The text at {path} is not in Unicode NFC (usually decomposed Vietnamese input); normalise it to NFC.',
  },
  text_bidi_control: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Trường {path} chứa ký tự điều khiển hướng chữ {character} ({name}) ở vị trí {position}: ký tự này làm văn bản hiển thị khác với nội dung thật; hãy xoá nó.',
    en: 'The field {path} holds the bidirectional control {character} ({name}) at position {position}: it makes the text display differently from what it says; remove it.',
  },
  text_invisible_character: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Trường {path} chứa ký tự vô hình hoặc ký tự điều khiển {character} ở vị trí {position}; hãy xoá nó.',
    en: 'The field {path} holds the invisible or control character {character} at position {position}; remove it.',
  },
  text_combining_marks: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Trường {path} có dấu tổ hợp {character} ở vị trí {position} không hợp lệ: dấu lặp lại, không đứng sau một chữ cái, hoặc một chữ cái mang quá {max} dấu; hãy gõ lại bằng chữ tiếng Việt dựng sẵn.',
    en: 'The field {path} holds the combining mark {character} at position {position} where none belongs: a repeated mark, a mark after no letter, or more than {max} marks on one letter; retype it with precomposed letters.',
  },
  text_confusable_sequence: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Trường {path} có ký tự {character} ở vị trí {position} trông giống “{looksLike}” nhưng không phải chữ tiếng Việt (ví dụ D + U+0335 thay cho Đ); hãy dùng đúng chữ Đ/đ (U+0110/U+0111).',
    en: 'The field {path} holds {character} at position {position}, which looks like “{looksLike}” but is not a Vietnamese letter (e.g. D + U+0335 posing as Đ); use the real Đ/đ (U+0110/U+0111).',
  },
  text_mixed_script: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Trường {path} trộn chữ viết: ký tự “{glyph}” ({character}, chữ {script}) ở vị trí {position} nằm giữa chữ {expected}; đây thường là ký tự giả dạng (ví dụ chữ е Kirin thay cho e Latin); hãy gõ lại bằng bàn phím tiếng Việt.',
    en: 'The field {path} mixes scripts: “{glyph}” ({character}, {script} script) at position {position} sits among {expected} letters; this is usually a look-alike (e.g. Cyrillic е for Latin e); retype it with a Vietnamese keyboard.',
  },
  lookup_code_format: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Mã tra cứu {path} phải gồm đúng 32 ký tự thập lục phân (một UUID bỏ dấu gạch ngang); đang là "{found}".',
    en: 'The lookup code {path} must be exactly 32 hexadecimal characters (a UUID without hyphens); found "{found}".',
  },
  lookup_code_not_random: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Mã tra cứu {found} ở {path} không phải mã ngẫu nhiên; mã tra cứu phải là một UUID phiên bản 4 sinh ngẫu nhiên (chữ số thứ 13 là 4, thứ 17 là 8, 9, A hoặc B), vì mã đoán được sẽ làm lộ học bạ. Hãy sinh mã mới bằng hàm UUID ngẫu nhiên của phần mềm.',
    en: 'The lookup code {found} at {path} is not random; a lookup code must be a randomly generated version-4 UUID (13th digit 4, 17th 8, 9, A or B), because a guessable code exposes the record. Generate a new one with your software\'s random UUID function.',
  },
  // --- lookup input typed or pasted by a person (SPEC §9); one reason each, so the message says what to fix ---
  lookup_input_empty: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Chưa có mã tra cứu: hãy nhập 32 ký tự (8 nhóm 4 ký tự) in ở dòng “Mã tra cứu” của bản giấy.',
    en: 'No lookup code was given: enter the 32 characters (8 groups of 4) printed on the “Mã tra cứu” line of the paper copy.',
  },
  lookup_input_too_short: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Mã tra cứu quá ngắn: có {length} ký tự, cần đúng {expected} (8 nhóm 4 ký tự); hãy kiểm tra xem có thiếu nhóm nào không.',
    en: 'The lookup code is too short: {length} characters, exactly {expected} are needed (8 groups of 4); check for a missing group.',
  },
  lookup_input_too_long: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Mã tra cứu quá dài: có {length} ký tự, cần đúng {expected} (8 nhóm 4 ký tự); hãy kiểm tra xem có thừa ký tự nào không.',
    en: 'The lookup code is too long: {length} characters, exactly {expected} are needed (8 groups of 4); check for extra characters.',
  },
  lookup_input_character: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Ký tự “{character}” ({codePoint}) ở vị trí {position} của mã tra cứu không hợp lệ: mã chỉ gồm chữ số 0-9 và chữ cái A-F.',
    en: 'The character “{character}” ({codePoint}) at position {position} of the lookup code is not allowed: a code holds only the digits 0-9 and the letters A-F.',
  },
  date_invalid: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Ngày "{found}" ở {path} không có thật trên lịch.',
    en: 'The date "{found}" at {path} does not exist on the calendar.',
  },
  grade_level_mismatch: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Khối {grade} không thuộc cấp học {level} (TH: 1-5, THCS: 6-9, THPT: 10-12); phần kết quả chưa được kiểm tra.',
    en: 'Grade {grade} does not belong to level {level} (TH: 1-5, THCS: 6-9, THPT: 10-12); the results were not checked.',
  },
  province_unknown: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Mã tỉnh "{found}" ở {path} không có trong danh mục đơn vị hành chính.',
    en: 'The province code "{found}" at {path} is not in the list of provinces.',
  },
  subject_unknown: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Mã môn học "{found}" ở {path} không thuộc chương trình lớp {grade} ({level}).',
    en: 'The subject code "{found}" at {path} is not part of the grade {grade} programme ({level}).',
  },
  subject_missing_for_grade: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Thiếu môn học/hoạt động bắt buộc {name} ({code}) của lớp {grade}.',
    en: 'The compulsory subject or activity {name} ({code}) of grade {grade} is missing.',
  },
  subject_duplicate: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Môn học {found} xuất hiện nhiều lần ({path}).',
    en: 'The subject {found} appears more than once ({path}).',
  },
  subject_choice_count: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Học sinh THPT học đúng {expected} môn lựa chọn; học bạ có {found}.',
    en: 'An upper-secondary student takes exactly {expected} chosen subjects; the record has {found}.',
  },
  criterion_unknown: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Mã phẩm chất/năng lực "{found}" ở {path} không có trong danh mục của lớp {grade}.',
    en: 'The quality or competence code "{found}" at {path} is not in the list for grade {grade}.',
  },
  criterion_missing: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Thiếu đánh giá {name} ({code}) ở {path}.',
    en: 'The assessment of {name} ({code}) is missing at {path}.',
  },
  criterion_duplicate: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Phẩm chất/năng lực {found} được đánh giá nhiều lần ({path}).',
    en: 'The quality or competence {found} is assessed more than once ({path}).',
  },
  // --- consistency only the school may judge (SPEC §7): warnings, never reasons to refuse ---
  average_mismatch: {
    outcome: 'warning',
    vi: 'Điểm trung bình {path} ghi {found}, theo công thức của Thông tư 22/2021 Điều 9 là {expected}.',
    en: 'The average {path} reads {found}; the formula of Circular 22/2021 Article 9 gives {expected}.',
  },
  continuous_score_count: {
    outcome: 'warning',
    vi: '{path} có {found} điểm đánh giá thường xuyên; Thông tư 22/2021 quy định từ 2 đến 4 tuỳ số tiết của môn.',
    en: '{path} holds {found} continuous-assessment scores; Circular 22/2021 requires 2 to 4, by the subject\'s periods.',
  },
  learning_result_mismatch: {
    outcome: 'warning',
    vi: 'Kết quả học tập {path} ghi "{found}", theo Thông tư 22/2021 Điều 9 là "{expected}".',
    en: 'The learning result {path} reads "{found}"; Circular 22/2021 Article 9 gives "{expected}".',
  },
  year_result_mismatch: {
    outcome: 'warning',
    vi: 'Kết quả giáo dục cuối năm {path} ghi "{found}", theo Thông tư 27/2020 là "{expected}".',
    en: 'The year-end result {path} reads "{found}"; Circular 27/2020 gives "{expected}".',
  },
  promotion_inconsistent: {
    outcome: 'warning',
    vi: 'Kết quả "{found}" ở {path} không khớp với học tập "{learning}", rèn luyện "{conduct}" và {daysAbsent} ngày nghỉ (Thông tư 22/2021: lên lớp khi cả hai từ Đạt trở lên và nghỉ không quá 45 ngày).',
    en: 'The outcome "{found}" at {path} does not match learning "{learning}", conduct "{conduct}" and {daysAbsent} days absent (Circular 22/2021: promoted when both are at least Đạt and at most 45 days absent).',
  },
  reassessment_inconsistent: {
    outcome: 'warning',
    vi: '{path} có kết quả đánh giá lại nhưng môn học đã đạt cả năm ({found}); chỉ môn dưới 5,0 điểm hoặc Chưa đạt mới được đánh giá lại.',
    en: '{path} has a re-assessment result although the subject was passed for the year ({found}); only subjects under 5.0 or Chưa đạt are re-assessed.',
  },
  award_inconsistent: {
    outcome: 'warning',
    vi: 'Danh hiệu "{found}" ở {path} không phù hợp với kết quả của học sinh (điều kiện khen thưởng của {circular}).',
    en: 'The title "{found}" at {path} does not match the student\'s results (award conditions of {circular}).',
  },
  completion_inconsistent: {
    outcome: 'warning',
    vi: 'Xác nhận hoàn thành chương trình {path} = {found} không khớp với kết quả cuối năm "{result}".',
    en: 'The completion certification {path} = {found} does not match the year-end result "{result}".',
  },
  signer_not_named: {
    outcome: 'warning',
    vi: 'Nội dung ghi {named} ở {path} (vai trò {role}) nhưng chữ ký số vai trò này là của {signer} theo chứng thư số. Cổng tra cứu và bản in ghi đúng người đã ký; tên trong nội dung chỉ được hiển thị là "người có tên trong học bạ". Cấp phó ký thay (KT. Hiệu trưởng) là hợp lệ; nếu vậy, hãy ghi đúng chức danh và tên người ký.',
    en: 'The content names {named} at {path} (role {role}) but, per the certificate, this role was signed by {signer}. The portal and the printed copy show who signed; the name in the content is shown only as named in the record. A deputy signing on the principal\'s behalf (KT. Hiệu trưởng) is lawful; if so, write the signer\'s title and name.',
  },
  personal_id_mismatch: {
    outcome: 'warning',
    vi: 'Mã định danh {path} có chữ số 4-6 là {found}, nhưng theo ngày sinh và giới tính phải là {expected}; hãy đối chiếu với căn cước.',
    en: 'Digits 4-6 of the personal identification number {path} are {found}, but the date of birth and sex give {expected}; check against the ID card.',
  },
  school_province_mismatch: {
    outcome: 'warning',
    vi: 'Mã trường {found} không bắt đầu bằng mã tỉnh {province} ({path}).',
    en: 'The school code {found} does not start with the province code {province} ({path}).',
  },
  issue_date_outside_year: {
    outcome: 'warning',
    vi: 'Ngày ký {found} ({path}) nằm ngoài năm học {year}.',
    en: 'The date of issue {found} ({path}) lies outside the school year {year}.',
  },
  birth_date_implausible: {
    outcome: 'warning',
    vi: 'Năm sinh {found} ({path}) không phù hợp với học sinh khối {grade} năm học {year}.',
    en: 'The year of birth {found} ({path}) is implausible for a grade {grade} student in {year}.',
  },
} as const satisfies Record<string, CatalogueEntry>;
