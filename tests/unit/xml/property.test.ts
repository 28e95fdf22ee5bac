// Properties: on random namespace-well-formed documents our parser and xmldom build the same tree and canonical
// forms; on random damage to a signed record parseXml only ever throws a HocbaError, and never accepts what xmldom refuses.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HocbaError } from '../../../api/errors.ts';
import { canonicalize, type C14nOptions } from '../../../api/signature/index.ts';
import { parseXml } from '../../../api/xml/index.ts';
import { makePki, signAs } from '../signature/support/check.ts';
import { sampleRecord } from '../signature/support/sample.ts';
import { dumpTree, firstDifference, linkProblems } from './support/dump.ts';
import { parseWithXmldom, xmldomRefuses } from './support/reference.ts';
import { documentArbitrary } from './support/random-documents.ts';

interface Mutation {
  readonly kind: 'delete' | 'insert' | 'replace' | 'byte';
  readonly at: number;
  readonly piece: string;
  readonly length: number;
  readonly byte: number;
}

const MODES: C14nOptions[] = [
  { exclusive: false, withComments: true },
  { exclusive: true, withComments: false },
  { exclusive: true, withComments: true, inclusivePrefixes: ['a', '#default'] },
];

describe('parseXml (properties)', () => {
  it('builds the tree and canonical forms xmldom builds, for random documents', () => {
    fc.assert(fc.property(documentArbitrary, (xml) => {
      const ours = parseXml(xml).document;
      const theirs = parseWithXmldom(xml);
      expect(linkProblems(ours)).toEqual([]);
      expect(firstDifference(dumpTree(ours), dumpTree(theirs))).toBeNull();
      for (const mode of MODES) expect(canonicalize(ours.documentElement, mode)).toBe(canonicalize(theirs.documentElement, mode));
    }), { numRuns: 500 });
  });

  describe('when a signed record is damaged at random', () => {
    let signed = '';
    beforeAll(async () => {
      const pki = await makePki();
      signed = await signAs(sampleRecord({ kilobytes: 6, extra: '<!-- c --><k><![CDATA[<&>]]></k>' }), pki.entities['school-a']!, 'CoSoGiaoDuc');
    });

    const PIECES = ['<', '>', '&', ';', '"', "'", '=', '/', '!', '?', '-', '[', ']', ':', 'x', ' ', '\t', '\r', '\n', '\0', '\u0008',
      '&#', '&#x', 'xmlns', ' xmlns:q="u"', ' Id="x"', '<!--', '-->', '<![CDATA[', ']]>', '</', '<a>', '&amp;', '&#0;', '&#xD800;',
      '\uFFFE', '\uD800', 'đ', '😀', 'ds:', '<!DOCTYPE a>', '<?pi?>', '\uFEFF'];
    const mutation: fc.Arbitrary<Mutation> = fc.record({
      kind: fc.constantFrom('delete' as const, 'insert' as const, 'replace' as const, 'byte' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      piece: fc.constantFrom(...PIECES),
      length: fc.integer({ min: 1, max: 6 }),
      byte: fc.integer({ min: 0, max: 255 }),
    });

    function damage(text: string, mutations: readonly Mutation[]): Uint8Array {
      let bytes = Buffer.from(text);
      for (const m of mutations) {
        const at = Math.floor(m.at * bytes.length);
        if (m.kind === 'byte') {
          bytes = Buffer.from(bytes);
          bytes[at] = m.byte;
        } else {
          const piece = m.kind === 'delete' ? Buffer.alloc(0) : Buffer.from(m.piece);
          bytes = Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(m.kind === 'insert' ? at : at + m.length)]);
        }
      }
      return bytes;
    }

    it('throws nothing but a HocbaError, and accepts only what xmldom accepts, with the same tree', () => {
      fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const bytes = damage(signed, mutations);
        let parsed: { text: string; document: Document };
        try {
          parsed = parseXml(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(HocbaError);
          return;
        }
        const { text, document } = parsed;
        expect(xmldomRefuses(text)).toBe(false);
        expect(firstDifference(dumpTree(document), dumpTree(parseWithXmldom(text)))).toBeNull();
      }), { numRuns: 600 });
    });
  });
});
