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

type Step = (xml: string) => [string, string];

const xmlStep: fc.Arbitrary<Step> = fc.oneof<fc.Arbitrary<Step>[]>(
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 400 })).map(([at, length]) => (xml: string): [string, string] => {
    const from = at % Math.max(1, xml.length);
    return [xml.slice(0, from) + xml.slice(from + length), `delete ${length} chars at ${from}`];
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...SNIPPETS)).map(([at, snippet]) => (xml: string): [string, string] => {
    const to = at % Math.max(1, xml.length);
    return [xml.slice(0, to) + snippet + xml.slice(to), `insert ${JSON.stringify(snippet)} at ${to}`];
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 2000 }), fc.nat()).map(([at, length, to]) => (xml: string): [string, string] => {
    const from = at % Math.max(1, xml.length);
    const piece = xml.slice(from, from + length);
    const where = to % Math.max(1, xml.length);
    return [xml.slice(0, where) + piece + xml.slice(where), `copy ${length} chars from ${from} to ${where}`];
  }),
  fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 8 })).map(([at, text]) => (xml: string): [string, string] => {
    const from = at % Math.max(1, xml.length);
    return [xml.slice(0, from) + text + xml.slice(from + text.length), `overwrite ${JSON.stringify(text)} at ${from}`];
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (xml: string): [string, string] => {
    // Swap two whole elements by their tag names (a structural move, as in wrapping attacks).
    const tags = [...xml.matchAll(/<([\w:]+)[^>]*>[^<]*<\/\1>/g)];
    if (tags.length < 2) return [xml, 'swap (none)'];
    const [first, second] = [tags[a % tags.length]!, tags[b % tags.length]!].sort((x, y) => x.index - y.index) as [RegExpExecArray, RegExpExecArray];
    if (first.index === second.index || first.index + first[0].length > second.index) return [xml, 'swap (overlap)'];
    const out = xml.slice(0, first.index) + second[0] + xml.slice(first.index + first[0].length, second.index) + first[0] + xml.slice(second.index + second[0].length);
    return [out, `swap <${first[1]}> and <${second[1]}>`];
  }),
  fc.nat().map((at): Step => (xml) => [xml.slice(0, at % Math.max(1, xml.length)), `truncate at ${at % Math.max(1, xml.length)}`]),
);

/** Values that mean something to the envelope and the signature checks, for attribute and text edits. */
const VALUES = [
  '', ' ', 'DuLieu-X', '#DuLieu-X', '#', 'CoSoGiaoDuc', 'GVCN', 'HieuTruong', '1.0', '2.0', 'urn:hocba:hoc-ba-so:1',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments', 'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1', 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256', 'http://www.w3.org/2001/04/xmlenc#sha512',
  'http://uri.etsi.org/01903#SignedProperties', '2099-01-01T00:00:00Z', '1999-01-01T00:00:00Z', 'not a date', 'AAAA', 'A'.repeat(44),
  '01001002', '99999999', '0'.repeat(32), 'F'.repeat(32), 'Nguyễn', '-1', '1e309', '12',
];

/** Edits that keep the document well-formed, so that mutants reach the envelope, the signatures and trust. */
const structuralStep: fc.Arbitrary<Step> = fc.oneof<fc.Arbitrary<Step>[]>(
  fc.tuple(fc.nat(), fc.constantFrom(...VALUES)).map(([n, value]) => (xml: string): [string, string] => {
    const texts = [...xml.matchAll(/>([^<>&]+)</g)];
    const hit = texts[n % Math.max(1, texts.length)];
    if (!hit) return [xml, 'text (none)'];
    const at = hit.index + 1;
    return [xml.slice(0, at) + value + xml.slice(at + hit[1]!.length), `text #${n % texts.length} := ${JSON.stringify(value)}`];
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...VALUES)).map(([n, value]) => (xml: string): [string, string] => {
    const attributes = [...xml.matchAll(/ ([\w:]+)="([^"]*)"/g)];
    const hit = attributes[n % Math.max(1, attributes.length)];
    if (!hit) return [xml, 'attribute (none)'];
    const at = hit.index + hit[0].length - hit[2]!.length - 1;
    return [xml.slice(0, at) + value + xml.slice(at + hit[2]!.length), `${hit[1]} #${n % attributes.length} := ${JSON.stringify(value)}`];
  }),
  fc.tuple(fc.nat(), fc.boolean()).map(([n, duplicate]) => (xml: string): [string, string] => {
    const leaves = [...xml.matchAll(/<([\w:]+)(?: [^>]*)?>[^<]*<\/\1>|<[\w:]+(?: [^>]*)?\/>/g)];
    const hit = leaves[n % Math.max(1, leaves.length)];
    if (!hit) return [xml, 'element (none)'];
    const end = hit.index + hit[0].length;
    return [xml.slice(0, duplicate ? end : hit.index) + (duplicate ? hit[0] : '') + xml.slice(end), `${duplicate ? 'duplicate' : 'remove'} element #${n % leaves.length}`];
  }),
);

/** How the mutated XML becomes a package, and what may happen to the package on the way. */
const wrapping = fc.oneof(
  { weight: 12, arbitrary: fc.constant((xml: Buffer): [string, string] => [gzipSync(xml).toString('base64'), 'gzip+base64']) },
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
  const step = fc.oneof({ weight: 2, arbitrary: xmlStep }, { weight: 3, arbitrary: structuralStep });
  return fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.array(step, { minLength: 0, maxLength: 4 }), wrapping).map(([index, steps, wrap]) => {
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
