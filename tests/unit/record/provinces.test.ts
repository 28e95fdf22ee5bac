// The province code table with effective dates (Resolution 202/2025/QH15, Decision 19/2025/QĐ-TTg): a code is read at
// the record's date, so an old record keeps its school's province as it was and says what it is part of now.
import { describe, expect, it } from 'vitest';
import { isProvinceCode, PROVINCE_ERAS, PROVINCES_2025, provinceAt, provinceLabel } from '../../../api/record/index.ts';

const BEFORE = new Date('2025-05-31T01:00:00Z');
const AFTER = new Date('2026-05-31T01:00:00Z');

describe('the province table', () => {
  it('has the 63 codes before 1/7/2025 and the 34 after, the 34 among the 63, each day of each code in one era', () => {
    const before = new Set(PROVINCE_ERAS.filter((era) => era.until !== null).map((era) => era.code));
    const after = PROVINCE_ERAS.filter((era) => era.until === null).map((era) => era.code);
    expect([before.size, after.length, new Set(after).size]).toEqual([63, 34, 34]);
    expect(after.filter((code) => !before.has(code))).toEqual([]);
    expect(Object.keys(PROVINCES_2025).sort()).toEqual([...after].sort());
    for (const code of before) {
      const eras = PROVINCE_ERAS.filter((era) => era.code === code);
      for (let i = 1; i < eras.length; i++) expect(eras[i]!.from, code).toBe(eras[i - 1]!.until);
    }
  });

  it('sends every old province to exactly one of the 34, and each of the 34 takes in at least itself or its namesake', () => {
    const old = PROVINCE_ERAS.filter((era) => era.until !== null);
    expect(old.filter((era) => !(era.successor! in PROVINCES_2025)).map((era) => era.code)).toEqual([]);
    const absorbed = new Map<string, number>();
    for (const era of old) if (era.code !== '46' || era.name === 'Huế') absorbed.set(era.successor!, (absorbed.get(era.successor!) ?? 0) + 1);
    expect([...absorbed.values()].reduce((a, b) => a + b)).toBe(63);
    expect(absorbed.size).toBe(34);
  });

  it('keeps the codes a record may carry', () => {
    expect(['74', '02', '95', '01', '79'].map(isProvinceCode)).toEqual([true, true, true, true, true]);
    expect(['00', '03', '99', '7'].map(isProvinceCode)).toEqual([false, false, false, false]);
  });
});

describe('provinceLabel', () => {
  it.each([
    ['74', BEFORE, 'Bình Dương, nay thuộc TP Hồ Chí Minh', 'Bình Dương, now part of Hồ Chí Minh City'],
    ['30', BEFORE, 'Hải Dương, nay thuộc TP Hải Phòng', 'Hải Dương, now part of Hải Phòng City'],
    ['02', BEFORE, 'Hà Giang, nay thuộc tỉnh Tuyên Quang', 'Hà Giang, now part of Tuyên Quang province'],
    // A reused code: 52 was Bình Định and is Gia Lai since 1/7/2025; 24 was Bắc Giang and is Bắc Ninh.
    ['52', BEFORE, 'Bình Định, nay thuộc tỉnh Gia Lai', 'Bình Định, now part of Gia Lai province'],
    ['52', AFTER, 'Gia Lai', 'Gia Lai'],
    ['24', BEFORE, 'Bắc Giang, nay thuộc tỉnh Bắc Ninh', 'Bắc Giang, now part of Bắc Ninh province'],
    ['27', BEFORE, 'Bắc Ninh', 'Bắc Ninh'],
    ['01', BEFORE, 'Hà Nội', 'Hà Nội'],
    ['79', AFTER, 'Thành phố Hồ Chí Minh', 'Thành phố Hồ Chí Minh'],
    ['46', new Date('2024-12-31T16:59:59Z'), 'Thừa Thiên Huế, nay là TP Huế', 'Thừa Thiên Huế, now Huế City'],
    ['46', new Date('2024-12-31T17:00:00Z'), 'Huế', 'Huế'],
    // An old code written after the merger (a school code keeps its prefix) is read in its last era.
    ['74', AFTER, 'Bình Dương, nay thuộc TP Hồ Chí Minh', 'Bình Dương, now part of Hồ Chí Minh City'],
  ])('%s on %s reads "%s"', (code, day, vi, en) => {
    expect(provinceLabel(code, day, 'vi')).toBe(vi.normalize('NFC'));
    expect(provinceLabel(code, day, 'en')).toBe(en.normalize('NFC'));
  });

  it('turns at midnight of 1/7/2025 in Vietnam (30/6 17:00 UTC), not at UTC midnight', () => {
    expect(provinceAt('80', new Date('2025-06-30T16:59:59Z'))!.then.name).toBe('Long An');
    expect(provinceAt('80', new Date('2025-06-30T17:00:00Z'))!.then.name).toBe('Tây Ninh');
  });

  it('answers null for a code no province ever had', () => {
    expect([provinceLabel('03', BEFORE), provinceAt('99', AFTER)]).toEqual([null, null]);
  });
});
