// Our parser against xmldom (the parser it replaced) on every document the test suite builds: the same tree, the
// same canonical forms of every element, the same record and the same signature checks.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRecord, readEnvelope } from '../../../api/record/index.ts';
import { canonicalize, verifySignatures, type C14nOptions } from '../../../api/signature/index.ts';
import { descendants, parseXml } from '../../../api/xml/index.ts';
import { makePki } from '../signature/support/check.ts';
import { hasXmlsec } from '../signature/support/xmlsec.ts';
import { sampleDocuments, signatureTestDocuments, signedDocuments, type CorpusDocument } from './support/corpus.ts';
import { dumpTree, firstDifference, linkProblems } from './support/dump.ts';
import { parseWithXmldom } from './support/reference.ts';

const MODES: C14nOptions[] = [
  { exclusive: false, withComments: false },
  { exclusive: false, withComments: true },
  { exclusive: true, withComments: false },
  { exclusive: true, withComments: true },
  { exclusive: true, withComments: false, inclusivePrefixes: ['b', '#default'] },
];

/** Each element's canonical form in every mode; `every` > 1 samples elements of big documents. */
function canonicalForms(document: Document, every = 1): string[] {
  const elements = [...descendants(document.documentElement)];
  return elements.filter((_, i) => i % every === 0 || i < 8).flatMap((element) => MODES.map((mode) => canonicalize(element, mode)));
}

function expectSameAsXmldom({ xml }: CorpusDocument, every = 1): void {
  const ours = parseXml(xml).document;
  const theirs = parseWithXmldom(xml);
  expect(linkProblems(ours)).toEqual([]);
  expect(firstDifference(dumpTree(ours), dumpTree(theirs))).toBeNull();
  expect(firstDifference(canonicalForms(ours, every), canonicalForms(theirs, every))).toBeNull();
  const [envelope, reference] = [readEnvelope(ours), readEnvelope(theirs)];
  expect(envelope.issues).toEqual(reference.issues);
  if (envelope.envelope && reference.envelope) {
    expect(parseRecord(envelope.envelope.content)).toStrictEqual(parseRecord(reference.envelope.content));
  }
}

describe('parseXml against xmldom', () => {
  describe('when the document is a sample record (every grade, three seeds)', () => {
    it.each(sampleDocuments([1, 2, 7]))('builds the same tree, canonical forms and record for $name', (document) => {
      expectSameAsXmldom(document, 7);
    });
  });

  describe('when the document is one the signature tests build', () => {
    it.each(signatureTestDocuments())('builds the same tree, canonical forms and record for $name', (document) => {
      expectSameAsXmldom(document, document.xml.length > 20_000 ? 5 : 1);
    });
  });

  describe('when the document is a signed record', () => {
    let signed: CorpusDocument[] = [];
    beforeAll(async () => {
      const pki = await makePki();
      signed = await signedDocuments(pki.entities['school-a']!, pki.entities['principal-a']!);
    });

    it('builds the same tree and canonical forms, and the signature checks agree (all intact)', async () => {
      expect(signed).toHaveLength(hasXmlsec() ? 9 : 3);
      for (const document of signed) {
        expectSameAsXmldom(document, 3);
        const checks = await Promise.all([parseXml(document.xml).document, parseWithXmldom(document.xml)].map((dom) => {
          return verifySignatures(dom, readEnvelope(dom).envelope!);
        }));
        expect(checks[0], document.name).toEqual(checks[1]);
        expect(checks[0]!.map((check) => check.integrity), document.name).toEqual(checks[0]!.map(() => 'intact'));
      }
    });
  });
});
