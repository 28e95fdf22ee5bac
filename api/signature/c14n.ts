// Canonical XML 1.0 and Exclusive XML Canonicalization 1.0 of one element's subtree (W3C REC-xml-c14n, xml-exc-c14n).
// Our own, because it is the hot path of every verification; tests check it against libxml2, xmlsec1 and xmldsigjs.

export interface C14nOptions {
  readonly exclusive: boolean;
  readonly withComments: boolean;
  /** Exclusive only: InclusiveNamespaces PrefixList, `#default` for the default namespace. */
  readonly inclusivePrefixes?: readonly string[];
}

/** Work one canonicalisation did: tests bound it (it must stay linear in the input), never the wall time. */
export interface C14nWork {
  /** Elements written. */
  elements: number;
  /** Attributes examined: the elements' own, and at the apex of an inclusive form its ancestors' (for xml:*). */
  attributes: number;
  /** Namespace bindings examined: read from a scope (one per step up its chain) or copied at the apex. */
  namespaces: number;
}

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
type Namespaces = ReadonlyMap<string, string>;
const NONE: Namespaces = new Map();

/**
 * Namespace bindings as a chain of the declarations each element adds: a child shares its parent's chain instead of
 * copying it. Copying made a root with 8,000 declarations over 8,000 children that each declare one cost 6.4·10^7
 * copied bindings (72 s, issue 11); a lookup now walks at most one link per ancestor that declares something, and the
 * parser caps the depth.
 */
interface Scope {
  readonly own: Namespaces;
  readonly parent: Scope | null;
}

const EMPTY: Scope = { own: NONE, parent: null };

function lookup(scope: Scope, prefix: string, work: C14nWork): string | undefined {
  for (let at: Scope | null = scope; at; at = at.parent) {
    work.namespaces++;
    const uri = at.own.get(prefix);
    if (uri !== undefined) return uri;
  }
  return undefined;
}

/** Every binding in force, the nearest declaration winning: only the apex of an inclusive form needs them all. */
function flatten(scope: Scope, work: C14nWork): Map<string, string> {
  const chain: Namespaces[] = [];
  for (let at: Scope | null = scope; at; at = at.parent) chain.push(at.own);
  const all = new Map<string, string>();
  for (let i = chain.length - 1; i >= 0; i--) {
    work.namespaces += chain[i]!.size;
    for (const [prefix, uri] of chain[i]!) all.set(prefix, uri);
  }
  return all;
}

/**
 * The canonical form of `apex` and its descendants: a complete subtree node-set, as a same-document reference yields.
 * `work`, when given, is increased by what this call did.
 */
export function canonicalize(apex: Element, options: C14nOptions, work?: C14nWork): string {
  const counted = work ?? { elements: 0, attributes: 0, namespaces: 0 };
  const inherited: Scope = { own: inScopeNamespaces(apex.parentNode, counted), parent: null };
  const included = new Set((options.inclusivePrefixes ?? []).map((p) => (p === '#default' ? '' : p)));
  return writeElement(apex, options, included, inherited, EMPTY, true, counted);
}

// `inScope`: the parent's in-scope namespaces; `rendered`: what output ancestors rendered (the same scope for
// inclusive). Strings are built by concatenation (V8 ropes) and scopes only grow a link where a declaration changes
// them: this is the hot path of every verification.
function writeElement(
  element: Element, options: C14nOptions, included: ReadonlySet<string>,
  inScope: Scope, rendered: Scope, apex: boolean, work: C14nWork,
): string {
  work.elements++;
  work.attributes += element.attributes.length;
  const own = declarationsOf(element);
  const scope: Scope = own ? { own, parent: inScope } : inScope;
  const emit = options.exclusive
    ? exclusiveDeclarations(element, scope, rendered, included, work)
    : inclusiveDeclarations(apex ? flatten(scope, work) : own ?? NONE, rendered, work);
  const nextRendered = options.exclusive ? (emit.length === 0 ? rendered : { own: new Map(emit), parent: rendered }) : scope;
  let out = `<${element.tagName}`;
  if (emit.length > 1) emit.sort(byPrefix);
  for (const [prefix, uri] of emit) out += `${prefix === '' ? ' xmlns="' : ` xmlns:${prefix}="`}${escapeAttribute(uri)}"`;
  for (const attribute of attributesOf(element, apex && !options.exclusive, work)) {
    out += ` ${attribute.name}="${escapeAttribute(attribute.value)}"`;
  }
  out += '>';
  for (let child = element.firstChild; child; child = child.nextSibling) {
    switch (child.nodeType) {
      case 1:
        out += writeElement(child as Element, options, included, scope, nextRendered, false, work);
        break;
      case 3: case 4:
        out += escapeText((child as Text).data);
        break;
      case 7: {
        const instruction = child as ProcessingInstruction;
        out += `<?${instruction.target}${instruction.data ? ` ${instruction.data}` : ''}?>`;
        break;
      }
      case 8:
        if (options.withComments) out += `<!--${(child as Comment).data}-->`;
        break;
    }
  }
  return `${out}</${element.tagName}>`;
}

// Inclusive: a declaration is rendered unless the output parent already has the same binding; xmlns="" only
// undoes a non-empty default in the parent. For descendants only their own declarations can differ.
function inclusiveDeclarations(candidates: Namespaces, rendered: Scope, work: C14nWork): Array<[string, string]> {
  const emit: Array<[string, string]> = [];
  for (const [prefix, uri] of candidates) {
    if (prefix === 'xml') continue;
    if ((lookup(rendered, prefix, work) ?? '') !== uri) emit.push([prefix, uri]);
  }
  return emit;
}

// Exclusive: only visibly utilised prefixes (the element's and its attributes'), plus the PrefixList ones.
function exclusiveDeclarations(
  element: Element, scope: Scope, rendered: Scope, included: ReadonlySet<string>, work: C14nWork,
): Array<[string, string]> {
  const wanted = new Map<string, string>();
  wanted.set(element.prefix ?? '', element.namespaceURI ?? '');
  const attributes = element.attributes;
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i]!;
    if (attribute.prefix && attribute.namespaceURI !== XMLNS_NS) wanted.set(attribute.prefix, attribute.namespaceURI ?? '');
  }
  for (const prefix of included) {
    if (wanted.has(prefix)) continue;
    const uri = lookup(scope, prefix, work);
    if (uri !== undefined) wanted.set(prefix, uri);
  }
  const emit: Array<[string, string]> = [];
  for (const [prefix, uri] of wanted) {
    if (prefix === 'xml') continue;
    if ((lookup(rendered, prefix, work) ?? '') !== uri) emit.push([prefix, uri]);
  }
  return emit;
}

function declarationsOf(element: Element): Map<string, string> | null {
  let found: Map<string, string> | null = null;
  const attributes = element.attributes;
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i]!;
    if (attribute.namespaceURI === XMLNS_NS) (found ??= new Map()).set(attribute.prefix ? attribute.localName! : '', attribute.value);
  }
  return found;
}

// Nearest ancestor's declaration wins: walk from the root down so later (nearer) ones overwrite.
function inScopeNamespaces(parent: Node | null, work: C14nWork): Map<string, string> {
  const chain: Element[] = [];
  for (let node = parent; node && node.nodeType === 1; node = node.parentNode) chain.push(node as Element);
  const scope = new Map<string, string>();
  for (let i = chain.length - 1; i >= 0; i--) {
    for (const [prefix, uri] of declarationsOf(chain[i]!) ?? NONE) {
      work.namespaces++;
      scope.set(prefix, uri);
    }
  }
  return scope;
}

const NO_ATTRIBUTES: Attr[] = [];

// Canonical XML 1.0 §2.4 (inclusive only): an element whose parent is not in the node-set (for a whole subtree, only
// its apex) takes the xml:* attributes in force from its ancestors, its own and then the nearest ancestor's winning.
// Exclusive C14N never does (xml-exc-c14n §3). One map by local name keeps this linear in the ancestors' attributes
// (a list searched for each one made 20,000 xml:* attributes on an unsigned root cost 2·10^8 comparisons, issue 11).
function attributesOf(element: Element, inheritXml: boolean, work: C14nWork): Attr[] {
  const attributes = element.attributes;
  if (attributes.length === 0 && !inheritXml) return NO_ATTRIBUTES;
  const found: Attr[] = [];
  const xmlNames = inheritXml ? new Set<string>() : null;
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i]!;
    if (attribute.namespaceURI === XMLNS_NS) continue;
    found.push(attribute);
    if (xmlNames && attribute.namespaceURI === XML_NS) xmlNames.add(attribute.localName);
  }
  if (xmlNames) {
    for (let node = element.parentNode; node && node.nodeType === 1; node = node.parentNode) {
      const ancestorAttributes = (node as Element).attributes;
      work.attributes += ancestorAttributes.length;
      for (let i = 0; i < ancestorAttributes.length; i++) {
        const attribute = ancestorAttributes[i]!;
        if (attribute.namespaceURI !== XML_NS || xmlNames.has(attribute.localName)) continue;
        xmlNames.add(attribute.localName);
        found.push(attribute);
      }
    }
  }
  return found.length > 1 ? found.sort(byAttribute) : found;
}

function byPrefix(a: [string, string], b: [string, string]): number {
  return compareCodePoints(a[0], b[0]);
}

function byAttribute(a: Attr, b: Attr): number {
  const namespaceA = a.namespaceURI ?? '';
  const namespaceB = b.namespaceURI ?? '';
  // Most pairs share a namespace: skip the character walk over a long URI then.
  return (namespaceA === namespaceB ? 0 : compareCodePoints(namespaceA, namespaceB))
    || compareCodePoints(a.localName ?? a.name, b.localName ?? b.name);
}

// C14N orders by Unicode code point; JS compares UTF-16 units, which differ only when surrogates meet U+E000..U+FFFF:
// lifting surrogate units above U+FFFF restores code point order.
function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return lift(x) - lift(y);
  }
  return a.length - b.length;
}

function lift(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2800 : unit;
}

function escapeText(text: string): string {
  if (!/[&<>\r]/.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

function escapeAttribute(value: string): string {
  if (!/[&<"\t\n\r]/.test(value)) return value;
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;');
}
