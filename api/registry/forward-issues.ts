// Issue codes of forwarding to the national store (issue 19; vi + en; codes are contract: add freely, never rename).
import type { CatalogueEntry } from '../issue-types.ts';

export const FORWARD_ISSUES = {
  province_code_invalid: {
    outcome: 'invalid',
    vi: 'Mã tỉnh {province} không phải mã của một trong 34 tỉnh, thành phố từ 1/7/2025 (ví dụ 01 Hà Nội, 79 TP Hồ Chí Minh).',
    en: 'Province code {province} is not one of the 34 provinces since 1/7/2025 (e.g. 01 Hà Nội, 79 TP Hồ Chí Minh).',
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
