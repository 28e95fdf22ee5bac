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
  verification_failed: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Không kiểm tra được gói dữ liệu do lỗi hệ thống; vui lòng gửi lại sau.',
    en: 'The package could not be checked because of an internal error; please push it again later.',
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
    vi: 'Mã truy cập (token) của trường không hợp lệ hoặc đã bị thu hồi.',
    en: "The school's API token is invalid or has been revoked.",
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
    vi: 'Không đọc được chứng thư số (cần tệp PEM hoặc DER X.509).',
    en: 'The certificate could not be read (a PEM or DER X.509 file is expected).',
  },
  certificate_not_approved: {
    outcome: 'invalid',
    vi: 'Chứng thư số {fingerprint} không đang được đăng ký cho trường {school}.',
    en: 'Certificate {fingerprint} is not currently approved for school {school}.',
  },
  crl_unreadable: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Không đọc được danh sách thu hồi chứng thư (CRL, tệp PEM hoặc DER).',
    en: 'The certificate revocation list could not be read (a PEM or DER CRL is expected).',
  },
} as const satisfies Record<string, CatalogueEntry>;
