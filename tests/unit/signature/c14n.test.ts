// Our canonicaliser against libxml2's (the one xmlsec1 uses, here via libxml2-wasm) and xmldsigjs's, on tricky and random documents.
import fc from 'fast-check';
import { XmlC14NMode, XmlDocument } from 'libxml2-wasm';
import { XmlCanonicalizer } from 'xmldsigjs';
import { describe, expect, it } from 'vitest';
import type { C14nWork } from '../../../api/signature/c14n.ts';
import { canonicalize, type C14nOptions } from '../../../api/signature/index.ts';
import { DEFAULT_XML_LIMITS, descendants, parseXml } from '../../../api/xml/index.ts';

// C14N's own work bounds are tested past the parser's attribute caps (D31 holds even if a cap were raised).
const UNCAPPED = { ...DEFAULT_XML_LIMITS, maxBytes: 16 * 1024 * 1024, maxNodes: 1_000_000, maxAttributesPerElement: 1_000_000, maxXmlAttributes: 1_000_000 };
import { sampleRecord } from './support/sample.ts';

const MODES: Array<[string, C14nOptions]> = [
  ['inclusive', { exclusive: false, withComments: false }],
  ['inclusive with comments', { exclusive: false, withComments: true }],
  ['exclusive', { exclusive: true, withComments: false }],
  ['exclusive with comments', { exclusive: true, withComments: true }],
  ['exclusive with PrefixList', { exclusive: true, withComments: false, inclusivePrefixes: ['b', '#default'] }],
];

/** libxml2's canonical form of the n-th element (document order) and ours. */
function both(xml: string, n: number, options: C14nOptions): { libxml2: string; ours: string } {
  const document = XmlDocument.fromString(xml);
  try {
    const target = document.find('//*')[n]!;
    const libxml2 = target.canonicalizeToString({
      mode: options.exclusive ? XmlC14NMode.XML_C14N_EXCLUSIVE_1_0 : XmlC14NMode.XML_C14N_1_0,
      withComments: options.withComments,
      ...(options.inclusivePrefixes ? { inclusiveNamespacePrefixes: [...options.inclusivePrefixes] } : {}),
    });
    const ours = canonicalize([...descendants(parseXml(xml, UNCAPPED).document.documentElement)][n]!, options);
    return { libxml2, ours };
  } finally {
    document.dispose();
  }
}

const TRICKY: Array<[string, string]> = [
  ['a record with root namespaces, xml:lang, CRLF and a Vietnamese text', sampleRecord({
    rootAttributes: 'xmlns:x="urn:x" xmlns:b="urn:b" xml:lang="vi" xml:space="preserve"', lineEnd: '\r\n',
    extra: '<!-- ghi chú --><x:y x:z="q&quot;&#9;&#10;&#13;&lt;&gt;&amp;" b:a="2" a="1"/><k xmlns="">e<![CDATA[ <&> ]]>&#13;</k>'
      + '<m xmlns:x="urn:x" xmlns:w="urn:w"><w:n w:x="1" xmlns:b="urn:b2"/></m><t xml:lang="en">😀 &#xE000; ]]&gt;</t>',
  })],
  ['a prefixed root', sampleRecord({ prefix: 'h', kilobytes: 1, extra: '<h:e xmlns="urn:d"><f xmlns=""/></h:e>' })],
  ['attributes in many namespaces, sorted by namespace URI then local name', '<r xmlns:z="urn:a" xmlns:a="urn:z"><s a:b="1" z:b="2" b="3" a:a="4" xmlns="urn:d" xmlns:q="urn:q"/></r>'],
  ['namespace undeclaration and redeclaration', '<r xmlns="urn:d"><s xmlns=""><t xmlns="urn:d"><u xmlns="urn:d"/></t></s></r>'],
  ['attribute values with literal tabs and newlines (normalised by the parser)', '<r a="x\ty\nz" b="  s  "/>'],
  ['a comment before and after content', '<r><!--a--><s><!-- b --></s>text<!--c--></r>'],
];

describe('canonicalize', () => {
  describe.each(TRICKY)('when the document is %s', (_name, xml) => {
    const count = [...descendants(parseXml(xml, UNCAPPED).document.documentElement)].length;
    it.each(MODES)('matches libxml2 in %s mode for every element', (_mode, options) => {
      for (let n = 0; n < count; n++) {
        const { libxml2, ours } = both(xml, n, options);
        expect(ours, `element ${n}`).toBe(libxml2);
      }
    });
  });

  it('matches libxml2 on random documents in every mode (property)', () => {
    fc.assert(fc.property(documentArbitrary, fc.nat(), fc.constantFrom(...MODES), (xml, pick, [, options]) => {
      const count = [...descendants(parseXml(xml, UNCAPPED).document.documentElement)].length;
      const { libxml2, ours } = both(xml, pick % count, options);
      expect(ours).toBe(libxml2);
    }), { numRuns: 400 });
  });

  // xmldsigjs wrongly renders a superfluous xmlns="" (libxml2 and the C14N spec do not): those documents are left out.
  it('matches xmldsigjs on whole documents without comments', () => {
    fc.assert(fc.property(documentArbitrary.filter((xml) => !xml.includes('xmlns=""')), fc.boolean(), (xml, exclusive) => {
      const root = parseXml(xml, UNCAPPED).document.documentElement;
      const theirs = new XmlCanonicalizer(false, exclusive).Canonicalize(root);
      expect(canonicalize(root, { exclusive, withComments: false })).toBe(theirs);
    }), { numRuns: 200 });
  });

  it('gives a DuLieu subtree the in-scope namespaces of its ancestors (inclusive) or only the used ones (exclusive)', () => {
    const xml = '<HocBaSo xmlns="urn:hocba:hoc-ba-so:1" xmlns:x="urn:x" PhienBan="1.0"><DuLieu Id="d"><a>1</a></DuLieu></HocBaSo>';
    const content = parseXml(xml, UNCAPPED).document.documentElement.firstChild as Element;
    expect(canonicalize(content, { exclusive: false, withComments: false }))
      .toBe('<DuLieu xmlns="urn:hocba:hoc-ba-so:1" xmlns:x="urn:x" Id="d"><a>1</a></DuLieu>');
    expect(canonicalize(content, { exclusive: true, withComments: false }))
      .toBe('<DuLieu xmlns="urn:hocba:hoc-ba-so:1" Id="d"><a>1</a></DuLieu>');
  });

  describe('when an unsigned ancestor carries 20,000 xml:* attributes (issue 11)', () => {
    const N = 20_000;
    const xml = `<HocBaSo xml:lang="vi" ${Array.from({ length: N }, (_, i) => `xml:a${i}="${i}"`).join(' ')}>`
      + '<Goi xml:lang="en" xml:space="preserve"><DuLieu Id="d" xml:a7="own"><a xml:b="1">1</a><b/></DuLieu></Goi></HocBaSo>';
    const content = [...descendants(parseXml(xml, UNCAPPED).document.documentElement)].find((e) => e.localName === 'DuLieu')!;
    const work = (options: C14nOptions) => {
      const counted: C14nWork = { elements: 0, attributes: 0, namespaces: 0 };
      return { text: canonicalize(content, options, counted), counted };
    };

    it('examines each ancestor attribute once (inclusive): work linear in N, not N²', () => {
      const { text, counted } = work({ exclusive: false, withComments: false });
      // The apex's own 2, its parent's 2, the root's N + 1, then one per descendant attribute.
      expect(counted).toMatchObject({ elements: 3, attributes: 2 + 2 + N + 1 + 1 });
      const apex = text.slice(0, text.indexOf('>'));
      expect(apex.match(/ xml:/g)).toHaveLength(N + 2); // a0…a(N−1), lang, space; xml:a7 once, the apex's own
      expect(apex).toContain(' xml:a7="own"');
      expect(apex).toContain(' xml:lang="en"'); // the nearest ancestor's value wins
      expect(apex).not.toContain('xml:lang="vi"');
    });

    it('inherits nothing in exclusive mode (xml-exc-c14n §3), so never reads the ancestors', () => {
      const { text, counted } = work({ exclusive: true, withComments: false });
      expect(text).toBe('<DuLieu Id="d" xml:a7="own"><a xml:b="1">1</a><b></b></DuLieu>');
      expect(counted).toMatchObject({ elements: 3, attributes: 3 });
    });

    it('renders what libxml2 renders (the same rule with 200 attributes)', () => {
      const small = xml.replace(/ xml:a(\d+)="\d+"/g, (all, i: string) => (Number(i) < 200 ? all : ''));
      const n = [...descendants(parseXml(small, UNCAPPED).document.documentElement)].findIndex((e) => e.localName === 'DuLieu');
      for (const [, options] of MODES) {
        const { libxml2, ours } = both(small, n, options);
        expect(ours).toBe(libxml2);
      }
    });
  });

  describe('when an unsigned root declares 8,000 namespaces over 8,000 signed children that each declare one (issue 11)', () => {
    const K = 8_000;
    const make = (k: number) => `<HocBaSo ${Array.from({ length: k }, (_, i) => `xmlns:p${i}="urn:p${i}"`).join(' ')}><DuLieu Id="d">`
      + `${Array.from({ length: k }, (_, i) => `<e xmlns:q="urn:q${i}"><q:f/></e>`).join('')}</DuLieu></HocBaSo>`;

    // Inherited: K read once. Inclusive: K more to render them on the apex, each compared with nothing rendered yet (K),
    // each child's one declaration looked up one link (K). Exclusive: each child and grandchild one lookup (2K), the apex one.
    it.each([[...MODES[0]!, 4 * K], [...MODES[2]!, 3 * K + 1]] as const)('examines namespace bindings linearly in %s mode, never copying the root\'s per child', (_mode, options, expected) => {
      const content = parseXml(make(K), UNCAPPED).document.documentElement.firstChild as Element;
      const counted: C14nWork = { elements: 0, attributes: 0, namespaces: 0 };
      const text = canonicalize(content, options, counted);
      expect(counted).toMatchObject({ elements: 1 + 2 * K, namespaces: expected });
      expect(text.match(/ xmlns:q=/g)).toHaveLength(K);
    });

    it('renders what libxml2 renders (the same shape with 40)', () => {
      for (const [, options] of MODES) for (const n of [0, 1, 2, 3]) {
        const { libxml2, ours } = both(make(40), n, options);
        expect(ours).toBe(libxml2);
      }
    });
  });
});

// Random namespace-well-formed documents: prefixes declared where used, the default namespace set and unset,
// attributes in namespaces, escapes, comments, CDATA, characters outside the BMP and xml:* attributes.
const text = fc.stringMatching(/^[a-zA-Zđễ😀\uE000 &<>"'\t\n\]\r]{0,12}$/u);
const escapeText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
const escapeAttribute = (value: string) => escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');

interface Node {
  prefix: string;
  name: string;
  declarations: Array<[string, string]>;
  attributes: Array<[string, string, string]>;
  children: Array<Node | ['text' | 'comment' | 'cdata', string]>;
}

const URIS = ['urn:a', 'urn:b', 'http://example.vn/c'];
function nodeArbitrary(depth: number): fc.Arbitrary<Node> {
  const leaves = [
    { weight: 2, arbitrary: fc.tuple(fc.constant('text' as const), text) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('comment' as const), text.map((t) => t.replace(/-/g, ''))) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('cdata' as const), text.map((t) => t.replace(/\]/g, ''))) },
  ];
  return fc.record({
    prefix: fc.constantFrom('', '', 'a', 'b'),
    name: fc.constantFrom('e', 'f', 'DuLieu'),
    declarations: fc.array(fc.tuple(fc.constantFrom('', 'a', 'b', 'c'), fc.constantFrom('', ...URIS)), { maxLength: 3 }),
    attributes: fc.array(fc.tuple(fc.constantFrom('', '', 'a', 'c', 'xml'), fc.constantFrom('x', 'y', 'lang', 'Id'), text), { maxLength: 3 }),
    children: fc.array(depth === 0 ? fc.oneof(...leaves) : fc.oneof({ weight: 3, arbitrary: nodeArbitrary(depth - 1) }, ...leaves), { maxLength: 4 }),
  });
}

function render(node: Node, scope: Map<string, string>): string {
  const inner = new Map(scope);
  const declared = new Map<string, string>();
  for (const [prefix, uri] of node.declarations) {
    if (prefix !== '' && uri === '') continue;
    declared.set(prefix, uri);
  }
  const need = (prefix: string) => {
    if (prefix === '' || prefix === 'xml') return;
    if (!(declared.get(prefix) ?? inner.get(prefix))) declared.set(prefix, URIS[prefix.charCodeAt(0) % URIS.length]!);
  };
  need(node.prefix);
  node.attributes.forEach(([prefix]) => need(prefix));
  for (const [prefix, uri] of declared) inner.set(prefix, uri);
  const seen = new Set<string>();
  const attributes = node.attributes.filter(([prefix, local]) => {
    const expanded = `${prefix === '' ? '' : prefix === 'xml' ? 'xml' : inner.get(prefix)}|${local}`;
    if (seen.has(expanded)) return false;
    seen.add(expanded);
    return true;
  });
  const tag = `${node.prefix ? `${node.prefix}:` : ''}${node.name}`;
  const head = [...declared].map(([prefix, uri]) => ` ${prefix ? `xmlns:${prefix}` : 'xmlns'}="${uri}"`).join('')
    + attributes.map(([prefix, local, value]) => ` ${prefix ? `${prefix}:` : ''}${local}="${escapeAttribute(value)}"`).join('');
  const body = node.children.map((child) => Array.isArray(child)
    ? child[0] === 'text' ? escapeText(child[1]) : child[0] === 'comment' ? `<!--${child[1]}-->` : `<![CDATA[${child[1]}]]>`
    : render(child, inner)).join('');
  return `<${tag}${head}>${body}</${tag}>`;
}

const documentArbitrary = nodeArbitrary(3).map((node) => render(node, new Map()));
