import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { studentCodeOf, type TestRecord } from './records.ts';
import { AFTER_LOCK, BEFORE_LOCK, LAST_MOMENT, makeRegistryFixtures, newLookupCode, openRegistryFixture, SCHOOL_A, SCHOOL_B, setUpRegistry, type Fixture } from './setup.ts';
import { rejectionCode as codeOf } from '../../helpers/error-codes.ts';

const pki = await makeRegistryFixtures();

describe.each(databasesUnderTest())('registry corrections on $name', ({ open }) => {
  let database: Database;
  let fx: Fixture;

  beforeAll(async () => ({ database, fx } = await openRegistryFixture(open, pki)));
  afterAll(() => database?.close());

  async function accepted(overrides: Partial<TestRecord> = {}): Promise<string> {
    const code = newLookupCode();
    const [result] = await fx.registry.submitPackages(SCHOOL_A, [await fx.pkg({ lookupCode: code, schoolCode: SCHOOL_A, ...overrides })], BEFORE_LOCK);
    expect(result?.status).toBe('accepted');
    return code;
  }

  describe('authentication and ownership', () => {
    it('knows a school by its token and nobody by a wrong one', async () => {
      expect(await fx.registry.authenticateSchool(fx.tokenA)).toEqual({ schoolCode: SCHOOL_A });
      const other = fx.tokenA.endsWith('A') ? 'B' : 'A';
      expect(await fx.registry.authenticateSchool(`${fx.tokenA.slice(0, -1)}${other}`)).toBeNull();
      expect(await fx.registry.authenticateSchool('')).toBeNull();
    });

    it("refuses another school's token to read, recall or replace with not_your_record", async () => {
      const code = await accepted();
      const other = (await fx.registry.authenticateSchool(fx.tokenB))!.schoolCode;
      expect(other).toBe(SCHOOL_B);
      expect(await codeOf(fx.registry.getOwnRecord(other, code, BEFORE_LOCK))).toBe('not_your_record');
      expect(await codeOf(fx.registry.recallRecord(other, code, 'nhầm', BEFORE_LOCK))).toBe('not_your_record');
      const successor = await fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_B });
      expect(await codeOf(fx.registry.replaceRecord(other, code, successor, BEFORE_LOCK))).toBe('not_your_record');
      expect((await fx.registry.getRecord(code))?.status).toBe('valid');
    });

    it('answers not_found for an unknown record', async () => {
      expect(await codeOf(fx.registry.recallRecord(SCHOOL_A, newLookupCode(), 'x', BEFORE_LOCK))).toBe('not_found');
    });
  });

  describe('recall', () => {
    it('recalls on the last moment of the lock day and keeps answering lookups', async () => {
      const code = await accepted();
      const view = await fx.registry.recallRecord(SCHOOL_A, code, 'Sai điểm môn Toán', LAST_MOMENT);
      expect(view).toMatchObject({ status: 'recalled', recalledAt: LAST_MOMENT.toISOString(), recallReason: 'Sai điểm môn Toán', effectiveFrom: null });
      expect(await fx.registry.getRecord(code, { now: AFTER_LOCK })).toMatchObject({ status: 'recalled', locked: true });
      expect(await codeOf(fx.registry.recallRecord(SCHOOL_A, code, 'lần nữa', LAST_MOMENT))).toBe('already_recalled');
    });

    it('refuses after the lock with locked, and the record stays valid and in force', async () => {
      const code = await accepted();
      expect(await codeOf(fx.registry.recallRecord(SCHOOL_A, code, 'muộn', AFTER_LOCK))).toBe('locked');
      expect(await fx.registry.getRecord(code, { now: AFTER_LOCK })).toMatchObject({ status: 'valid', locked: true, effectiveFrom: '2025-06-30' });
    });

    it('follows lock dates the Sở moved', async () => {
      // Its own database: moving 2024-2025's lock would move it for every other test of this file.
      const own = await open();
      try {
        const moved = await setUpRegistry(own, pki);
        await moved.registry.setLockDates('2024-2025', { main: '2025-07-10', supplementary: '2025-08-20' }, { now: BEFORE_LOCK });
        const code = newLookupCode();
        await moved.registry.submitPackages(SCHOOL_A, [await fx.pkg({ lookupCode: code, schoolCode: SCHOOL_A })], BEFORE_LOCK);
        const view = await moved.registry.recallRecord(SCHOOL_A, code, 'đổi lớp', new Date('2025-07-10T23:00:00+07:00'));
        expect(view.status).toBe('recalled');
        const after = new Date('2025-07-11T00:00:00+07:00');
        expect(await codeOf(moved.registry.setLockDates('2024-2025', { main: '2025-07-30', supplementary: '2025-08-20' }, { now: after }))).toBe('locked');
      } finally {
        await own.close();
      }
    });
  });

  describe('replace', () => {
    it('links both ways and the old record answers replaced with replacedBy', async () => {
      const oldCode = await accepted();
      const newCode = newLookupCode();
      const successor = await fx.pkg({ lookupCode: newCode, schoolCode: SCHOOL_A, note: 'đã sửa', studentCode: studentCodeOf(oldCode) });
      const result = await fx.registry.replaceRecord(SCHOOL_A, oldCode, successor, BEFORE_LOCK);
      expect(result).toMatchObject({ lookupCode: newCode, status: 'accepted' });
      expect(await fx.registry.getRecord(oldCode)).toMatchObject({ status: 'replaced', replacedBy: newCode, effectiveFrom: null });
      expect(await fx.registry.getRecord(newCode)).toMatchObject({ status: 'valid', replaces: oldCode });
      // A retry of the same replacement gets the same receipt; another one is refused.
      expect(await fx.registry.replaceRecord(SCHOOL_A, oldCode, successor, BEFORE_LOCK)).toEqual(result);
      const third = await fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_A, note: 'lần ba', studentCode: studentCodeOf(oldCode) });
      expect(await codeOf(fx.registry.replaceRecord(SCHOOL_A, oldCode, third, BEFORE_LOCK))).toBe('already_replaced');
    });

    it('rejects a successor for another student with replace_mismatch and changes nothing', async () => {
      const oldCode = await accepted();
      const wrong = await fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_A, studentCode: '9999999999' });
      const result = await fx.registry.replaceRecord(SCHOOL_A, oldCode, wrong, BEFORE_LOCK);
      expect(result).toMatchObject({ status: 'rejected', errors: [{ code: 'replace_mismatch', path: 'MaHocSinh' }] });
      expect((await fx.registry.getRecord(oldCode))?.status).toBe('valid');
    });

    it('refuses after the lock with locked', async () => {
      const oldCode = await accepted();
      const successor = await fx.pkg({ lookupCode: newLookupCode(), schoolCode: SCHOOL_A, note: 'muộn', studentCode: studentCodeOf(oldCode) });
      expect(await codeOf(fx.registry.replaceRecord(SCHOOL_A, oldCode, successor, AFTER_LOCK))).toBe('locked');
    });
  });

  describe('numbered copies', () => {
    it('numbers copies of a record 1, 2, 3 even when issued at once', async () => {
      const code = await accepted();
      const numbers = await Promise.all([1, 2, 3].map(() => fx.registry.recordCopy(code, 'ip-hash', AFTER_LOCK)));
      expect(numbers.sort()).toEqual([1, 2, 3]);
      expect(await codeOf(fx.registry.recordCopy(newLookupCode(), null, AFTER_LOCK))).toBe('not_found');
    });

    it('tells how many copies were issued and when, and finds one by its number', async () => {
      const code = await accepted();
      expect((await fx.registry.getRecord(code))!.copies).toEqual({ count: 0, lastIssuedAt: null });
      await fx.registry.recordCopy(code, null, AFTER_LOCK);
      const later = new Date(AFTER_LOCK.getTime() + 60_000);
      await fx.registry.recordCopy(code, null, later);
      expect((await fx.registry.getRecord(code))!.copies).toEqual({ count: 2, lastIssuedAt: later.toISOString() });
      expect(await fx.registry.findCopy(code, 1)).toEqual({ copyNumber: 1, issuedAt: AFTER_LOCK.toISOString() });
      expect(await fx.registry.findCopy(code, 3)).toBeNull();
    });
  });
});
