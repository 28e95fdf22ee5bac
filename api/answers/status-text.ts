// The status words of the one vocabulary in Vietnamese and English: the bulk CSV's `status_text` column and the
// portal's status pills read them here, so the two doors cannot word a status differently.
import type { Lang } from '../errors.ts';
import type { PublicStatus } from './status.ts';

export const STATUS_TEXT: Record<Lang, Record<PublicStatus, string>> = {
  vi: {
    in_force: 'Hợp lệ, có hiệu lực', not_locked: 'Hợp lệ, chưa chốt dữ liệu', recalled: 'Đã bị thu hồi',
    replaced: 'Đã được thay thế', invalid: 'Không hợp lệ', indeterminate: 'Chưa kiểm tra được', not_found: 'Không tìm thấy',
  },
  en: {
    in_force: 'Valid, in force', not_locked: 'Valid, not yet locked', recalled: 'Recalled',
    replaced: 'Replaced', invalid: 'Not valid', indeterminate: 'Could not be checked', not_found: 'Not found',
  },
};

/** A line of the list that is no lookup code at all (its status is not_found; this says why). */
export const MALFORMED_TEXT: Record<Lang, string> = { vi: 'Mã sai định dạng', en: 'Malformed code' };
