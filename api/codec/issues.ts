// Issue codes of package decoding (base64 → gzip → XML bytes).
import type { CatalogueEntry } from '../issue-types.ts';

export const CODEC_ISSUES = {
  package_empty: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Gói dữ liệu rỗng.',
    en: 'The package is empty.',
  },
  package_not_base64: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Gói dữ liệu không phải Base64 hợp lệ (ký tự lạ ở vị trí {position}). Gói phải là XML → Gzip → Base64.',
    en: 'The package is not valid Base64 (unexpected character at position {position}). A package is XML → Gzip → Base64.',
  },
  package_too_large: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Gói dữ liệu quá lớn ({size} byte, tối đa {limit} byte).',
    en: 'The package is too large ({size} bytes, at most {limit} bytes).',
  },
  package_not_gzip: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Gói dữ liệu không phải Gzip hợp lệ. Gói phải là XML → Gzip → Base64.',
    en: 'The package is not valid gzip. A package is XML → Gzip → Base64.',
  },
  package_truncated: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Gói dữ liệu Gzip bị cắt cụt hoặc hỏng.',
    en: 'The gzip data is truncated or corrupt.',
  },
  package_multiple_members: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Gói dữ liệu chứa nhiều khối Gzip nối nhau; chỉ chấp nhận một khối.',
    en: 'The package holds several concatenated gzip members; exactly one is accepted.',
  },
  package_bomb: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Gói dữ liệu giải nén vượt giới hạn ({limit} byte hoặc tỉ lệ nén {ratio}:1); bị từ chối để bảo vệ hệ thống.',
    en: 'The package inflates beyond the limit ({limit} bytes or a {ratio}:1 ratio) and was refused to protect the registry.',
  },
} as const satisfies Record<string, CatalogueEntry>;
