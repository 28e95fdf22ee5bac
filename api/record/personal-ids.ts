// Personal identification numbers (SPEC §9, Decree 13/2023): the ONE home of how they are hidden and checked.
// No answer to a requester who holds only the lookup code shows one whole — the student's or a signer's
// (`UID=CCCD:` in a certificate subject): last four digits only. A leaf module (no imports), so the registry
// (masking at rest), the renderer (the PDF) and the portal all use the same mask.
import { timingSafeEqual } from 'node:crypto';

/** The character that stands for a hidden digit, everywhere (API JSON, pages, PDF). */
const MASK_CHAR = '*';
/** Căn cước công dân / mã định danh cá nhân: 12 digits. */
export const PERSONAL_ID_PATTERN = /^[0-9]{12}$/;

/** `********1234`: all but the last four digits hidden; anything of four characters or fewer is shown as it is. */
export function maskPersonalId(id: string): string {
  return id.length <= 4 ? id : `${MASK_CHAR.repeat(id.length - 4)}${id.slice(-4)}`;
}

/** The mask of a 12-digit id of which only the last four digits are kept (what the registry stores). */
export function maskFromLastFour(lastFour: string): string {
  return `${MASK_CHAR.repeat(8)}${lastFour}`;
}

/**
 * Hides personal ids inside any text: `CCCD:<digits>` (a certificate subject, whatever the length) and every
 * occurrence of the `known` ids (the student's, the signers'), wherever they stand.
 */
export function maskPersonalIdsInText(text: string, known: readonly string[] = []): string {
  // Every string of every answer passes here (issue 13 profile): no regex run on text that has no `CCCD:`.
  let out = text.includes('CCCD:') ? text.replace(/(CCCD:)([0-9]{5,})/g, (_all, label: string, digits: string) => `${label}${maskPersonalId(digits)}`) : text;
  for (const id of known) {
    if (id.length > 4 && out.includes(id)) out = out.split(id).join(maskPersonalId(id));
  }
  return out;
}

/**
 * The same over a JSON value (content, report), by value rather than by path, so the mask holds whatever
 * shape the record model gives it. Keys are kept; every string leaf is masked.
 */
export function maskPersonalIdsIn<T>(value: T, known: readonly string[] = []): T {
  const ids = [...new Set(known.filter((id) => id.length > 4))];
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return maskPersonalIdsInText(node, ids);
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      // A plain loop, not fromEntries(entries().map()): three fewer arrays per object of every answer.
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(node)) {
        const child = walk((node as Record<string, unknown>)[key]);
        if (key === '__proto__') Object.defineProperty(out, key, { value: child, enumerable: true, writable: true, configurable: true });
        else out[key] = child;
      }
      return out;
    }
    return node;
  };
  return walk(value) as T;
}

/** The signers' personal ids carried by a report (`signatures[].signer.personalId`, the chains' subjects). */
export function signerPersonalIds(report: { readonly signatures: readonly { readonly signer: { readonly personalId: string | null } | null }[] }): string[] {
  return report.signatures.flatMap((signature) => (signature.signer?.personalId ? [signature.signer.personalId] : []));
}

/** The last four digits of an id (what the registry keeps in a column), or null when it has fewer. */
export function lastFourOf(personalId: string | null): string | null {
  const digits = personalId?.replace(/\D/g, '') ?? '';
  return digits.length >= 4 ? digits.slice(-4) : null;
}

/**
 * The student's id and every signer's (`UID=CCCD:` subjects, `signer.personalId` of a report) hidden in a
 * report or a record's content: what the registry stores, and what the doors show of an XML read again.
 */
export function maskRecordPersonalIds<T>(value: T, personalId: string | null): T {
  const signers = value !== null && typeof value === 'object' && Array.isArray((value as Record<string, unknown>).signatures)
    ? signerPersonalIds(value as unknown as Parameters<typeof signerPersonalIds>[0]) : [];
  return maskLifelongCode(maskPersonalIdsIn(value, [...(personalId ? [personalId] : []), ...signers]));
}

/**
 * The lifelong learning-record code (Decree 88/2026) is tied to the personal id, so it is hidden like it: last four
 * characters only. By its field, in a record or a report's record, not by value: a code of 8 capitals and digits
 * could stand inside a lookup code, which a mask by value would break.
 */
export function maskLifelongCode<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const node = value as Record<string, unknown>;
  if (typeof node.lifelongCode === 'string') return { ...node, lifelongCode: maskPersonalId(node.lifelongCode) } as T;
  const record = node.record;
  if (record !== null && typeof record === 'object' && typeof (record as Record<string, unknown>).lifelongCode === 'string') {
    return { ...node, record: maskLifelongCode(record) } as T;
  }
  return value;
}

/**
 * Does the requester know the student's id? Constant time in the content of both (the lengths are public:
 * 12 digits), so the answer time does not tell how many leading digits were right.
 */
export function samePersonalId(claimed: string, actual: string): boolean {
  const a = Buffer.from(claimed.padEnd(12, '\0').slice(0, 64), 'utf8');
  const b = Buffer.from(actual.padEnd(12, '\0').slice(0, 64), 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b) && claimed.length === actual.length;
}
