// Issue codes of api/render/ (vi + en messages; codes are contract: add freely, never rename): the seal of a PDF
// copy as the upload check finds it (issue 15), and issuing a sealed copy.
import type { CatalogueEntry } from '../issue-types.ts';

export const RENDER_ISSUES = {
  pdf_seal_missing: {
    outcome: 'indeterminate', subIndication: 'SIGNED_DATA_NOT_FOUND',
    vi: 'Tệp PDF này không có dấu điện tử của Cổng, nên không chứng minh được là bản sao do Cổng cấp (nội dung và số bản sao trong tệp ai cũng gõ được). Hãy tải bản sao có dấu từ trang tra cứu, hoặc tra cứu bằng mã.',
    en: 'This PDF carries no seal of the registry, so nothing proves that the registry issued it (anyone can type its content and copy number). Download a sealed copy from the record page, or look the record up by its code.',
  },
  pdf_seal_broken: {
    outcome: 'invalid', subIndication: 'HASH_FAILURE',
    vi: 'Dấu điện tử trong tệp PDF không khớp với nội dung: tệp đã bị sửa sau khi được đóng dấu, hoặc dấu bị hỏng ({detail}). Đây không phải bản sao nguyên vẹn.',
    en: 'The seal in this PDF does not match its content: the file was changed after it was sealed, or the seal is damaged ({detail}). This is not an intact copy.',
  },
  pdf_changed_after_seal: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Tệp PDF có thêm dữ liệu ngoài phần được đóng dấu ({detail}), ví dụ một lần lưu chỉnh sửa sau khi Cổng cấp: nội dung hiển thị có thể không phải nội dung đã được đóng dấu.',
    en: 'The PDF holds data outside what its seal covers ({detail}), for example an edit saved after the registry issued it: what it shows may not be what was sealed.',
  },
  pdf_seal_foreign: {
    outcome: 'invalid', subIndication: 'SIG_CONSTRAINTS_FAILURE',
    vi: 'Tệp PDF được ký, nhưng không phải bằng dấu của Cổng này (người ký: {signer}). Chỉ dấu của Cổng mới chứng minh tệp là bản sao do Cổng cấp.',
    en: 'The PDF is signed, but not with this registry\'s seal (signer: {signer}). Only the registry\'s seal proves that the file is a copy it issued.',
  },
  pdf_copy_unknown: {
    outcome: 'invalid', subIndication: 'SIG_CONSTRAINTS_FAILURE',
    vi: 'Cổng không có bản sao số {copyNumber} của học bạ này trong sổ cấp bản sao, nên không xác nhận tệp là bản sao do Cổng cấp.',
    en: 'The registry\'s log of copies has no copy number {copyNumber} of this record, so it does not confirm the file as a copy it issued.',
  },
  time_stamp_unavailable: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Dịch vụ cấp dấu thời gian không trả lời, nên Cổng chưa cấp được bản sao có dấu. Vui lòng thử lại sau ít phút.',
    en: 'The time-stamp service did not answer, so the registry could not issue a sealed copy. Please try again in a few minutes.',
  },
} as const satisfies Record<string, CatalogueEntry>;
