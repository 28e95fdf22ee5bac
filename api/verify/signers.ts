// Who signed, as the certificates say (SPEC §6): per role, the signers of the verification report next to the
// person the record's content names for that role. A name written in the content is shown as written, never
// as a signer it is not. One pure function for the record page, the PDF and ingest's warning.
import { issue, type Issue } from '../errors.ts';
import type { Report, SignatureReport } from './report.ts';

/** SPEC §7 roles, in the order a reader expects them: the school, the principal, the homeroom teacher, subject teachers. */
const SIGNING_ROLES = ['CoSoGiaoDuc', 'HieuTruong', 'GVCN', 'GVBM'] as const;
export type SigningRole = (typeof SIGNING_ROLES)[number];

/** What this needs of one signature: the report's SignatureReport and the renderer's SignatureInfo both fit. */
export interface SignatureFacts {
  readonly role: string | null;
  /** The certificate's CN. */
  readonly signerName: string | null;
  /** The certificate's O. */
  readonly organisation: string | null;
  /** ISO 8601, as claimed in the signed properties. */
  readonly signingTime: string | null;
  /** Absent: a signature the registry accepted (a stored record's). */
  readonly verdict?: 'valid' | 'invalid' | 'indeterminate';
}

/** A person named in the content for a role (the paper template's signatory). */
export interface NamedPerson {
  readonly name: string;
  readonly title: string;
}

export interface RoleSigner {
  readonly name: string | null;
  readonly organisation: string | null;
  readonly signingTime: string | null;
  /** False for a signature that did not verify: listed, never counted as signed. */
  readonly valid: boolean;
}

/**
 * - `signed`: a valid signature in this role whose certificate names the person the content names (or, for a
 *   role the content names nobody for, any valid signature);
 * - `signed_by_other`: valid signatures in this role, none by the person named in the content — lawful when a
 *   deputy signs on the principal's behalf ("KT. Hiệu trưởng"), and said so, never hidden;
 * - `school_seal_only`: the principal's role has no personal signature, but the school signed with its
 *   organisation certificate (the certificate names the school, not a person);
 * - `not_signed`: no valid signature in this role.
 */
export type SigningNote = 'signed' | 'signed_by_other' | 'school_seal_only' | 'not_signed';

export interface RoleSigning {
  readonly role: SigningRole;
  /** Who signed in this role, as the certificates say. */
  readonly signers: readonly RoleSigner[];
  /** The person the content names for this role (GVCN: homeroom teacher, HieuTruong: principal); null otherwise. */
  readonly named: NamedPerson | null;
  /** The content's title marks a deputy or acting signature (KT., Q., TL., TUQ., phó hiệu trưởng). */
  readonly onBehalf: boolean;
  readonly note: SigningNote;
}

/** The record content's signatories (HocBaRecord has both; a record that could not be read has none). */
export interface NamedSignatories {
  readonly homeroomTeacher?: NamedPerson;
  readonly principal?: NamedPerson;
}

/**
 * Per role: who signed (certificates) and who is named (content), with the note that tells them apart.
 * Roles with neither a signer nor a named person are left out; the order is SIGNING_ROLES'.
 */
export function signingByRole(signatures: readonly SignatureFacts[], record: NamedSignatories | null): RoleSigning[] {
  const named: Partial<Record<SigningRole, NamedPerson>> = {};
  if (record?.homeroomTeacher?.name) named.GVCN = record.homeroomTeacher;
  if (record?.principal?.name) named.HieuTruong = record.principal;
  const sealed = signatures.some((found) => found.role === 'CoSoGiaoDuc' && found.verdict !== 'invalid' && found.verdict !== 'indeterminate');
  const out: RoleSigning[] = [];
  for (const role of SIGNING_ROLES) {
    const signers = signatures.filter((found) => found.role === role).map((found): RoleSigner => ({
      name: found.signerName, organisation: found.organisation, signingTime: found.signingTime,
      valid: found.verdict === undefined || found.verdict === 'valid',
    }));
    const person = named[role] ?? null;
    if (signers.length === 0 && !person) continue;
    const valid = signers.filter((signer) => signer.valid);
    let note: SigningNote;
    if (valid.length === 0) note = role === 'HieuTruong' && sealed ? 'school_seal_only' : 'not_signed';
    else if (!person || valid.some((signer) => signer.name !== null && sameName(signer.name, person.name))) note = 'signed';
    else note = 'signed_by_other';
    out.push({ role, signers, named: person, onBehalf: person ? isOnBehalf(person.title) : false, note });
  }
  return out;
}

/**
 * Ingest's warning (SPEC §7: only the school may judge it): a person named in the content for a role who did
 * not sign, while someone else did. Never a reason to refuse: a deputy may sign lawfully.
 */
export function signerMismatchWarnings(signatures: readonly SignatureFacts[], record: NamedSignatories | null): Issue[] {
  return signingByRole(signatures, record)
    .filter((found) => found.note === 'signed_by_other' && found.named)
    .map((found) => issue('signer_not_named', {
      path: found.role === 'GVCN' ? 'XacNhan/GiaoVienChuNhiem' : 'XacNhan/HieuTruong',
      params: {
        role: found.role,
        named: found.named!.name,
        signer: found.signers.filter((signer) => signer.valid).map((signer) => signer.name ?? '?').join(', '),
      },
    }));
}

/** The report's signatures as this module reads them (certificate CN and O, signing time, verdict). */
export function toSignatureFacts(signatures: readonly SignatureReport[]): SignatureFacts[] {
  return signatures.map((found) => ({
    role: found.role, signerName: found.signer?.commonName ?? null, organisation: found.signer?.organisation ?? null,
    signingTime: found.signingTime, verdict: found.verdict,
  }));
}

/** signerMismatchWarnings of a verification report: what ingest adds to the report's warnings. */
export function signerWarningsOf(report: Pick<Report, 'signatures' | 'record'>): Issue[] {
  return signerMismatchWarnings(toSignatureFacts(report.signatures), report.record);
}

/** Certificates often carry names in capitals or without diacritics: compared by letters only, case and marks aside. */
export function sameName(a: string, b: string): boolean {
  return foldName(a) === foldName(b);
}

function foldName(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** "KT. Hiệu trưởng", "Q. Hiệu trưởng", "TL./TUQ. Hiệu trưởng", "Phó hiệu trưởng": signing for the principal. */
function isOnBehalf(title: string): boolean {
  const folded = foldName(title);
  return /^(kt|q|tl|tuq)\b/.test(folded) || /\bpho hieu truong\b/.test(folded);
}
