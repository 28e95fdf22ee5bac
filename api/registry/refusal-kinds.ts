// What kind of mistake a refusal code is, and how a school fixes that kind (issue 20, DOMAIN.md: "wrong code, wrong
// format, duplicate data, signature errors"). The codes' own messages stay in each module's issues.ts; this adds
// the step a school takes, one text per kind in both languages, for the console and its per-school CSV.
import { CODEC_ISSUES } from '../codec/issues.ts';
import { LIFECYCLE_ISSUES } from '../lifecycle/issues.ts';
import { POLICY_ISSUES } from '../policy/issues.ts';
import { RECORD_ISSUES } from '../record/issues.ts';
import { SIGNATURE_ISSUES } from '../signature/issues.ts';
import { TRUST_ISSUES } from '../trust/issues.ts';
import { XML_ISSUES } from '../xml/issues.ts';

export const REFUSAL_KINDS = ['code', 'format', 'content', 'duplicate', 'signature', 'approval', 'deadline', 'other'] as const;
export type RefusalKind = (typeof REFUSAL_KINDS)[number];

const CODE_ISSUES = new Set(['lookup_code_format', 'lookup_code_not_random', 'school_mismatch', 'province_unknown', 'school_province_mismatch', 'record_facts_unreadable']);
const DUPLICATE_ISSUES = new Set(['code_taken', 'student_year_taken', 'student_year_taken_elsewhere', 'envelope_content_duplicate', 'xml_id_duplicate', 'replace_mismatch']);
const DEADLINE_ISSUES = new Set(['year_locked', 'school_year_implausible', 'locked']);
const FORMAT_RECORD = /^(envelope_|field_|text_|date_invalid$)/;

export function refusalKindOf(code: string): RefusalKind {
  if (CODE_ISSUES.has(code)) return 'code';
  if (DUPLICATE_ISSUES.has(code)) return 'duplicate';
  if (DEADLINE_ISSUES.has(code)) return 'deadline';
  if (code in CODEC_ISSUES || code in XML_ISSUES || FORMAT_RECORD.test(code)) return 'format';
  if (code in RECORD_ISSUES) return 'content';
  if (code in SIGNATURE_ISSUES || code in TRUST_ISSUES) return 'signature';
  if (code in POLICY_ISSUES) return 'approval';
  if (code in LIFECYCLE_ISSUES) return 'deadline';
  return 'other';
}

/** How a school fixes a refusal of each kind: the step, then where to look. */
export const REFUSAL_FIXES: Record<'vi' | 'en', Record<RefusalKind, string>> = {
  vi: {
    code: 'Sai mã: kiểm tra mã trường (MaTruong), mã tỉnh và mã tra cứu trong phần mềm quản lý trường; mỗi học bạ cần mã tra cứu ngẫu nhiên mới, trường chỉ gửi học bạ của chính mình bằng tài khoản của mình.',
    format: 'Sai định dạng: xuất lại tệp từ phần mềm quản lý trường theo mẫu học bạ số (XML UTF-8, đúng thứ tự và kiểu trường), rồi ký số và gửi lại; đừng sửa tay tệp XML.',
    content: 'Nội dung chưa khớp quy định (Thông tư 22/27): sửa điểm, nhận xét hoặc kết quả được nêu ở đường dẫn trong lỗi, rồi ký lại và gửi lại.',
    duplicate: 'Trùng dữ liệu: học sinh đã có học bạ của năm học này, hoặc mã tra cứu đã dùng. Nếu cần sửa học bạ đã gửi, dùng chức năng thay thế (replace) thay vì gửi mới.',
    signature: 'Lỗi chữ ký số: ký lại bằng chứng thư còn hiệu lực, chưa bị thu hồi, do CA trong danh sách tin cậy cấp; không sửa tệp sau khi ký.',
    approval: 'Chứng thư con dấu của trường chưa được Sở phê duyệt, hoặc thiếu chữ ký con dấu: gửi chứng thư con dấu cho Sở để phê duyệt, rồi gửi lại.',
    deadline: 'Đã qua ngày chốt dữ liệu của năm học: liên hệ Sở để mở đợt nộp muộn nếu có lý do chính đáng.',
    other: 'Đọc thông báo lỗi và liên hệ bộ phận hỗ trợ của Sở nếu chưa rõ cách sửa.',
  },
  en: {
    code: 'Wrong code: check the school code (MaTruong), province code and lookup code in the school\'s management software; each record needs a new random lookup code, and a school pushes only its own records with its own account.',
    format: 'Wrong format: export the file again from the school\'s management software in the digital record format (UTF-8 XML, fields in order and of the right type), sign it and push it again; do not edit the XML by hand.',
    content: 'The content breaks a rule (Circular 22/27): correct the score, comment or result named by the path in the error, sign again and push again.',
    duplicate: 'Duplicate data: the student already has a record for this school year, or the lookup code is taken. To correct a record already pushed, replace it instead of pushing a new one.',
    signature: 'Signature error: sign again with a certificate that is valid, not revoked and issued by a CA on the trust list; do not change the file after signing.',
    approval: 'The school\'s seal certificate is not approved by the Department, or the seal signature is missing: send the seal certificate to the Department for approval, then push again.',
    deadline: 'The school year\'s lock date has passed: contact the Department to open a late window if there is good reason.',
    other: 'Read the error message and contact the Department\'s support if the fix is unclear.',
  },
};
