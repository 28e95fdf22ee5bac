// Province accounts on a national instance (issue 19): a registry-to-registry bearer token per Sở, scoped to its
// province, made by `hocba province add` and shown once, like a school's token (schools.ts).
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { provinceTokens } from '../../db/schema/index.ts';
import { HocbaError } from '../errors.ts';
import { provinceAt, PROVINCES_2025 } from '../record/provinces.ts';
import { appendEvent } from './audit.ts';
import { sha256Hex } from '../byte-digests.ts';
import type { RegistryContext } from './context.ts';
import type { OperatorOptions } from './types.ts';

/** A new token for one of the 34 provinces; earlier tokens of the province stay valid until revoked. */
export async function addProvinceAccount(ctx: RegistryContext, provinceCode: string, options: OperatorOptions = {}): Promise<{ provinceCode: string; tokenId: number; token: string }> {
  assertProvince(provinceCode);
  const at = options.now ?? ctx.clock();
  const token = randomBytes(32).toString('base64url');
  const tokenId = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(provinceTokens).values({ provinceCode, tokenHash: sha256Hex(token), createdAt: at }).returning({ id: provinceTokens.id });
    await appendEvent(tx, { at, actor: options.actor ?? 'operator', kind: 'province_add', subject: provinceCode, detail: { name: PROVINCES_2025[provinceCode]!, tokenId: row!.id } });
    return row!.id;
  });
  return { provinceCode, tokenId, token };
}

/**
 * Revokes every live token of a province (a Sở's credential leaked, or its account closed), or one token by the id
 * `province add` printed (one of several kept while a new one is rolled out). Journaled with the ids; a target with
 * no live token is refused `province_token_unknown`, so a typo never reads as a revocation. The check in
 * authenticateProvince refuses a revoked token from the next request on.
 */
export async function revokeProvinceTokens(
  ctx: RegistryContext, target: { readonly provinceCode: string } | { readonly tokenId: number }, options: OperatorOptions = {},
): Promise<{ provinceCode: string; tokenIds: number[] }> {
  if ('provinceCode' in target) assertProvince(target.provinceCode);
  const at = options.now ?? ctx.clock();
  const which = 'provinceCode' in target ? eq(provinceTokens.provinceCode, target.provinceCode) : eq(provinceTokens.id, target.tokenId);
  return ctx.db.transaction(async (tx) => {
    const ended = await tx.update(provinceTokens).set({ revokedAt: at }).where(and(which, isNull(provinceTokens.revokedAt)))
      .returning({ id: provinceTokens.id, provinceCode: provinceTokens.provinceCode });
    if (ended.length === 0) {
      throw new HocbaError('province_token_unknown', { params: { target: 'provinceCode' in target ? target.provinceCode : `#${target.tokenId}` } });
    }
    const provinceCode = ended[0]!.provinceCode;
    const tokenIds = ended.map((row) => row.id).sort((a, b) => a - b);
    await appendEvent(tx, { at, actor: options.actor ?? 'operator', kind: 'province_revoke', subject: provinceCode, detail: { tokenIds } });
    return { provinceCode, tokenIds };
  });
}

function assertProvince(provinceCode: string): void {
  if (!(provinceCode in PROVINCES_2025)) throw new HocbaError('province_code_invalid', { params: { province: provinceCode.slice(0, 8) } });
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
