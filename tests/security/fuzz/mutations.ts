// fast-check arbitraries: a package made from a real signed record (or an attack of the corpus) by random
// mutations at the XML text, gzip byte or base64 text level, each with a readable description for a failure.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

export interface Seed {
  readonly name: string;
  /** The XML text the mutations start from. */
  readonly xml: string;
}

export interface Mutant {
  /** What a school (or attacker) would push: base64 text. */
  readonly text: string;
  readonly seed: string;
  readonly steps: string[];
}

/** Fragments that matter to the parser, the envelope, the signature checks and the codec. */
const SNIPPETS = [
  '<!DOCTYPE HocBaSo [<!ENTITY x "y">]>', '<!--', '-->', '<!-- x -->', '<![CDATA[', ']]>', '&amp;', '&x;', '&#0;', '&#x110000;',
  '<?pi x?>', '<DuLieu Id="DuLieu-X">', '</DuLieu>', '<DSCKS>', '</DSCKS>', '<CKS>', '</CKS>', '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/>',
  ' Id="DuLieu-X"', ' xmlns="urn:hocba:hoc-ba-so:1"', ' xmlns:ds="urn:x"', ' URI=""', ' URI="#xpointer(/)"', '<ds:Object>', '</ds:Object>',
  '<HoTen>Kẻ Mạo Danh</HoTen>', 'Nguyễn', 'Nguye\u0302\u0303n', '\u0000', '\uFEFF', '\uD800', '\r\n', '\t', '    ', '"', "'", '<', '>', '/>',
  'http://www.w3.org/2000/09/xmldsig#sha1', 'http://www.w3.org/2001/04/xmldsig-more#hmac-sha256', 'constructor', '__proto__',
];

const xmlStep: fc.Arbitrary<(xml: string) => [string, string]> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 400 })).map(([at, length]) => (xml: string) => {
    const from = at % Math.max(1, xml.length);
    return [xml.slice(0, from) + xml.slice(from + length), `delete ${length} chars at ${from}`];
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...SNIPPETS)).map(([at, snippet]) => (xml: string) => {
    const to = at % Math.max(1, xml.length);
    return [xml.slice(0, to) + snippet + xml.slice(to), `insert ${JSON.stringify(snippet)} at ${to}`];
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 2000 }), fc.nat()).map(([at, length, to]) => (xml: string) => {
    const from = at % Math.max(1, xml.length);
    const piece = xml.slice(from, from + length);
    const where = to % Math.max(1, xml.length);
    return [xml.slice(0, where) + piece + xml.slice(where), `copy ${length} chars from ${from} to ${where}`];
  }),
  fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 8 })).map(([at, text]) => (xml: string) => {
    const from = at % Math.max(1, xml.length);
    return [xml.slice(0, from) + text + xml.slice(from + text.length), `overwrite ${JSON.stringify(text)} at ${from}`];
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (xml: string) => {
    // Swap two whole elements by their tag names (a structural move, as in wrapping attacks).
    const tags = [...xml.matchAll(/<([\w:]+)[^>]*>[^<]*<\/\1>/g)];
    if (tags.length < 2) return [xml, 'swap (none)'];
    const [first, second] = [tags[a % tags.length]!, tags[b % tags.length]!].sort((x, y) => x.index! - y.index!);
    if (first.index === second!.index || first.index! + first[0].length > second!.index!) return [xml, 'swap (overlap)'];
    const out = xml.slice(0, first.index) + second![0] + xml.slice(first.index! + first[0].length, second!.index) + first[0] + xml.slice(second!.index! + second![0].length);
    return [out, `swap <${first[1]}> and <${second![1]}>`];
  }),
  fc.nat().map((at) => (xml: string) => [xml.slice(0, at % Math.max(1, xml.length)), `truncate at ${at % Math.max(1, xml.length)}`]),
);

/** How the mutated XML becomes a package, and what may happen to the package on the way. */
const wrapping = fc.oneof(
  { weight: 6, arbitrary: fc.constant((xml: Buffer): [string, string] => [gzipSync(xml).toString('base64'), 'gzip+base64']) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, value]) => (xml: Buffer): [string, string] => {
    const gz = gzipSync(xml);
    const where = at % gz.length;
    gz[where] = value;
    return [gz.toString('base64'), `gzip byte ${where} := ${value}`];
  }) },
  { weight: 1, arbitrary: fc.nat().map((cut) => (xml: Buffer): [string, string] => {
    const gz = gzipSync(xml);
    return [gz.subarray(0, cut % gz.length).toString('base64'), `gzip cut at ${cut % gz.length}`];
  }) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constantFrom('=', '-', '_', ' ', '\n', '%', 'A', '\u00e9', '\u0000')).map(([at, char]) => (xml: Buffer): [string, string] => {
    const text = gzipSync(xml).toString('base64');
    const where = at % text.length;
    return [text.slice(0, where) + char + text.slice(where), `base64 insert ${JSON.stringify(char)} at ${where}`];
  }) },
);

export function mutantOf(seeds: readonly Seed[]): fc.Arbitrary<Mutant> {
  return fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.array(xmlStep, { minLength: 0, maxLength: 4 }), wrapping).map(([index, steps, wrap]) => {
    const seed = seeds[index]!;
    let xml = seed.xml;
    const described: string[] = [];
    for (const step of steps) {
      const [next, what] = step(xml);
      xml = next;
      described.push(what);
    }
    const [text, how] = wrap(Buffer.from(xml, 'utf8'));
    const mutant: Mutant = { text, seed: seed.name, steps: [...described, how] };
    // fast-check prints counterexamples with this: the recipe, not 20 KB of base64.
    return Object.assign(mutant, { [fc.toStringMethod]: () => `${seed.name}: ${mutant.steps.join('; ')}` });
  });
}

/** Hostile request bodies for POST /api/v1/packages: mutated JSON around mutated packages. */
export function bodyOf(seeds: readonly Seed[]): fc.Arbitrary<{ body: string; contentType: string; steps: string[] }> {
  const packages = fc.array(mutantOf(seeds), { minLength: 1, maxLength: 3 });
  return fc.oneof(
    { weight: 5, arbitrary: packages.map((list) => ({ body: JSON.stringify({ packages: list.map((m) => m.text) }), contentType: 'application/json', steps: list.flatMap((m) => [`[${m.seed}]`, ...m.steps]) })) },
    { weight: 2, arbitrary: mutantOf(seeds).map((m) => ({ body: JSON.stringify({ package: m.text }), contentType: 'application/json', steps: [`[${m.seed}]`, ...m.steps] })) },
    { weight: 2, arbitrary: fc.tuple(packages, fc.nat(), fc.constantFrom('{', '}', '[', ']', '"', ',', ':', 'null', '\\', '\u0000', '{"__proto__":{}}', '1e999')).map(([list, at, junk]) => {
      const body = JSON.stringify({ packages: list.map((m) => m.text) });
      const where = at % body.length;
      return { body: body.slice(0, where) + junk + body.slice(where), contentType: 'application/json', steps: [`json insert ${JSON.stringify(junk)} at ${where}`] };
    }) },
    { weight: 1, arbitrary: fc.tuple(fc.jsonValue(), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''))
      .map(([value, contentType]) => ({ body: JSON.stringify(value) ?? 'null', contentType, steps: ['random JSON value'] })) },
  );
}
