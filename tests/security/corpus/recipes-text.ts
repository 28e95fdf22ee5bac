// Comment, whitespace and encoding tricks in signed values and in DigestValue, and non-UTF-8 or mixed
// Unicode normalisation (STACK.md: read text whole; SPEC §7 what is signed is what is seen).
import { createHash } from 'node:crypto';
import { encodePackage } from '../../../api/index.ts';
import { canonicalize } from '../../../api/signature/c14n.ts';
import { parseXml } from '../../../api/xml/index.ts';
import { firstDigestValue, replaceOnce, studentNameOf } from './text.ts';
import type { Recipe } from './types.ts';

const comments = 'comments-whitespace' as const;
const encoding = 'encoding' as const;

/** A record of `seed` whose name is known, and the edit applied to the signed text. */
function edited(seed: number, edit: (xml: string, name: string) => string | Buffer) {
  return async (kit: Parameters<Recipe['build']>[0]) => {
    const xml = await kit.sealed(seed);
    return edit(xml, studentNameOf(xml));
  };
}

function digestOfContent(xml: string): string {
  const { document } = parseXml(xml);
  const content = document.documentElement.getElementsByTagName('DuLieu')[0]!;
  return createHash('sha256').update(canonicalize(content, { exclusive: false, withComments: false }), 'utf8').digest('base64');
}

export const TEXT: Recipe[] = [
  {
    file: 'comments/comment-inside-signed-value.xml', category: comments, expected: null, verdict: 'valid', ingest: true, show: shownName,
    technique: 'A comment inserted inside the signed name without changing its text: still intact, and the whole text is shown',
    build: edited(101, (xml, name) => replaceOnce(xml, `<HoTen>${name}<`, `<HoTen>${name.slice(0, 3)}<!-- chèn -->${name.slice(3)}<`)),
  },
  {
    file: 'comments/comment-then-forged-text.xml', category: comments, expected: 'digest_mismatch', expectedCodes: ['field_format', 'digest_mismatch'], verdict: 'invalid', ingest: true,
    technique: 'Forged text after a comment inside a signed value (a reader of the first text node would see only the signed part)',
    build: edited(102, (xml, name) => replaceOnce(xml, `<HoTen>${name}<`, `<HoTen>${name}<!---->, Kẻ Mạo Danh<`)),
  },
  {
    file: 'comments/comment-inside-digest-value.xml', category: comments, expected: null, verdict: 'valid', show: shownName,
    technique: 'A comment splitting the genuine DigestValue (CVE-2025-29775 shape) with nothing else changed: read whole, still intact',
    build: edited(103, (xml) => {
      const digest = firstDigestValue(xml);
      return `${xml.slice(0, digest.start + 8)}<!--x-->${xml.slice(digest.start + 8)}`;
    }),
  },
  {
    file: 'comments/forged-digest-with-comment.xml', category: comments, expected: 'signature_invalid', verdict: 'invalid', ingest: true,
    technique: 'Content forged and DigestValue set to the forged digest with the genuine one in a comment (CVE-2025-29775): SignedInfo no longer matches its signature',
    build: edited(104, (xml, name) => {
      const forged = replaceOnce(xml, `<HoTen>${name}<`, '<HoTen>Kẻ Mạo Danh<');
      const digest = firstDigestValue(forged);
      return `${forged.slice(0, digest.start)}${digestOfContent(forged)}<!--${digest.value}-->${forged.slice(digest.end)}`;
    }),
  },
  {
    file: 'comments/whitespace-inside-digest-value.xml', category: comments, expected: 'signature_invalid', verdict: 'invalid',
    technique: 'Line breaks inside the genuine DigestValue: the base64 still decodes, but SignedInfo changed',
    build: edited(105, (xml) => {
      const digest = firstDigestValue(xml);
      return `${xml.slice(0, digest.start)}${digest.value.slice(0, 20)}\n  ${digest.value.slice(20)}${xml.slice(digest.end)}`;
    }),
  },
  {
    file: 'comments/whitespace-around-signed-value.xml', category: comments, expected: 'digest_mismatch', expectedCodes: ['field_format', 'digest_mismatch'], verdict: 'invalid',
    technique: 'Spaces added around a signed value (a trimming reader would not notice)',
    build: edited(106, (xml, name) => replaceOnce(xml, `<HoTen>${name}<`, `<HoTen> ${name} <`)),
  },
  {
    file: 'comments/whitespace-between-signed-elements.xml', category: comments, expected: 'digest_mismatch', verdict: 'invalid',
    technique: 'Indentation changed between elements inside DuLieu (whitespace text nodes are signed)',
    build: edited(107, (xml) => replaceOnce(xml, /\n( *)<HoTen>/, '\n$1\t<HoTen>')),
  },
  {
    file: 'comments/cdata-signed-value.xml', category: comments, expected: null, verdict: 'valid', show: shownName,
    technique: 'The signed name written as CDATA: canonically the same text, so intact, and the same text is shown',
    build: edited(108, (xml, name) => replaceOnce(xml, `<HoTen>${name}<`, `<HoTen><![CDATA[${name}]]><`)),
  },
  {
    file: 'comments/character-reference-signed-value.xml', category: comments, expected: null, verdict: 'valid', show: shownName,
    technique: 'A letter of the signed name written as a character reference: canonically the same, so intact',
    build: edited(109, (xml, name) => replaceOnce(xml, `<HoTen>${name}<`, `<HoTen>&#x${name.codePointAt(0)!.toString(16)};${name.slice(1)}<`)),
  },
  {
    file: 'comments/single-quoted-content-id.xml', category: comments, expected: null, verdict: 'valid', show: shownName,
    technique: "DuLieu's Id attribute re-quoted with single quotes and the whitespace outside DuLieu changed: canonically the same",
    build: edited(110, (xml) => replaceOnce(xml, /<DuLieu Id="([^"]+)">/, "<DuLieu   Id='$1'>").replace('</DSCKS>', '\n\n</DSCKS>')),
  },
  {
    file: 'encoding/declared-latin1.xml', category: encoding, expected: 'xml_not_utf8', verdict: 'invalid', ingest: true,
    technique: 'The record re-encoded as ISO-8859-1 with a matching declaration (only UTF-8 is read)',
    build: edited(111, (xml) => Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').normalize('NFC'), 'latin1')),
  },
  {
    file: 'encoding/invalid-utf8-bytes.xml', category: encoding, expected: 'xml_not_utf8', verdict: 'invalid',
    technique: 'Raw bytes that are not UTF-8 (0xC3 0x28) inside a signed value',
    build: edited(112, (xml, name) => {
      const [before, after] = xml.split(`<HoTen>${name}<`) as [string, string];
      return Buffer.concat([Buffer.from(`${before}<HoTen>`), Buffer.from([0xc3, 0x28]), Buffer.from(`${name}<${after}`)]);
    }),
  },
  {
    file: 'encoding/overlong-utf8.xml', category: encoding, expected: 'xml_not_utf8', verdict: 'invalid',
    technique: "An overlong UTF-8 encoding of '<' (0xC0 0xBC), a classic filter bypass",
    build: edited(113, (xml, name) => {
      const [before, after] = xml.split(`<HoTen>${name}<`) as [string, string];
      return Buffer.concat([Buffer.from(`${before}<HoTen>${name}`), Buffer.from([0xc0, 0xbc]), Buffer.from(`/HoTen><${after.slice('/HoTen>'.length)}`)]);
    }),
  },
  {
    file: 'encoding/utf16-package.b64', category: encoding, expected: 'xml_not_utf8', verdict: 'invalid', ingest: true,
    technique: 'A package whose XML is UTF-16LE with a byte-order mark',
    build: edited(114, (xml) => encodePackage(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace('UTF-8', 'UTF-16'), 'utf16le')]))),
  },
  {
    file: 'encoding/nfd-forged-name.xml', category: encoding, expected: 'digest_mismatch', expectedCodes: ['text_not_nfc', 'digest_mismatch'], verdict: 'invalid',
    technique: 'The signed name swapped for its decomposed (NFD) form, which looks the same on screen',
    build: edited(115, (xml, name) => replaceOnce(xml, `<HoTen>${name}<`, `<HoTen>${name.normalize('NFD')}<`)),
  },
  {
    file: 'encoding/mixed-normalisation-signed.xml', category: encoding, expected: 'text_not_nfc', verdict: 'invalid', ingest: true,
    technique: 'A record signed with one decomposed (NFD) letter among NFC text: intact, but two spellings of one name must not exist',
    async build(kit) {
      const xml = kit.unsigned(116);
      const name = studentNameOf(xml);
      const at = [...name].findIndex((letter) => letter.normalize('NFD') !== letter);
      const letters = [...name];
      letters[at] = letters[at]!.normalize('NFD');
      return kit.sign(replaceOnce(xml, `<HoTen>${name}<`, `<HoTen>${letters.join('')}<`), 'school-a');
    },
  },
];

/** The student name as signed, read from the built bytes by hand (not by our parser): what the report must show. */
export function shownName(bytes: string | Buffer): Record<string, string> {
  const text = Buffer.isBuffer(bytes) ? bytes.toString('utf8') : bytes;
  const name = /<HoTen>([\s\S]*?)<\/HoTen>/.exec(text)![1]!
    .replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
  return { studentName: name };
}
