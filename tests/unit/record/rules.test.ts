import { describe, expect, it } from 'vitest';
import {
  formatTenths, learningResultOf, termAverageTenths, yearAverageTenths, yearResultOf, type PrimaryResults,
} from '../../../api/record/index.ts';

describe('TT 22 Điều 9 averages', () => {
  it('rounds a term average of exactly 8.25 half up to 8.3', () => {
    // (8 + 8 + 8 + 2·9 + 3·8) / (3 + 5) = 66 / 8 = 8.25
    expect(formatTenths(termAverageTenths({ continuous: [8, 8, 8], midTerm: 9, endTerm: 8 }))).toBe('8.3');
  });

  it('does not let binary fractions round 5.95 down (computes in tenths)', () => {
    // (5 + 6 + 6.1 + 2·6.1 + 3·6.1) / 8 = 5.95 exactly; in floating point it is 5.9499999…
    expect((5 + 6 + 6.1 + 2 * 6.1 + 3 * 6.1) / 8).toBeLessThan(5.95);
    expect(formatTenths(termAverageTenths({ continuous: [5, 6, 6.1], midTerm: 6.1, endTerm: 6.1 }))).toBe('6.0');
  });

  it.each([
    [[7, 8], 6.5, 7, '7.0'], // (15 + 13 + 21) / 7 = 7.0
    [[9, 10, 8, 9], 8.5, 9.5, '9.1'], // (36 + 17 + 28.5) / 9 = 9.055…
    [[5], 4, 4.5, '4.4'], // (5 + 8 + 13.5) / 6 = 4.416…
    [[10, 10], 10, 10, '10.0'],
    [[0, 0], 0, 0, '0.0'],
  ])('term average of %j, mid %d, end %d is %s', (continuous, midTerm, endTerm, expected) => {
    expect(formatTenths(termAverageTenths({ continuous, midTerm, endTerm }))).toBe(expected);
  });

  it.each([
    [65, 70, '6.8'], // (6.5 + 14.0) / 3 = 6.83…
    [74, 80, '7.8'],
    [81, 82, '8.2'], // 24.5 / 3 = 8.166…
    [90, 85, '8.7'], // 26 / 3 = 8.666…
  ])('year average of HK1 %i and HK2 %i tenths is %s', (term1, term2, expected) => {
    expect(formatTenths(yearAverageTenths(term1, term2))).toBe(expected);
  });
});

describe('TT 22 Điều 9 learning result', () => {
  const eight = (score: number) => Array.from({ length: 8 }, () => score);
  const passed = [true, true, true, true, true];

  it.each([
    ['all ≥ 6.5 and 6 ≥ 8.0', [80, 80, 80, 80, 80, 80, 65, 65], passed, 'Tốt'],
    ['only 5 ≥ 8.0', [80, 80, 80, 80, 80, 79, 79, 79], passed, 'Khá'],
    ['all ≥ 5.0 and 6 ≥ 6.5', [65, 65, 65, 65, 65, 65, 50, 50], passed, 'Khá'],
    ['6 ≥ 5.0, none < 3.5', [50, 50, 50, 50, 50, 50, 35, 49], passed, 'Đạt'],
    ['two comment subjects failed', eight(90), [false, false, true], 'Chưa đạt'],
    ['three subjects under 5.0', [90, 90, 90, 90, 90, 40, 40, 40], passed, 'Chưa đạt'],
  ])('%s gives %s', (_name, scores, comments, expected) => {
    expect(learningResultOf({ scores, passed: comments })).toBe(expected);
  });

  describe('when one subject alone pulls the result down two levels (Điều 9.3)', () => {
    it('raises Chưa đạt caused by one score under 3.5 to Đạt', () => {
      expect(learningResultOf({ scores: [90, 90, 90, 90, 90, 90, 90, 30], passed })).toBe('Đạt');
    });
    it('raises Đạt caused by one score under 5.0 to Khá', () => {
      expect(learningResultOf({ scores: [90, 90, 90, 90, 90, 90, 90, 45], passed })).toBe('Khá');
    });
    it('raises Đạt caused by one comment subject Chưa đạt to Khá', () => {
      expect(learningResultOf({ scores: eight(90), passed: [true, false, true] })).toBe('Khá');
    });
    it('does not adjust a drop of one level', () => {
      expect(learningResultOf({ scores: [90, 90, 90, 90, 90, 90, 90, 60], passed })).toBe('Khá');
    });
    it('does not adjust when two subjects cause the drop', () => {
      expect(learningResultOf({ scores: [90, 90, 90, 90, 90, 90, 45, 45], passed })).toBe('Đạt');
    });
  });
});

describe('TT 27 year-end result', () => {
  const criteria = (level: 'T' | 'Đ' | 'C') => [{ code: 'YEUNUOC', name: 'Yêu nước', level }];
  const results = (level: 'T' | 'H' | 'C', test: number, criterion: 'T' | 'Đ' | 'C' = 'T'): Pick<PrimaryResults, 'subjects' | 'qualities' | 'generalCompetences' | 'specificCompetences'> => ({
    subjects: [
      { code: 'TV', name: 'Tiếng Việt', level, tests: { endTerm1: 10, endYear: test } },
      { code: 'DD', name: 'Đạo đức', level: 'T', tests: {} },
    ],
    qualities: criteria(criterion), generalCompetences: criteria('T'), specificCompetences: criteria('T'),
  });

  it.each([
    ['T, Tốt, test 9', results('T', 9), 'Hoàn thành xuất sắc'],
    ['T, Tốt, test 8', results('T', 8), 'Hoàn thành tốt'],
    ['T, Tốt, test 6', results('T', 6), 'Hoàn thành'],
    ['H, Tốt, test 10', results('H', 10), 'Hoàn thành'],
    ['T, Đạt, test 10', results('T', 10, 'Đ'), 'Hoàn thành'],
    ['T, Tốt, test 4', results('T', 4), 'Chưa hoàn thành'],
    ['C, Tốt, test 8', results('C', 8), 'Chưa hoàn thành'],
    ['T, Cần cố gắng, test 9', results('T', 9, 'C'), 'Chưa hoàn thành'],
  ])('%s gives %s', (_name, assessed, expected) => {
    expect(yearResultOf(assessed)).toBe(expected);
  });
});
