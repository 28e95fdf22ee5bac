// Signature wrapping (XSW): the signed DuLieu moved or copied, forged content under duplicate Ids, extra roots,
// signatures outside their slot, and references that point anywhere but the root's one DuLieu (SPEC §7).
import { URI } from '../../unit/signature/support/templates.ts';
import { contentIdOf, contentOf, forgeName, replaceOnce, slotOf } from './text.ts';
import type { Recipe } from './types.ts';

const NS = 'urn:hocba:hoc-ba-so:1';
const category = 'signature-wrapping' as const;
const withoutDeclaration = (xml: string) => xml.replace(/^<\?xml[^>]*\?>\s*/, '');

export const WRAPPING: Recipe[] = [
  {
    file: 'wrapping/signed-content-moved-into-object.xml', category, expected: 'envelope_duplicate_id', expectedCodes: ['envelope_duplicate_id', 'envelope_content_duplicate'], verdict: 'invalid', ingest: true,
    technique: "XSW: the signed DuLieu moved into the signature's ds:Object (the reference still finds it by Id), a forged DuLieu in its place",
    async build(kit) {
      const xml = await kit.sealed(1);
      const signed = contentOf(xml);
      const moved = signed.replace('<DuLieu ', `<DuLieu xmlns="${NS}" `);
      return replaceOnce(xml.replace(signed, forgeName(signed)), '</ds:Signature>', `<ds:Object>${moved}</ds:Object></ds:Signature>`);
    },
  },
  {
    file: 'wrapping/signed-copy-in-object-foreign-namespace.xml', category, expected: 'envelope_duplicate_id', expectedCodes: ['envelope_duplicate_id', 'envelope_content_duplicate'], verdict: 'invalid', ingest: true,
    technique: 'XSW: a copy of the signed DuLieu in a ds:Object under another namespace, the root DuLieu forged',
    async build(kit) {
      const xml = await kit.sealed(2);
      const signed = contentOf(xml);
      const copy = signed.replace('<DuLieu ', '<DuLieu xmlns="urn:attacker:hoc-ba" ');
      return replaceOnce(xml.replace(signed, forgeName(signed)), '</ds:Signature>', `<ds:Object>${copy}</ds:Object></ds:Signature>`);
    },
  },
  {
    file: 'wrapping/forged-content-first-duplicate-id.xml', category, expected: 'envelope_duplicate_id', expectedCodes: ['envelope_duplicate_id', 'envelope_content_duplicate'], verdict: 'invalid', ingest: true,
    technique: 'XSW: a forged DuLieu with the same Id placed before the signed one (a reader taking the first finds the forgery)',
    async build(kit) {
      const xml = await kit.sealed(3);
      const signed = contentOf(xml);
      return xml.replace(signed, `${forgeName(signed)}\n  ${signed}`);
    },
  },
  {
    file: 'wrapping/forged-content-last-duplicate-id.xml', category, expected: 'envelope_duplicate_id', expectedCodes: ['envelope_duplicate_id', 'envelope_content_duplicate'], verdict: 'invalid',
    technique: 'XSW: a forged DuLieu with the same Id placed after the signed one (a reader taking the last finds the forgery)',
    async build(kit) {
      const xml = await kit.sealed(4);
      const signed = contentOf(xml);
      return xml.replace(signed, `${signed}\n  ${forgeName(signed)}`);
    },
  },
  {
    file: 'wrapping/signature-id-equals-content-id.xml', category, expected: 'envelope_duplicate_id', verdict: 'invalid',
    technique: 'Duplicate Id: an empty ds:Signature in a new slot carries the Id of DuLieu, so "#Id" has two targets',
    async build(kit) {
      const xml = await kit.sealed(5);
      return replaceOnce(xml, '<DSCKS>', `<DSCKS><CKS><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="${contentIdOf(xml)}"/></CKS>`);
    },
  },
  {
    file: 'wrapping/content-id-reused-inside-content.xml', category, expected: 'envelope_duplicate_id', verdict: 'invalid',
    technique: 'Duplicate Id: an element inside DuLieu given the Id of DuLieu in lower-case `id`',
    async build(kit) {
      const xml = await kit.sealed(6);
      return replaceOnce(xml, '<HocSinh>', `<HocSinh id="${contentIdOf(xml)}">`);
    },
  },
  {
    file: 'wrapping/second-record-root.xml', category, expected: 'xml_malformed', verdict: 'invalid', ingest: true,
    technique: 'A second, unsigned HocBaSo document element after the signed one (two roots)',
    async build(kit) {
      const xml = await kit.sealed(7);
      const forged = withoutDeclaration(kit.unsigned(7)).replace(/<HoTen>[^<]+</, '<HoTen>Kẻ Mạo Danh<');
      return `${xml.trimEnd()}\n${forged}`;
    },
  },
  {
    file: 'wrapping/signed-record-wrapped-in-forged-root.xml', category, expected: 'envelope_unexpected_element', expectedCodes: ['envelope_duplicate_id', 'envelope_unexpected_element', 'envelope_content_duplicate', 'envelope_signature_outside_slot'], verdict: 'invalid', ingest: true,
    technique: 'XSW: a forged, unsigned HocBaSo root whose DuLieu has the signed Id, the whole signed record nested inside it',
    async build(kit) {
      const xml = await kit.sealed(8);
      const forged = forgeName(contentOf(xml));
      return `<?xml version="1.0" encoding="UTF-8"?>\n<HocBaSo xmlns="${NS}" PhienBan="1.0">\n  ${forged}\n  ${withoutDeclaration(xml)}</HocBaSo>\n`;
    },
  },
  {
    file: 'wrapping/unsigned-record-root-in-signature-list.xml', category, expected: 'envelope_unexpected_element', expectedCodes: ['envelope_unexpected_element', 'envelope_content_duplicate'], verdict: 'invalid',
    technique: 'A second, unsigned record root hidden in DSCKS beside the signature slots',
    async build(kit) {
      const xml = await kit.sealed(9);
      return replaceOnce(xml, '</DSCKS>', `${withoutDeclaration(kit.unsigned(10))}</DSCKS>`);
    },
  },
  {
    file: 'wrapping/signature-outside-slot.xml', category, expected: 'envelope_signature_outside_slot', expectedCodes: ['envelope_unexpected_element', 'envelope_signature_outside_slot'], verdict: 'invalid', ingest: true,
    technique: 'The seal ds:Signature moved from its CKS slot to the root (a verifier that looks anywhere would still find it)',
    async build(kit) {
      const xml = await kit.sealed(11);
      const slot = slotOf(xml);
      const signature = slot.slice('<CKS>'.length, -'</CKS>'.length);
      return replaceOnce(xml.replace(slot, ''), '</HocBaSo>', `${signature}</HocBaSo>`);
    },
  },
  // The three below each trip one envelope defence alone (the attacks above trip two or more at once, so none of
  // them proves that content_duplicate, unexpected_element or signature_outside_slot works by itself).
  {
    file: 'wrapping/forged-content-other-id-after-signed.xml', category, expected: 'envelope_content_duplicate', verdict: 'invalid',
    technique: 'A forged DuLieu with its own Id after the signed one (a reader taking the last DuLieu by name finds the forgery)',
    async build(kit) {
      const xml = await kit.sealed(21);
      const signed = contentOf(xml);
      return xml.replace(signed, `${signed}\n  ${forgeName(signed).replace(/ Id="[^"]+"/, ' Id="DuLieu-forged"')}`);
    },
  },
  {
    file: 'wrapping/forged-note-beside-record.xml', category, expected: 'envelope_unexpected_element', verdict: 'invalid',
    technique: 'An unsigned element of the record namespace after DSCKS (a note a portal might print beside the signed record)',
    async build(kit) {
      const xml = await kit.sealed(22);
      return replaceOnce(xml, '</HocBaSo>', '<GhiChu>Đã được Bộ phê duyệt lại</GhiChu></HocBaSo>');
    },
  },
  {
    file: 'wrapping/signature-nested-in-signature-object.xml', category, expected: 'envelope_signature_outside_slot', verdict: 'invalid',
    technique: "A copy of the seal's ds:Signature inside its own ds:Object (a verifier searching every ds:Signature would count two)",
    async build(kit) {
      const xml = await kit.sealed(23);
      const slot = slotOf(xml);
      const signature = slot.slice('<CKS>'.length, -'</CKS>'.length).replace(/ Id="([^"]+)"/g, ' Id="$1-inner"');
      return replaceOnce(xml, '</ds:Signature>', `<ds:Object>${signature}</ds:Object></ds:Signature>`);
    },
  },
  {
    file: 'wrapping/two-signatures-in-one-slot.xml', category, expected: 'envelope_slot_content', verdict: 'invalid',
    technique: 'A second ds:Signature squeezed into the same CKS slot',
    async build(kit) {
      const xml = await kit.sealed(12);
      const slot = slotOf(xml);
      const signature = slot.slice('<CKS>'.length, -'</CKS>'.length);
      return xml.replace(slot, `<CKS>${signature}${signature.replace(/ Id="([^"]+)"/g, ' Id="$1-copy"')}</CKS>`);
    },
  },
  {
    file: 'wrapping/reference-empty-uri.xml', category, expected: 'reference_uri_refused', expectedCodes: ['reference_uri_refused', 'content_reference_missing'], verdict: 'invalid', ingest: true,
    technique: 'Reference URI="" with an enveloped-signature transform (signs the whole document, not DuLieu), made by xmlsec1',
    build: (kit) => kit.xmlsec(kit.unsigned(13), 'school-a', {
      contentUri: '', contentTransforms: `<ds:Transforms><ds:Transform Algorithm="${URI.enveloped}"/><ds:Transform Algorithm="${URI.c14n}"/></ds:Transforms>`,
    }),
  },
  {
    file: 'wrapping/reference-xpointer.xml', category, expected: 'reference_uri_refused', expectedCodes: ['reference_uri_refused', 'content_reference_missing'], verdict: 'invalid',
    technique: 'Reference URI="#xpointer(/)" (the whole document), made by xmlsec1',
    build: (kit) => kit.xmlsec(kit.unsigned(14), 'school-a', {
      contentUri: '#xpointer(/)', contentTransforms: `<ds:Transforms><ds:Transform Algorithm="${URI.enveloped}"/><ds:Transform Algorithm="${URI.c14n}"/></ds:Transforms>`,
    }),
  },
  {
    file: 'wrapping/reference-external-uri.xml', category, expected: 'reference_uri_refused', expectedCodes: ['reference_uri_refused', 'content_reference_missing', 'signature_invalid'], verdict: 'invalid',
    technique: 'Reference URI pointing outside the document (http://), which a verifier must never fetch',
    async build(kit) {
      const xml = await kit.sealed(15);
      return replaceOnce(xml, `URI="#${contentIdOf(xml)}"`, 'URI="http://attacker.example/hoc-ba.xml"');
    },
  },
  {
    file: 'wrapping/reference-to-inner-element.xml', category, expected: 'reference_uri_refused', expectedCodes: ['field_unexpected', 'reference_uri_refused', 'content_reference_missing'], verdict: 'invalid',
    technique: 'A signature over an element inside DuLieu (HocSinh by Id) instead of DuLieu itself, made by xmlsec1',
    build: (kit) => kit.xmlsec(replaceOnce(kit.unsigned(16), '<HocSinh>', '<HocSinh Id="HS-1">'), 'school-a', { contentUri: '#HS-1' }),
  },
  {
    file: 'wrapping/xpath-transform.xml', category, expected: 'transform_refused', verdict: 'invalid', ingest: true,
    technique: 'An XPath transform on the content reference (it can filter what is signed), made by xmlsec1',
    build: (kit) => kit.xmlsec(kit.unsigned(17), 'school-a', {
      contentTransforms: `<ds:Transforms><ds:Transform Algorithm="${URI.xpath}"><ds:XPath>not(ancestor-or-self::*[local-name()='HoTen'])</ds:XPath></ds:Transform><ds:Transform Algorithm="${URI.c14n}"/></ds:Transforms>`,
    }),
  },
  {
    file: 'wrapping/base64-transform.xml', category, expected: 'transform_refused', expectedCodes: ['transform_refused', 'signature_invalid'], verdict: 'invalid',
    technique: 'The content reference transform switched to base64 decoding',
    async build(kit) {
      const xml = await kit.sealed(18);
      return replaceOnce(xml, `<ds:Transform Algorithm="${URI.c14n}"/>`, '<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#base64"/>');
    },
  },
  {
    file: 'wrapping/two-signedinfo.xml', category, expected: 'signature_malformed', expectedCodes: ['school_seal_missing', 'signature_malformed'], verdict: 'invalid',
    technique: 'Two SignedInfo elements in one signature (CVE-2025-29774 in xml-crypto)',
    async build(kit) {
      const xml = await kit.sealed(19);
      return xml.replace(/(<ds:SignedInfo>[\s\S]*?<\/ds:SignedInfo>)/, '$1$1');
    },
  },
  {
    file: 'wrapping/content-referenced-twice.xml', category, expected: 'reference_uri_refused', verdict: 'invalid',
    technique: 'Two references to DuLieu in one SignedInfo, made by xmlsec1 (each target may be referenced once)',
    build: (kit) => kit.xmlsec(kit.unsigned(20), 'school-a', {
      extraReferences: `<ds:Reference URI="#${contentIdOf(kit.unsigned(20))}"><ds:Transforms><ds:Transform Algorithm="${URI.c14n}"/></ds:Transforms><ds:DigestMethod Algorithm="${URI.sha256}"/><ds:DigestValue></ds:DigestValue></ds:Reference>`,
    }),
  },
];
