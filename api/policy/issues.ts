// Issue codes of api/policy/: may this signer publish this record? (separate from "is it intact?").
import type { CatalogueEntry } from '../issue-types.ts';

export const POLICY_ISSUES = {
  school_seal_missing: {
    outcome: 'invalid', subIndication: 'POLICY_PROCESSING_ERROR',
    vi: 'Thiếu chữ ký số của cơ sở giáo dục (vai trò CoSoGiaoDuc, chứng thư số tổ chức của trường). Học bạ số phải được trường ký.',
    en: "The school's organisation signature (role CoSoGiaoDuc) is missing. A Học bạ số must be signed by the school.",
  },
  record_unsigned: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Học bạ chưa được ký số (không có chữ ký nào trong DSCKS). Hãy ký bằng chứng thư số của trường trước khi gửi.',
    en: 'The record is not signed (no signature in DSCKS). Sign it with the school certificate before sending it.',
  },
  school_seal_duplicate: {
    outcome: 'invalid', subIndication: 'POLICY_PROCESSING_ERROR',
    vi: 'Có nhiều hơn một chữ ký vai trò CoSoGiaoDuc; mỗi học bạ chỉ có một chữ ký của trường.',
    en: 'More than one signature claims the role CoSoGiaoDuc; a record carries exactly one school signature.',
  },
  cert_not_approved: {
    outcome: 'invalid', subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
    vi: 'Chứng thư số ký với vai trò CoSoGiaoDuc (số hiệu {serial}) chưa được Sở đăng ký cho trường {school}. Trường cần đăng ký chứng thư số với cơ sở dữ liệu học bạ trước khi phát hành.',
    en: 'The certificate signing as CoSoGiaoDuc (serial {serial}) is not approved for school {school}. The school must register its certificate with the registry before publishing.',
  },
  approval_not_checked: {
    outcome: 'warning',
    vi: 'Chưa kiểm tra chứng thư số của trường đã được Sở đăng ký hay chưa (kiểm tra ngoại tuyến không có danh sách đăng ký; dùng --approve hoặc --url).',
    en: "Whether the school's certificate is approved by the registry was not checked (offline check without approvals; use --approve or --url).",
  },
  signing_time_in_future: {
    outcome: 'invalid', subIndication: 'SIG_CONSTRAINTS_FAILURE',
    vi: 'Thời điểm ký ({signingTime}) ở trong tương lai.',
    en: 'The signing time ({signingTime}) is in the future.',
  },
} as const satisfies Record<string, CatalogueEntry>;
