// Trust aggregate: the CAs the registry trusts and the revocation lists it has loaded.
import { sql } from 'drizzle-orm';
import { bigserial, check, index, pgTable, text } from 'drizzle-orm/pg-core';
import { bytea, instant } from './columns.ts';

/** Trust list: anchors (roots such as NEAC, VGCA) and intermediates used to build chains. */
export const trustedCas = pgTable('trusted_cas', {
  /** SHA-256 of the DER, lower-case hex. */
  fingerprint: text('fingerprint').primaryKey(),
  subject: text('subject').notNull(),
  issuer: text('issuer').notNull(),
  role: text('role').notNull(),
  der: bytea('der').notNull(),
  addedAt: instant('added_at').notNull(),
}, (t) => [
  check('trusted_cas_role', sql`${t.role} in ('anchor', 'intermediate')`),
]);

/** Every CRL ever loaded is kept; trust material uses the newest per issuer. */
export const crls = pgTable('crls', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  issuer: text('issuer').notNull(),
  fingerprint: text('fingerprint').notNull().unique(),
  thisUpdate: instant('this_update').notNull(),
  nextUpdate: instant('next_update'),
  der: bytea('der').notNull(),
  loadedAt: instant('loaded_at').notNull(),
}, (t) => [index('crls_issuer').on(t.issuer, t.thisUpdate)]);

