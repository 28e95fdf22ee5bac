// Issue codes of api/verify/ (vi + en messages; codes are contract: add freely, never rename).
import type { CatalogueEntry } from '../issue-types.ts';

export const VERIFY_ISSUES = {
  // --- budgets (issue 11): a check that needs more than one job may take is stopped, never left running ---
  input_too_costly: {
    outcome: 'indeterminate',
    vi: 'Kiểm tra tài liệu này cần nhiều tài nguyên hơn giới hạn của một lần kiểm tra ({limit}) nên đã bị dừng; không kết luận được tài liệu hợp lệ hay không. Học bạ do phần mềm của trường tạo ra không bao giờ chạm tới giới hạn này: hãy dùng lại tệp gốc.',
    en: 'Checking this document needs more than one check may use ({limit}), so the check was stopped; nothing could be concluded about it. A record made by school software never comes near this limit: use the original file.',
  },
  pdf_too_costly: {
    outcome: 'indeterminate',
    vi: 'Không đọc tệp PDF này: tệp lớn hơn {byteLimit} byte, có hơn {objectLimit} đối tượng hoặc cần giải nén hơn {inflatedLimit} byte. Bản PDF do hệ thống cấp nhỏ hơn nhiều; hãy tải lại bản chính thức từ trang tra cứu.',
    en: 'This PDF was not read: it is larger than {byteLimit} bytes, has more than {objectLimit} objects or needs more than {inflatedLimit} bytes inflated. Copies issued by the registry are far smaller; download the official copy from the record page again.',
  },
  // --- the public lane (issue 11): the public can never crowd out the schools ---
  uploads_in_flight: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Bạn đang có {limit} tệp đang được kiểm tra; hãy chờ kết quả của chúng rồi gửi tiếp.',
    en: 'You already have {limit} files being checked; wait for their results before sending another.',
  },
  verification_busy: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Hệ thống đang kiểm tra quá nhiều tệp công khai; vui lòng thử lại sau {retryAfter} giây.',
    en: 'The registry is checking too many public uploads right now; please try again in {retryAfter} seconds.',
  },
} as const satisfies Record<string, CatalogueEntry>;
