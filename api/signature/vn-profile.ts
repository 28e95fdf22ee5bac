// The Vietnamese XML-DSig profile (SPEC §7, docs/record-format.md §1.1): a plain XML-DSig as e-invoice tools make
// it, whose signing time and — for a record — signer's role sit in its own signed ds:Object/ds:SignatureProperties.
import { issue, type Issue } from '../errors.ts';
import { HOCBA_NS } from '../record/envelope.ts';
import { childElements, descendants, textOf } from '../xml/index.ts';
import { DSIG_NS, XADES_NS } from './algorithms.ts';
import { roleOfClaims } from './signed-properties.ts';
import type { Where } from './where.ts';

/** The element that carries the role inside a ds:SignatureProperty, in the record's namespace. */
export const ROLE_PROPERTY = 'VaiTro';

const ROLE_PATH = 'Object/SignatureProperties/SignatureProperty/VaiTro';

/**
 * XAdES when any ds:Object holds xades:QualifyingProperties, else the Vietnamese profile. A XAdES signature whose
 * QualifyingProperties an attacker removed is then read as the profile and still needs its role signed in a
 * SignatureProperty, so nothing gets easier by removing them.
 */
export function isXades(signature: Element): boolean {
  return childElements(signature, DSIG_NS, 'Object').some((object) => childElements(object, XADES_NS, 'QualifyingProperties').length > 0);
}

/**
 * The role of a profile signature: `<VaiTro xmlns="urn:hocba:hoc-ba-so:1">` directly in a ds:SignatureProperty that a
 * reference of this signature covers (`referenced`: the Object, SignatureProperties or SignatureProperty it names).
 * A VaiTro anywhere else in the signature's Objects — beside a signed one or alone — is `role_not_signed`: a reader
 * could show it, and the signature does not vouch for it. Work: one walk of the referenced targets and one of the
 * signature's Objects.
 */
export function readPropertyRole(signature: Element, referenced: readonly Element[], where: Where): { role: string | null; issues: Issue[] } {
  const covered = new Set<Element>();
  for (const target of referenced) for (const element of descendants(target)) covered.add(element);
  const path = `${where.base}/${ROLE_PATH}`;
  for (const object of childElements(signature, DSIG_NS, 'Object')) {
    for (const element of descendants(object)) {
      if (element.localName === ROLE_PROPERTY && !covered.has(element)) return { role: null, issues: [issue('role_not_signed', { signature: where.index, path })] };
    }
  }
  // Covered but in another namespace or not directly in a SignatureProperty: not the role's slot (role_missing).
  const signed = [...covered].filter(isSignedRole);
  return roleOfClaims(signed.map((element) => textOf(element).trim()), where, path);
}

function isSignedRole(element: Element): boolean {
  const parent = element.parentNode as Element | null;
  return element.localName === ROLE_PROPERTY && element.namespaceURI === HOCBA_NS
    && parent !== null && parent.localName === 'SignatureProperty' && parent.namespaceURI === DSIG_NS;
}
