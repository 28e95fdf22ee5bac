// Random namespace-well-formed documents written in every way XML allows: names in any script, prefixes declared,
// redeclared and the default namespace unset, attribute values and text escaped by entity, decimal or hex reference
// or left literal, literal tabs and line ends (LF, CRLF, CR), CDATA, comments, spaces inside tags, empty elements.
import fc from 'fast-check';

interface RandomElement {
  prefix: string;
  name: string;
  declarations: Array<[string, string]>;
  attributes: Array<[string, string, string]>;
  children: Array<RandomElement | ['text' | 'comment' | 'cdata', string]>;
  selfClose: boolean;
  spaces: [string, string, string];
}

const URIS = ['urn:a', 'urn:b', 'http://example.vn/c?x=1&y=2'];
const NAMES = ['e', 'f', 'DuLieu', 'Điểm', 'a.b-c_d', 'x1', 'ключ', '𐀀x', 'Id'];
const text = fc.stringMatching(/^[a-zđễ😀\uE000 &<>"'\t\n\r\]\-;#x0-9]{0,14}$/u);
const space = fc.constantFrom('', ' ', '  ', '\n', '\t', '\r\n ');

type Escaper = (value: string) => string;
const characterReference = (c: string, hex: boolean) => (hex ? `&#x${c.codePointAt(0)!.toString(16)};` : `&#${c.codePointAt(0)};`);

/** Escapes what must be escaped in text or an attribute, choosing for each character among the spellings allowed. */
function escaper(choices: readonly number[], inAttribute: '"' | "'" | null): Escaper {
  return (value) => [...value].map((c, i) => {
    const pick = choices[i % choices.length]!;
    // Literal tabs and line feeds stay possible in attributes: both parsers must normalise them to spaces.
    const must = c === '&' || c === '<' || c === '\r' || c === inAttribute || (inAttribute === null && c === '>');
    if (!must && pick % 4 !== 0) return c;
    const named: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
    if (named[c] && pick % 3 === 0) return named[c]!;
    return characterReference(c, pick % 2 === 0);
  }).join('');
}

function elementArbitrary(depth: number): fc.Arbitrary<RandomElement> {
  const leaves = [
    { weight: 3, arbitrary: fc.tuple(fc.constant('text' as const), text) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('comment' as const), text.map((t) => t.replace(/-/g, '').replace(/\r/g, ''))) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('cdata' as const), text.map((t) => t.replace(/\]/g, ''))) },
  ];
  return fc.record({
    prefix: fc.constantFrom('', '', 'a', 'b', 'đ'),
    name: fc.constantFrom(...NAMES),
    declarations: fc.array(fc.tuple(fc.constantFrom('', 'a', 'b', 'c', 'đ'), fc.constantFrom('', ...URIS)), { maxLength: 3 }),
    attributes: fc.array(fc.tuple(fc.constantFrom('', '', 'a', 'c', 'xml'), fc.constantFrom(...NAMES), text), { maxLength: 4 }),
    children: fc.array(depth === 0 ? fc.oneof(...leaves) : fc.oneof({ weight: 3, arbitrary: elementArbitrary(depth - 1) }, ...leaves), { maxLength: 4 }),
    selfClose: fc.boolean(),
    spaces: fc.tuple(space, space, space),
  });
}

function render(node: RandomElement, scope: Map<string, string>, choices: readonly number[]): string {
  const inner = new Map(scope);
  const declared = new Map<string, string>();
  for (const [prefix, uri] of node.declarations) if (prefix === '' || uri !== '') declared.set(prefix, uri);
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
    if (seen.has(expanded) || (prefix === 'xml' && !/^[a-z]/i.test(local))) return false;
    seen.add(expanded);
    return true;
  });
  const quote = choices[0]! % 3 === 0 ? "'" : '"';
  const attribute = escaper(choices, quote);
  const tag = `${node.prefix ? `${node.prefix}:` : ''}${node.name}`;
  const [s1, s2, s3] = node.spaces;
  const head = [...declared].map(([prefix, uri]) => ` ${prefix ? `xmlns:${prefix}` : 'xmlns'}${s1}=${s2}${quote}${attribute(uri)}${quote}`).join('')
    + attributes.map(([prefix, local, value]) => ` ${prefix ? `${prefix}:` : ''}${local}=${quote}${attribute(value)}${quote}`).join('');
  if (node.selfClose && node.children.length === 0) return `<${tag}${head}${s3}/>`;
  const content = escaper(choices.slice(1).concat(choices[0]!), null);
  const body = node.children.map((child) => Array.isArray(child)
    ? child[0] === 'text' ? content(child[1]) : child[0] === 'comment' ? `<!--${child[1]}-->` : `<![CDATA[${child[1]}]]>`
    : render(child, inner, choices.slice(1).concat(choices[0]!))).join('');
  return `<${tag}${head}${s3}>${body}</${tag}${s1}>`;
}

/** A whole document: optional declaration, comments around the root, LF, CRLF or CR line ends. */
export const documentArbitrary: fc.Arbitrary<string> = fc.record({
  root: elementArbitrary(3),
  choices: fc.array(fc.nat(11), { minLength: 1, maxLength: 8 }),
  declaration: fc.constantFrom('', '<?xml version="1.0"?>\n', "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\r\n"),
  before: fc.constantFrom('', '<!-- trước -->\n', '\n\n'),
  after: fc.constantFrom('', '\n', '<!--sau-->\r\n'),
  lineEnd: fc.constantFrom('\n', '\r\n', '\r'),
}).map(({ root, choices, declaration, before, after, lineEnd }) => (declaration + before + render(root, new Map(), choices) + after)
  .replace(/\r\n|\n|\r/g, (match, offset: number, whole: string) => (whole.startsWith('&#', offset - 2) ? match : lineEnd)));
