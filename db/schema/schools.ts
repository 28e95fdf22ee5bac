// School aggregate: the directory, each school's approved seal certificates and its API tokens.
import { sql } from 'drizzle-orm';
import { bigserial, check, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea, instant } from './columns.ts';

export const schools = pgTable('schools', {
  /** Mã trường: 8 digits. */
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  /** Mã tỉnh: 2 digits (34 provinces since 1/7/2025; older records carry the 63-province codes). */
  provinceCode: text('province_code').notNull(),
  district: text('district'),
  createdAt: instant('created_at').notNull(),
}, (t) => [
  check('schools_code_format', sql`${t.code} ~ '^[0-9]{8}$'`),
  check('schools_province_format', sql`${t.provinceCode} ~ '^[0-9]{2}$'`),
]);

/** Certificates the Sở approved for a school's CoSoGiaoDuc seal; withdrawal keeps the row (history). */
export const schoolCertificates = pgTable('school_certificates', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  schoolCode: text('school_code').notNull().references(() => schools.code),
  /** SHA-256 of the DER, lower-case hex. */
  fingerprint: text('fingerprint').notNull(),
  subject: text('subject').notNull(),
  issuer: text('issuer').notNull(),
  /** Upper-case hex. */
  serial: text('serial').notNull(),
  notBefore: instant('not_before').notNull(),
  notAfter: instant('not_after').notNull(),
  der: bytea('der').notNull(),
  approvedAt: instant('approved_at').notNull(),
  withdrawnAt: instant('withdrawn_at'),
}, (t) => [
  // One live approval per certificate and school; a withdrawn one may be approved again as a new row.
  uniqueIndex('school_certificates_active').on(t.schoolCode, t.fingerprint).where(sql`${t.withdrawnAt} is null`),
  index('school_certificates_fingerprint').on(t.fingerprint),
  check('school_certificates_fingerprint_format', sql`${t.fingerprint} ~ '^[0-9a-f]{64}$'`),
]);

/** Bearer tokens: only their SHA-256 is kept (32 random bytes need no slow hash). */
export const schoolTokens = pgTable('school_tokens', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  schoolCode: text('school_code').notNull().references(() => schools.code),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: instant('created_at').notNull(),
  revokedAt: instant('revoked_at'),
});

