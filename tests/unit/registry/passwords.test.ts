// Operator password hashing and policy (issue 6: "operator passwords stored only as strong hashes").
import { describe, expect, it } from 'vitest';
import { HocbaError } from '../../../api/errors.ts';
import {
  assertPasswordPolicy, decoyHash, hashPassword, MIN_PASSWORD_LENGTH, needsRehash, PASSWORD_PARAMS, verifyPassword,
} from '../../../api/registry/passwords.ts';

const PASSWORD = 'Mật khẩu của Sở 2026';

function refusal(work: () => void): { code: string; reason: unknown } | null {
  try {
    work();
    return null;
  } catch (error) {
    if (!(error instanceof HocbaError)) throw error;
    return { code: error.code, reason: error.params?.reason };
  }
}

describe('operator passwords', () => {
  describe('when a password is hashed', () => {
    it('stores scrypt with N=2^15, r=8, p=1, a 16-byte random salt and a 32-byte key, self-describing', async () => {
      const stored = await hashPassword(PASSWORD);
      const parts = stored.split('$');
      expect(parts.slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
      expect(PASSWORD_PARAMS).toEqual({ N: 2 ** 15, r: 8, p: 1 });
      expect(Buffer.from(parts[4]!, 'base64')).toHaveLength(16);
      expect(Buffer.from(parts[5]!, 'base64')).toHaveLength(32);
      expect(stored).not.toContain(PASSWORD);
      expect(stored).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    });

    it('salts every hash anew, so one password never hashes twice the same', async () => {
      const [first, second] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
      expect(first).not.toBe(second);
      expect(first.split('$')[4]).not.toBe(second.split('$')[4]);
    });
  });

  describe('when a password is checked', () => {
    it('accepts the password and refuses any other, including a one-character change', async () => {
      const stored = await hashPassword(PASSWORD);
      expect(await verifyPassword(PASSWORD, stored)).toBe(true);
      expect(await verifyPassword(`${PASSWORD} `, stored)).toBe(false);
      expect(await verifyPassword(PASSWORD.replace('6', '7'), stored)).toBe(false);
      expect(await verifyPassword('', stored)).toBe(false);
    });

    it('treats the NFC and NFD spellings of a Vietnamese password as the same password', async () => {
      const stored = await hashPassword(PASSWORD.normalize('NFD'));
      expect(PASSWORD.normalize('NFD')).not.toBe(PASSWORD.normalize('NFC'));
      expect(await verifyPassword(PASSWORD.normalize('NFC'), stored)).toBe(true);
    });

    it('answers false, not an exception, for a stored value it cannot read or with parameters out of bounds', async () => {
      const stored = await hashPassword(PASSWORD);
      const [, , , , salt, key] = stored.split('$');
      for (const bad of ['', 'plain text', `bcrypt$10$${salt}$${key}`, `scrypt$1000$8$1$${salt}$${key}`, `scrypt$1073741824$8$1$${salt}$${key}`, `scrypt$32768$8$99$${salt}$${key}`]) {
        expect(await verifyPassword(PASSWORD, bad), bad).toBe(false);
      }
    });

    it('checks unknown users against a decoy with today\'s parameters and sizes that matches nothing', async () => {
      const decoy = decoyHash();
      const real = await hashPassword(PASSWORD);
      expect(decoy.split('$').slice(0, 4)).toEqual(real.split('$').slice(0, 4));
      expect(decoy.split('$').map((part) => part.length)).toEqual(real.split('$').map((part) => part.length));
      expect(needsRehash(decoy)).toBe(false);
      expect(decoyHash()).not.toBe(decoy);
      expect(await verifyPassword(PASSWORD, decoy)).toBe(false);
    });

    it('reads older parameters from the stored string and says it should be redone', async () => {
      const older = await hashPassword(PASSWORD, { N: 2 ** 14, r: 8, p: 1 });
      expect(older.startsWith('scrypt$16384$8$1$')).toBe(true);
      expect(await verifyPassword(PASSWORD, older)).toBe(true);
      expect(needsRehash(older)).toBe(true);
      expect(needsRehash(await hashPassword(PASSWORD))).toBe(false);
    });
  });

  describe('the password policy', () => {
    it.each([
      ['too_short', 'ngắn quá 1'],
      ['one_character', 'a'.repeat(20)],
      ['one_character', 'ệ'.repeat(MIN_PASSWORD_LENGTH)],
      ['username', 'lan.nguyen.so'],
      ['username', 'LAN.NGUYEN.SO'],
      ['too_long', 'x'.repeat(1025) + 'y'],
    ])('rejects with password_weak (%s)', (reason, password) => {
      expect(refusal(() => assertPasswordPolicy(password, 'lan.nguyen.so'))).toEqual({ code: 'password_weak', reason });
    });

    it('counts characters, not bytes: twelve Vietnamese letters are enough', () => {
      expect(refusal(() => assertPasswordPolicy('ặằẳẵắạấầẩẫậđ', 'lan.nguyen'))).toBeNull();
      expect(refusal(() => assertPasswordPolicy('ặằẳẵắạấầẩẫậ', 'lan.nguyen'))).toEqual({ code: 'password_weak', reason: 'too_short' });
      expect(refusal(() => assertPasswordPolicy(PASSWORD, 'lan.nguyen'))).toBeNull();
    });
  });
});
