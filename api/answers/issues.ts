// Issue codes of api/answers/ (vi + en messages; codes are contract: add freely, never rename).
import type { CatalogueEntry } from '../issue-types.ts';

export const ANSWER_ISSUES = {
  public_url_missing: {
    outcome: 'indeterminate', subIndication: 'TRY_LATER',
    vi: 'Cổng chưa được cấu hình địa chỉ công khai (--public-url hoặc HOCBA_PUBLIC_URL), nên không cấp bản sao PDF: mã QR trên bản sao phải trỏ tới đúng Cổng. Vui lòng thử lại sau hoặc báo cho đơn vị vận hành.',
    en: 'The registry has no public address configured (--public-url or HOCBA_PUBLIC_URL), so it issues no PDF copy: the QR on a copy must point to the right portal. Please try again later or tell the registry operator.',
  },
} as const satisfies Record<string, CatalogueEntry>;
