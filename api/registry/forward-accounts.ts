// Province accounts on a national instance (issue 19): a registry-to-registry bearer token per Sở, scoped to its
// province, made by `hocba province add` and shown once, like a school's token (schools.ts).
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { provinceTokens } from '../../db/schema/index.ts';
import { HocbaError } from '../errors.ts';
import { provinceAt, PROVINCES_2025 } from '../record/provinces.ts';
import { appendEvent } from './audit.ts';
import { sha256Hex } from './certificates.ts';
import type { RegistryContext } from './context.ts';
import type { OperatorOptions } from './types.ts';

/** A new token for one of the 34 provinces; earlier tokens of the province stay valid until revoked. */
export async function addProvinceAccount(ctx: RegistryContext, provinceCode: string, options: OperatorOptions = {}): Promise<{ provinceCode: string; token: string }> {
  if (!(provinceCode in PROVINCES_2025)) throw new HocbaError('province_code_invalid', { params: { province: provinceCode.slice(0, 8) } });
  const at = options.now ?? ctx.clock();
  const token = randomBytes(32).toString('base64url');
  await ctx.db.transaction(async (tx) => {
    await tx.insert(provinceTokens).values({ provinceCode, tokenHash: sha256Hex(token), createdAt: at });
    await appendEvent(tx, { at, actor: options.actor ?? 'operator', kind: 'province_add', subject: provinceCode, detail: { name: PROVINCES_2025[provinceCode]! } });
  });
  return { provinceCode, token };
}

export async function authenticateProvince(ctx: RegistryContext, token: string): Promise<{ provinceCode: string } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await ctx.db.select({ provinceCode: provinceTokens.provinceCode }).from(provinceTokens)
    .where(and(eq(provinceTokens.tokenHash, sha256Hex(token)), isNull(provinceTokens.revokedAt))).limit(1);
  return row ?? null;
}

/**
 * A school code's first two digits are its province's code (record-format.md, MaTruong); a school of a province
 * merged on 1/7/2025 keeps its old prefix, so the prefix is read as the province it is part of today.
 */
export function isSchoolOfProvince(schoolCode: string, provinceCode: string): boolean {
  if (!/^[0-9]{8}$/.test(schoolCode)) return false;
  return provinceAt(schoolCode.slice(0, 2), new Date())?.now.code === provinceCode;
}
