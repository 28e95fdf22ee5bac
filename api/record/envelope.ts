// The fixed envelope of SPEC §7: HocBaSo › DuLieu[@Id] + DSCKS › CKS › ds:Signature, and its wrapping defences.
import { issue, type Issue } from '../errors.ts';
import { childElements, descendants } from '../xml/index.ts';

export const HOCBA_NS = 'urn:hocba:hoc-ba-so:1';
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const SUPPORTED_VERSIONS = ['1.0'] as const;

export interface Envelope {
  readonly root: Element;
  /** The root's one DuLieu child: the only element signatures may cover and content is read from. */
  readonly content: Element;
  readonly contentId: string;
  /** DSCKS, absent before signing. */
  readonly signatureList: Element | null;
  /** The ds:Signature of each CKS slot, in document order. */
  readonly signatures: Element[];
}

export type EnvelopeResult = { envelope: Envelope; issues: [] } | { envelope: null; issues: Issue[] };

const ID_ATTRIBUTES = ['Id', 'ID', 'id'];
const ID_ATTRIBUTES_AND_XML_ID = [...ID_ATTRIBUTES, 'xml:id'];
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export function readEnvelope(document: Document): EnvelopeResult {
  const root = document.documentElement;
  const issues: Issue[] = [];
  if (root.namespaceURI !== HOCBA_NS || root.localName !== 'HocBaSo') {
    return fail(issue('envelope_root', { params: { found: `{${root.namespaceURI ?? ''}}${root.localName}` } }));
  }
  const version = root.getAttribute('PhienBan') ?? '';
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(version)) {
    issues.push(issue('envelope_version', { params: { found: version } }));
  }
  issues.push(...findStrayContent(document), ...findDuplicateIds(root), ...findStrayElements(root));

  const contents = childElements(root, HOCBA_NS, 'DuLieu');
  const content = contents[0];
  const contentId = content?.getAttribute('Id') ?? '';
  if (!content || contentId === '') issues.push(issue('envelope_content_missing'));

  const lists = childElements(root, HOCBA_NS, 'DSCKS');
  const signatureList = lists[0] ?? null;
  const signatures: Element[] = [];
  if (signatureList) {
    childElements(signatureList, HOCBA_NS, 'CKS').forEach((slot, i) => {
      const held = elementChildren(slot);
      const only = held[0];
      if (held.length === 1 && only!.namespaceURI === DSIG_NS && only!.localName === 'Signature') signatures.push(only!);
      else issues.push(issue('envelope_slot_content', { params: { index: i + 1 } }));
    });
  }
  if (issues.length > 0 || !content) return { envelope: null, issues };
  return { envelope: { root, content, contentId, signatureList, signatures }, issues: [] };
}

function fail(found: Issue): EnvelopeResult {
  return { envelope: null, issues: [found] };
}

// xml:id counts too: libxml2 makes every xml:id an ID, so xmlsec1 (told `--id-attr:Id DuLieu`) fails when an xml:id
// anywhere already holds DuLieu's Id.
function findDuplicateIds(root: Element): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const element of descendants(root)) {
    for (const name of ID_ATTRIBUTES_AND_XML_ID) {
      const value = name === 'xml:id' ? element.getAttributeNS(XML_NS, 'id') : element.getAttribute(name);
      if (value === null) continue;
      if (seen.has(value)) issues.push(issue('envelope_duplicate_id', { params: { id: value, attribute: name, path: pathOf(element) } }));
      seen.add(value);
    }
  }
  return issues;
}

// SPEC §7 "what is signed is what is seen": outside DuLieu and the signatures the envelope holds nothing but
// whitespace: no comment, text, CDATA or attribute a reader might take for part of the record (a certificate hidden
// in a trailing comment once reached the bundle). Only the root's PhienBan and namespace declarations are attributes.
// Nodes of other kinds before the root (a <?xml-stylesheet?> of the Vietnamese profile) are the parser's to admit.
function findStrayContent(document: Document): Issue[] {
  const issues: Issue[] = [];
  for (let node = document.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 8) issues.push(issue('envelope_unexpected_content', { path: '/', params: { found: '#comment' } }));
  }
  const root = document.documentElement;
  const lists = childElements(root, HOCBA_NS, 'DSCKS');
  const slots = lists.flatMap((list) => childElements(list, HOCBA_NS, 'CKS'));
  for (const element of [root, ...lists, ...slots]) {
    const path = pathOf(element);
    for (let node = element.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 1 || ((node.nodeType === 3) && !NOT_BLANK.test(node.nodeValue ?? ''))) continue;
      issues.push(issue('envelope_unexpected_content', { path, params: { found: node.nodeName } }));
    }
    for (const attribute of Array.from(element.attributes)) {
      if (attribute.namespaceURI === XMLNS_NS || (element === root && attribute.name === 'PhienBan')) continue;
      issues.push(issue('envelope_unexpected_attribute', { path, params: { found: attribute.name } }));
    }
  }
  return issues;
}

const NOT_BLANK = /[^ \t\n\r]/;

// Wrapping attacks hide a forged or moved DuLieu, or an extra signature, somewhere a reader might look:
// the envelope admits DuLieu only under the root and ds:Signature only directly in a CKS slot.
function findStrayElements(root: Element): Issue[] {
  const issues: Issue[] = [];
  for (const child of elementChildren(root)) {
    const allowed = child.namespaceURI === HOCBA_NS && (child.localName === 'DuLieu' || child.localName === 'DSCKS');
    if (!allowed) issues.push(issue('envelope_unexpected_element', { path: 'HocBaSo', params: { found: child.tagName } }));
  }
  if (childElements(root, HOCBA_NS, 'DuLieu').length > 1) {
    issues.push(issue('envelope_content_duplicate', { params: { path: 'HocBaSo/DuLieu' } }));
  }
  if (childElements(root, HOCBA_NS, 'DSCKS').length > 1) {
    issues.push(issue('envelope_unexpected_element', { path: 'HocBaSo', params: { found: 'DSCKS' } }));
  }
  for (const list of childElements(root, HOCBA_NS, 'DSCKS')) {
    for (const child of elementChildren(list)) {
      if (child.namespaceURI !== HOCBA_NS || child.localName !== 'CKS') {
        issues.push(issue('envelope_unexpected_element', { path: 'HocBaSo/DSCKS', params: { found: child.tagName } }));
      }
    }
  }
  for (const element of descendants(root)) {
    if (element === root) continue;
    const parent = element.parentNode as Element;
    if (element.localName === 'DuLieu' && parent !== root) {
      issues.push(issue('envelope_content_duplicate', { params: { path: pathOf(element) } }));
    }
    if (element.namespaceURI === DSIG_NS && element.localName === 'Signature') {
      const inSlot = parent.namespaceURI === HOCBA_NS && parent.localName === 'CKS'
        && (parent.parentNode as Element | null)?.localName === 'DSCKS' && parent.parentNode?.parentNode === root;
      if (!inSlot) issues.push(issue('envelope_signature_outside_slot', { params: { path: pathOf(element) } }));
    }
  }
  return issues;
}

function elementChildren(parent: Element): Element[] {
  const found: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) if (child.nodeType === 1) found.push(child as Element);
  return found;
}

function pathOf(element: Element): string {
  const names: string[] = [];
  for (let node: Node | null = element; node && node.nodeType === 1; node = node.parentNode) names.unshift((node as Element).localName!);
  return names.join('/');
}
