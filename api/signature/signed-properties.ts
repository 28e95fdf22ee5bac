// XAdES signed properties of one signature: where they are, the signing time and the claimed role (SPEC §7).
import { issue, type Issue } from '../errors.ts';
import { childElements, descendants, textOf } from '../xml/index.ts';
import { DSIG_NS, XADES_NS } from './algorithms.ts';
import type { Where } from './where.ts';

export const ROLES = ['CoSoGiaoDuc', 'HieuTruong', 'GVCN', 'GVBM'] as const;
export type Role = (typeof ROLES)[number];

const PROPERTIES_PATH = 'Object/QualifyingProperties/SignedProperties';

/** The one ds:Object/xades:QualifyingProperties/xades:SignedProperties inside this very ds:Signature. */
export function findSignedProperties(signature: Element, where: Where): { element: Element | null; issues: Issue[] } {
  const qualifying = childElements(signature, DSIG_NS, 'Object').flatMap((object) => childElements(object, XADES_NS, 'QualifyingProperties'));
  const signed = qualifying.flatMap((element) => childElements(element, XADES_NS, 'SignedProperties'));
  if (qualifying.length !== 1 || signed.length !== 1) {
    return { element: null, issues: [issue('signed_properties_missing', { signature: where.index, path: `${where.base}/${PROPERTIES_PATH}` })] };
  }
  const target = qualifying[0]!.getAttribute('Target');
  const id = signature.getAttribute('Id') ?? '';
  if (target !== null && target !== `#${id}`) {
    return {
      element: signed[0]!,
      issues: [issue('signed_properties_target', { signature: where.index, path: `${where.base}/Object/QualifyingProperties`, params: { target, id } })],
    };
  }
  return { element: signed[0]!, issues: [] };
}

/** SignedSignatureProperties, the parent of SigningTime, SigningCertificate(V2) and SignerRole(V2). */
export function signatureProperties(signedProperties: Element): Element | null {
  return childElements(signedProperties, XADES_NS, 'SignedSignatureProperties')[0] ?? null;
}

/** XAdES SigningTime, else the Vietnamese ds:SignatureProperty/SigningTime of a signed (referenced) ds:Object. */
export function readSigningTime(properties: Element | null, referenced: Element[], where: Where): { time: Date | null; issues: Issue[] } {
  const xades = properties ? childElements(properties, XADES_NS, 'SigningTime')[0] : undefined;
  // Only looked for without XAdES's: the walk covers the whole signed record.
  const vietnamese = xades ? undefined : firstVietnameseSigningTime(referenced);
  const element = xades ?? vietnamese;
  // Without XAdES properties (the Vietnamese profile) the time belongs in the signed ds:Object.
  const path = `${where.base}/${!xades && (vietnamese || !properties) ? 'Object/SignatureProperties/SignatureProperty/SigningTime' : `${PROPERTIES_PATH}/SignedSignatureProperties/SigningTime`}`;
  if (!element) return { time: null, issues: [issue('signing_time_missing', { signature: where.index, path })] };
  const value = textOf(element).trim();
  const time = parseDateTime(value);
  if (!time) return { time: null, issues: [issue('signing_time_invalid', { signature: where.index, path, params: { value: value.slice(0, 64) } })] };
  return { time, issues: [] };
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** xsd:dateTime; without an offset the time is read as Vietnam time (UTC+07:00), as Vietnamese signers write it. */
export function parseDateTime(value: string): Date | null {
  const match = DATE_TIME.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction = '', zone = '+07:00'] = match;
  const time = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction.slice(0, 4)}${zone}`);
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  // Date() rolls 2025-02-30 over to March: compare the calendar date to refuse it.
  if (Number.isNaN(time.getTime()) || calendar.getUTCDate() !== Number(day) || Number(hour) > 23) return null;
  return time;
}

/** SignerRole(V2)/ClaimedRoles/ClaimedRole: exactly one of the four roles. */
export function readRole(properties: Element | null, where: Where): { role: string | null; issues: Issue[] } {
  const path = `${where.base}/${PROPERTIES_PATH}/SignedSignatureProperties/SignerRole`;
  const containers = properties
    ? [...childElements(properties, XADES_NS, 'SignerRole'), ...childElements(properties, XADES_NS, 'SignerRoleV2')]
    : [];
  const claimed = containers.flatMap((role) => childElements(role, XADES_NS, 'ClaimedRoles'))
    .flatMap((roles) => childElements(roles, XADES_NS, 'ClaimedRole'))
    .map((element) => textOf(element).trim());
  return roleOfClaims(claimed, where, path);
}

/** The one role the signed claims name (XAdES ClaimedRole or the profile's VaiTro): none, several or an unknown one is an issue. */
export function roleOfClaims(claimed: readonly string[], where: Where, path: string): { role: string | null; issues: Issue[] } {
  const distinct = [...new Set(claimed)];
  if (distinct.length === 0) return { role: null, issues: [issue('role_missing', { signature: where.index, path })] };
  if (distinct.length > 1) {
    return { role: null, issues: [issue('role_ambiguous', { signature: where.index, path, params: { roles: distinct.join(', ').slice(0, 200) } })] };
  }
  const role = distinct[0]!;
  if (!(ROLES as readonly string[]).includes(role)) {
    return { role, issues: [issue('role_unknown', { signature: where.index, path, params: { role: role.slice(0, 64) } })] };
  }
  return { role, issues: [] };
}

/**
 * The first ds:SignatureProperty/SigningTime in the referenced targets, in their order and document order; a walk
 * that stops there (copying every element of the record into an array first was a tenth of what verifying a record
 * allocated, issue 14).
 */
function firstVietnameseSigningTime(referenced: readonly Element[]): Element | undefined {
  for (const target of referenced) {
    for (const element of descendants(target)) {
      const parent = element.parentNode as Element;
      if (element.localName === 'SigningTime' && parent.localName === 'SignatureProperty' && parent.namespaceURI === DSIG_NS) return element;
    }
  }
  return undefined;
}
