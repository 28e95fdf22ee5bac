// SPEC §7 "what is signed is what is seen": each Reference must point at DuLieu, at this signature's own
// SignedProperties, or (Vietnamese form) at its own ds:SignatureProperties, with one C14N transform at most; the
// reference to DuLieu may put an enveloped-signature transform before it (the Vietnamese XML-DSig profile).
import { issue, type Issue } from '../errors.ts';
import { childElements } from '../xml/index.ts';
import { C14N_ALGORITHMS, DSIG_NS, SIGNED_PROPERTIES_TYPE } from './algorithms.ts';
import type { C14nOptions } from './c14n.ts';
import type { ReferencePart } from './read-signature.ts';

export type ReferenceKind = 'content' | 'signed-properties' | 'signature-properties';

export interface ResolvedReference {
  readonly part: ReferencePart;
  readonly kind: ReferenceKind;
  readonly target: Element;
  readonly c14n: C14nOptions;
}

export interface ReferenceContext {
  readonly index: number;
  readonly base: string;
  readonly signature: Element;
  readonly content: Element;
  readonly contentId: string;
  /** This signature's own SignedProperties, when found. */
  readonly signedProperties: Element | null;
}

const EXC_C14N_NS = 'http://www.w3.org/2001/10/xml-exc-c14n#';

export function resolveReferences(references: ReferencePart[], context: ReferenceContext): { resolved: ResolvedReference[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const resolved: ResolvedReference[] = [];
  const refuse = (part: ReferencePart) => issues.push(issue('reference_uri_refused', {
    signature: context.index, path: `${context.base}/${part.path}`, params: { uri: part.uri ?? '(no URI)', contentId: context.contentId },
  }));
  const seen = new Set<ReferenceKind>();
  for (const part of references) {
    const found = kindOf(part, context);
    // Each kind once: a second reference to the same thing has no purpose but to confuse a reader.
    if (!found || seen.has(found.kind)) {
      refuse(part);
      continue;
    }
    seen.add(found.kind);
    const c14n = transformOf(part, found.kind === 'content');
    if (typeof c14n === 'string') {
      issues.push(issue('transform_refused', {
        signature: context.index, path: `${context.base}/${part.path}/Transforms`, params: { algorithm: c14n },
      }));
      continue;
    }
    resolved.push({ part, kind: found.kind, target: found.target, c14n });
  }
  if (!seen.has('content')) {
    issues.push(issue('content_reference_missing', {
      signature: context.index, path: `${context.base}/SignedInfo`, params: { contentId: context.contentId },
    }));
  }
  // Without any SignedProperties element, findSignedProperties has already said so.
  if (!seen.has('signed-properties') && context.signedProperties) {
    issues.push(issue('signed_properties_missing', { signature: context.index, path: `${context.base}/SignedInfo` }));
  }
  return { resolved, issues };
}

// Only a bare-name `#Id` is accepted (an xpointer, `""` or external URI never matches): the content by the
// envelope's DuLieu Id, the others only inside this very ds:Signature.
function kindOf(part: ReferencePart, context: ReferenceContext): { kind: ReferenceKind; target: Element } | null {
  const uri = part.uri;
  if (uri === null || !uri.startsWith('#') || uri.length < 2) return null;
  const id = uri.slice(1);
  if (part.type === SIGNED_PROPERTIES_TYPE) {
    const own = context.signedProperties;
    return own && own.getAttribute('Id') === id ? { kind: 'signed-properties', target: own } : null;
  }
  if (id === context.contentId) return { kind: 'content', target: context.content };
  const target = signaturePropertiesById(context.signature, id);
  return target ? { kind: 'signature-properties', target } : null;
}

// The Vietnamese signing-time form: ds:Object/ds:SignatureProperties/ds:SignatureProperty/SigningTime, referenced by
// the Id of the Object, the SignatureProperties or one SignatureProperty; an Object must hold nothing else.
function signaturePropertiesById(signature: Element, id: string): Element | null {
  for (const object of childElements(signature, DSIG_NS, 'Object')) {
    const lists = childElements(object, DSIG_NS, 'SignatureProperties');
    if (object.getAttribute('Id') === id) return lists.length > 0 && lists.length === elementCount(object) ? object : null;
    for (const list of lists) {
      if (list.getAttribute('Id') === id) return list;
      for (const property of childElements(list, DSIG_NS, 'SignatureProperty')) if (property.getAttribute('Id') === id) return property;
    }
  }
  return null;
}

function elementCount(parent: Element): number {
  let count = 0;
  for (let child = parent.firstChild; child; child = child.nextSibling) if (child.nodeType === 1) count++;
  return count;
}

export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/**
 * The c14n of a reference (no Transforms: inclusive c14n), or the refused algorithm URI. The content reference may
 * begin with enveloped-signature, as Vietnamese e-invoice tools write it: it removes the ds:Signature holding it from
 * the referenced node-set, and a signature sits in its CKS slot, never inside DuLieu (the envelope refuses that), so
 * over DuLieu it removes nothing and the digest is the c14n's. Anywhere else (a ds:Object inside the signature) it
 * would empty what is signed: refused there.
 */
export function transformOf(part: ReferencePart, content: boolean): C14nOptions | string {
  const enveloped = content && part.transforms[0]?.getAttribute('Algorithm') === ENVELOPED_SIGNATURE ? 1 : 0;
  const rest = part.transforms.slice(enveloped);
  if (rest.length === 0) return { exclusive: false, withComments: false };
  if (rest.length > 1) return part.transforms.map((t) => t.getAttribute('Algorithm') ?? '?').join(' + ');
  const transform = rest[0]!;
  const algorithm = transform.getAttribute('Algorithm') ?? '';
  const known = C14N_ALGORITHMS.get(algorithm);
  if (!known) return algorithm || '(no Algorithm)';
  const prefixes = known.exclusive ? prefixListOf(transform) : [];
  // A bare-name reference yields its subtree without comments (XMLDSig §4.4.3.3), whatever the c14n variant says.
  return { exclusive: known.exclusive, withComments: false, inclusivePrefixes: prefixes };
}

export function prefixListOf(method: Element): string[] {
  const list = childElements(method, EXC_C14N_NS, 'InclusiveNamespaces')[0]?.getAttribute('PrefixList') ?? '';
  return list.split(/[ \t\r\n]+/).filter((prefix) => prefix !== '');
}
