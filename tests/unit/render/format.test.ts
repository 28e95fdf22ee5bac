import { describe, expect, it } from 'vitest';
import { toCopyLine, toQrBlocks } from '../../../api/render/qr.ts';
import { maskPersonalId } from '../../../api/record/personal-ids.ts';
import {
  toCommentLevel, toPlaceAndDate, toRoleName, toScore, toSigningTime, toTestScore,
} from '../../../api/render/words.ts';

describe('printed values', () => {
  it('prints the copy time in Vietnam time whatever the machine zone, across midnight', () => {
    expect(toCopyLine(2, new Date('2026-11-22T20:30:05Z'))).toBe('Bản sao số 2, cấp lúc 03:30:05 ngày 23/11/2026 (giờ Việt Nam, UTC+7)');
    expect(toCopyLine(4, new Date('2026-11-22T03:04:05Z'))).toBe('Bản sao số 4, cấp lúc 10:04:05 ngày 22/11/2026 (giờ Việt Nam, UTC+7)');
  });

  it('prints TT 22 scores with one decimal and a decimal comma, TT 27 tests as whole numbers', () => {
    expect(toScore(8.3)).toBe('8,3');
    expect(toScore(10)).toBe('10,0');
    expect(toScore(undefined)).toBe('');
    expect(toTestScore(9)).toBe('9');
    expect(toCommentLevel('Đ')).toBe('Đạt');
    expect(toCommentLevel('CĐ')).toBe('Chưa đạt');
  });

  it('never prints a personal identification number whole', () => {
    expect(maskPersonalId('001216012345')).toBe('********2345');
  });

  it('writes place and date as the paper template does', () => {
    expect(toPlaceAndDate('Hà Nội', '05/06/2025')).toBe('Hà Nội, ngày 5 tháng 6 năm 2025');
    expect(toPlaceAndDate('Huế', 'cuối năm')).toBe('Huế, cuối năm');
  });

  it('prints signing times in Vietnam time and names roles in Vietnamese', () => {
    expect(toSigningTime('2025-05-28T02:15:00Z')).toBe('28/05/2025 09:15:00');
    expect(toSigningTime('2025-05-28T09:15:00+07:00')).toBe('28/05/2025 09:15:00');
    expect(toSigningTime(null)).toBe('—');
    expect(toSigningTime('không rõ')).toBe('không rõ');
    expect(toRoleName('HieuTruong')).toBe('Hiệu trưởng');
    expect(toRoleName('VaiTroKhac')).toBe('VaiTroKhac');
    expect(toRoleName(null)).toBe('Không ghi vai trò');
  });
});

describe('toQrBlocks', () => {
  const url = 'https://hocba.example.vn/tra-cuu/0123456789ABCDEF0123456789ABCDEF';

  it('stays inside its square and starts with the 7-module finder pattern at the top left', () => {
    const blocks = toQrBlocks(url, 100, 300, 66);
    expect(blocks.length).toBeGreaterThan(100);
    for (const [x, y, width, height] of blocks) {
      expect(x).toBeGreaterThanOrEqual(100);
      expect(x + width).toBeLessThanOrEqual(166 + 1e-9);
      expect(y).toBeGreaterThanOrEqual(234 - 0.06);
      expect(y + height).toBeLessThanOrEqual(300 + 1e-9);
    }
    const [x, , width] = blocks[0]!;
    const unit = width / 7;
    expect(x).toBe(100);
    expect(66 / unit).toBeGreaterThanOrEqual(21);
    expect(Number.isInteger(Math.round((66 / unit) * 1000) / 1000)).toBe(true);
  });

  it('is the same for the same text', () => {
    expect(toQrBlocks(url, 0, 0, 50)).toEqual(toQrBlocks(url, 0, 0, 50));
    expect(toQrBlocks(url, 0, 0, 50)).not.toEqual(toQrBlocks(`${url}0`, 0, 0, 50));
  });
});
