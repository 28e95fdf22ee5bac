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
    vi: 'Giá trị Id "{id}" xuất hiện nhiều lần trong tài liệu; mỗi Id phải là duy nhất.',
    en: 'The Id value "{id}" occurs more than once in the document; every Id must be unique.',
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
} as const satisfies Record<string, CatalogueEntry>;
