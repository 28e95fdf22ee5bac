// Issue codes of the HTTP front door (SPEC §5): raised only by api/http, mapped to statuses once in
// error-handler.ts. The domain never raises them; api/errors.ts joins them into the one closed catalogue, which is
// why errors.ts may import this leaf file (and nothing else of api/http, see .dependency-cruiser.cjs).
import type { CatalogueEntry } from '../issue-types.ts';

export const HTTP_ISSUES = {
  unauthorized: {
    outcome: 'invalid',
    vi: 'Cần mã truy cập trong tiêu đề "Authorization: Bearer <token>": mã của trường cho API của trường, mã phiên đăng nhập cho API của Sở.',
    en: 'A token is required in the "Authorization: Bearer <token>" header: the school token on school routes, an operator session token on operator routes.',
  },
  rate_limited: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Quá nhiều yêu cầu; vui lòng thử lại sau {retryAfter} giây.',
    en: 'Too many requests; please try again in {retryAfter} seconds.',
  },
  body_too_large: {
    outcome: 'invalid',
    vi: 'Nội dung yêu cầu quá lớn (tối đa {limit} byte).',
    en: 'The request body is too large (at most {limit} bytes).',
  },
  batch_too_large: {
    outcome: 'invalid',
    vi: 'Một lần gửi có {count} mục, vượt giới hạn {limit}; hãy chia thành nhiều lần gửi.',
    en: 'The batch holds {count} items, more than the limit of {limit}; split it into several requests.',
  },
  invalid_request: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Yêu cầu không hợp lệ tại "{path}": {detail}.',
    en: 'The request is not valid at "{path}": {detail}.',
  },
  unsupported_media_type: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Kiểu nội dung (Content-Type) không được hỗ trợ ở địa chỉ này.',
    en: 'The Content-Type is not supported at this address.',
  },
  route_not_found: {
    outcome: 'invalid',
    vi: 'Không có địa chỉ này trong API.',
    en: 'There is no such address in the API.',
  },
  internal_error: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Lỗi hệ thống; vui lòng thử lại sau và báo mã yêu cầu {requestId} nếu lỗi lặp lại.',
    en: 'Internal error; please try again later and quote request id {requestId} if it happens again.',
  },
  service_unavailable: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Cơ sở dữ liệu không phản hồi; dịch vụ tạm thời không sẵn sàng.',
    en: 'The database does not answer; the service is temporarily unavailable.',
  },
} as const satisfies Record<string, CatalogueEntry>;
