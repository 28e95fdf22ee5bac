import { describe, expect, it } from 'vitest';
import {
  canRecall, canReplace, DEFAULT_LOCK_SETTINGS, effectiveFrom, isLocked, lockDateOf,
  lockInstantOf, parseSchoolYear, assertLockDates, type LifecycleRecord, type LockSettings,
} from '../../../api/lifecycle/index.ts';
import { isHocbaError } from '../../../api/errors.ts';

const valid: LifecycleRecord = { status: 'valid', schoolYear: '2024-2025', supplementary: false };
const supplementary: LifecycleRecord = { ...valid, supplementary: true };
// 23:59:59.999 on 30/06/2025 in Hanoi, and the next millisecond.
const lastMomentOfLockDay = new Date('2025-06-30T23:59:59.999+07:00');
const firstMomentAfter = new Date('2025-07-01T00:00:00.000+07:00');

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isHocbaError(error) ? error.code : 'not a HocbaError';
  }
  return undefined;
}

describe('lockDateOf', () => {
  it('defaults to 30/06 and 15/08 of the second calendar year', () => {
    expect(lockDateOf('2024-2025', { supplementary: false })).toBe('2025-06-30');
    expect(lockDateOf('2024-2025', { supplementary: true })).toBe('2025-08-15');
  });

  it('uses the dates the Sở set for that year', () => {
    const settings: LockSettings = { ...DEFAULT_LOCK_SETTINGS, years: { '2024-2025': { main: '2025-07-05', supplementary: '2025-08-20' } } };
    expect(lockDateOf('2024-2025', { supplementary: false }, settings)).toBe('2025-07-05');
    expect(lockDateOf('2025-2026', { supplementary: false }, settings)).toBe('2026-06-30');
  });

  describe('when the school year is malformed', () => {
    it.each(['2024-2026', '2024/2025', '24-25', ''])('rejects %j with school_year_invalid', (year) => {
      expect(codeOf(() => parseSchoolYear(year))).toBe('school_year_invalid');
    });
  });
});

describe('lockInstantOf', () => {
  it('falls at the end of the lock day in Vietnam time (17:00 UTC)', () => {
    expect(lockInstantOf('2025-06-30').toISOString()).toBe('2025-06-30T17:00:00.000Z');
  });

  it.each(['2025-02-30', '2025-6-30', 'tomorrow'])('rejects %j with lock_date_invalid', (date) => {
    expect(codeOf(() => lockInstantOf(date))).toBe('lock_date_invalid');
  });

  it('refuses a supplementary lock before the main one', () => {
    expect(codeOf(() => assertLockDates({ main: '2025-06-30', supplementary: '2025-06-29' }))).toBe('lock_date_invalid');
    expect(codeOf(() => assertLockDates({ main: '2025-06-30', supplementary: '2025-06-30' }))).toBeUndefined();
  });
});

describe('isLocked', () => {
  it('is open during the whole lock day and locked right after it', () => {
    expect(isLocked(valid, lastMomentOfLockDay)).toBe(false);
    expect(isLocked(valid, firstMomentAfter)).toBe(true);
  });

  it('keeps a supplementary record open until the end of 15/08', () => {
    expect(isLocked(supplementary, firstMomentAfter)).toBe(false);
    expect(isLocked(supplementary, new Date('2025-08-15T23:59:59.999+07:00'))).toBe(false);
    expect(isLocked(supplementary, new Date('2025-08-16T00:00:00.000+07:00'))).toBe(true);
  });
});

describe('canRecall and canReplace', () => {
  for (const [name, decide] of [['canRecall', canRecall], ['canReplace', canReplace]] as const) {
    describe(name, () => {
      it('allows a valid record on the last moment of the lock day', () => {
        expect(decide(valid, lastMomentOfLockDay)).toEqual({ allowed: true });
      });
      it('refuses with locked once the day is over', () => {
        expect(decide(valid, firstMomentAfter)).toEqual({ allowed: false, reason: 'locked' });
      });
      it('refuses a recalled record with already_recalled', () => {
        expect(decide({ ...valid, status: 'recalled' }, lastMomentOfLockDay)).toEqual({ allowed: false, reason: 'already_recalled' });
      });
      it('refuses a replaced record with already_replaced, even after the lock', () => {
        expect(decide({ ...valid, status: 'replaced' }, firstMomentAfter)).toEqual({ allowed: false, reason: 'already_replaced' });
      });
    });
  }
});

describe('effectiveFrom', () => {
  const received = new Date('2025-05-20T10:00:00+07:00');
  it('is the lock date for a valid record received before it, before and after the lock', () => {
    expect(effectiveFrom(valid, received)).toBe('2025-06-30');
    expect(effectiveFrom(supplementary, received)).toBe('2025-08-15');
    expect(effectiveFrom(valid, lastMomentOfLockDay)).toBe('2025-06-30');
  });
  it('is never before the day the registry received it (Vietnam time): a late record is in force from its acceptance', () => {
    expect(effectiveFrom(valid, new Date('2026-12-03T09:00:00Z'))).toBe('2026-12-03');
    // 17:00 UTC on 30/06 is already 01/07 in Hanoi.
    expect(effectiveFrom(valid, firstMomentAfter)).toBe('2025-07-01');
    expect(effectiveFrom(supplementary, firstMomentAfter)).toBe('2025-08-15');
  });
  it('is null for a record that never came into force', () => {
    expect(effectiveFrom({ ...valid, status: 'recalled' }, received)).toBeNull();
    expect(effectiveFrom({ ...valid, status: 'replaced' }, received)).toBeNull();
  });
});
