// Operator passwords (issue 6: "stored only as strong hashes; comparisons in constant time"): scrypt with a
// random salt, kept as a self-describing `scrypt$N$r$p$salt$hash` string so the cost can be raised later.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { HocbaError } from '../errors.ts';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** 2^15 × 8 × 128 B = 32 MiB and roughly 50-100 ms per hash: the OWASP minimum for scrypt, doubled. */
export const PASSWORD_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Bounds a stored string may ask for: a forged row must not make one login cost gigabytes (128·N·r bytes). */
const MAX_MEMORY = 256 * 1024 * 1024;
const MAX_P = 16;
const STORED = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

/** What a person typed, in one Unicode form: a Vietnamese password typed on two keyboards is the same password. */
function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

export async function hashPassword(password: string, params: ScryptParams = PASSWORD_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(normalizePassword(password), salt, params, HASH_BYTES);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * Whether `password` matches `stored`. Always derives a key of the stored length and compares with
 * timingSafeEqual; an unreadable stored string still costs one derivation and answers false.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  const params = parsed?.params ?? PASSWORD_PARAMS;
  const salt = parsed?.salt ?? randomBytes(SALT_BYTES);
  const expected = parsed?.hash ?? randomBytes(HASH_BYTES);
  const actual = await derive(normalizePassword(password), salt, params, expected.length);
  return timingSafeEqual(actual, expected) && parsed !== null;
}

/** Whether a stored hash was made with other parameters than today's (then it is redone at the next login). */
export function needsRehash(stored: string): boolean {
  const parsed = parseStored(stored);
  return parsed === null || parsed.params.N !== PASSWORD_PARAMS.N || parsed.params.r !== PASSWORD_PARAMS.r || parsed.params.p !== PASSWORD_PARAMS.p;
}

/**
 * What an unknown username is checked against: today's parameters with a random salt and key, so checking
 * costs exactly one derivation like a real account's (and matches nothing). Made without hashing: a real
 * hash made on first use would make the first unknown username cost twice.
 */
export function decoyHash(): string {
  const { N, r, p } = PASSWORD_PARAMS;
  return `scrypt$${N}$${r}$${p}$${randomBytes(SALT_BYTES).toString('base64')}$${randomBytes(HASH_BYTES).toString('base64')}`;
}

/** Obviously weak passwords are refused: too short, one character repeated, the username itself. */
export function assertPasswordPolicy(password: string, username: string): void {
  const text = normalizePassword(password);
  const characters = [...text];
  const weak = (reason: string) => new HocbaError('password_weak', { params: { reason, min: MIN_PASSWORD_LENGTH } });
  if (characters.length < MIN_PASSWORD_LENGTH) throw weak('too_short');
  if (characters.length > MAX_PASSWORD_LENGTH) throw weak('too_long');
  if (new Set(characters).size === 1) throw weak('one_character');
  const name = username.toLowerCase();
  const bare = name.replace(/[^a-z0-9]/g, '');
  const folded = text.toLowerCase();
  if (folded === name || (bare !== '' && folded.replace(/[^\p{L}\p{N}]/gu, '') === bare)) throw weak('username');
}

function parseStored(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
  const match = STORED.exec(stored);
  if (!match) return null;
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const powerOfTwo = N >= 2 && (N & (N - 1)) === 0;
  if (!powerOfTwo || r < 1 || p < 1 || p > MAX_P || 128 * N * r > MAX_MEMORY) return null;
  const salt = Buffer.from(match[4]!, 'base64');
  const hash = Buffer.from(match[5]!, 'base64');
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return null;
  return { params: { N, r, p }, salt, hash };
}

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParams, length: number): Promise<Buffer> {
  // Node's default maxmem (32 MiB) is exactly 128·N·r at N = 2^15, which it refuses: leave room.
  const options: ScryptOptions = { N, r, p, maxmem: 128 * N * r + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
