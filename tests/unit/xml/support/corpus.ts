// The documents the rest of the test suite feeds parseXml: sample records of every grade, the signature tests'
// records (extra namespaces, xml:*, CRLF, comments, CDATA, prefixed roots) and records signed by us and by xmlsec1.
import { LEVEL_GRADES, levelOfGrade, type Level } from '../../../../api/record/index.ts';
import { generateSampleXml } from '../../../../api/samples/index.ts';
import type { PkiEntity } from '../../../../api/pki/index.ts';
import { signAs } from '../../signature/support/check.ts';
import { sampleRecord } from '../../signature/support/sample.ts';
import { addSlot, template, URI, type TemplateOptions } from '../../signature/support/templates.ts';
import { hasXmlsec, xmlsecSign } from '../../signature/support/xmlsec.ts';

export interface CorpusDocument {
  readonly name: string;
  readonly xml: string;
}

const SCHOOL = { schoolYear: '2024-2025', schoolCode: '01001001', schoolName: 'Trường Hoà Bình', provinceCode: '01' };

/** generateSampleXml for every grade and each seed. */
export function sampleDocuments(seeds: readonly number[]): CorpusDocument[] {
  const grades = Object.values(LEVEL_GRADES).flat();
  return grades.flatMap((grade) => seeds.map((seed) => ({
    name: `sample grade ${grade} seed ${seed}`,
    xml: generateSampleXml({ ...SCHOOL, level: levelOfGrade(grade) as Level, grade, seed }),
  })));
}

/** The unsigned records the signature tests build (support/sample.ts with the c14n and interop tests' options). */
export function signatureTestDocuments(): CorpusDocument[] {
  const tricky = '<!-- ghi chú --><x:y x:z="q&quot;&#9;&#10;&#13;&lt;&gt;&amp;" b:a="2" a="1"/><k xmlns="">e<![CDATA[ <&> ]]>&#13;</k>'
    + '<m xmlns:x="urn:x" xmlns:w="urn:w"><w:n w:x="1" xmlns:b="urn:b2"/></m><t xml:lang="en">😀 &#xE000; ]]&gt;</t>';
  return [
    { name: 'plain record', xml: sampleRecord() },
    { name: 'record with root namespaces, xml:*, CRLF, tricky content', xml: sampleRecord({ rootAttributes: 'xmlns:x="urn:x" xmlns:b="urn:b" xml:lang="vi" xml:space="preserve"', lineEnd: '\r\n', extra: tricky }) },
    { name: 'prefixed root', xml: sampleRecord({ prefix: 'h', kilobytes: 1, extra: '<h:e xmlns="urn:d"><f xmlns=""/></h:e>' }) },
    { name: 'comment inside DuLieu', xml: sampleRecord({ extra: '<!-- ghi chú của giáo viên -->' }) },
    { name: 'extra content with Id', xml: sampleRecord({ extra: '<HocSinhPhu Id="HS-1">x</HocSinhPhu>' }) },
    { name: 'record of 33 KB', xml: sampleRecord({ kilobytes: 33 }) },
    { name: 'namespace undeclaration and redeclaration', xml: '<r xmlns="urn:d"><s xmlns=""><t xmlns="urn:d"><u xmlns="urn:d"/></t></s></r>' },
    { name: 'attributes in many namespaces', xml: '<r xmlns:z="urn:a" xmlns:a="urn:z"><s a:b="1" z:b="2" b="3" a:a="4" xmlns="urn:d" xmlns:q="urn:q"/></r>' },
    { name: 'literal tabs and newlines in attributes', xml: '<r a="x\ty\nz" b="  s  " c="\r\n"/>' },
  ];
}

/** Records signed by api/signature (one and two signers) and, when xmlsec1 is installed, by xmlsec1 from templates. */
export async function signedDocuments(signer: PkiEntity, coSigner: PkiEntity): Promise<CorpusDocument[]> {
  const once = await signAs(sampleRecord({ kilobytes: 33 }), signer, 'CoSoGiaoDuc');
  const documents: CorpusDocument[] = [
    { name: 'signed by us once', xml: once },
    { name: 'signed by us twice', xml: await signAs(once, coSigner, 'GVCN') },
    { name: 'prefixed root signed by us', xml: await signAs(sampleRecord({ prefix: 'h' }), signer, 'CoSoGiaoDuc') },
  ];
  if (!hasXmlsec()) return documents;
  const variants: Array<[string, Partial<TemplateOptions>, string]> = [
    ['c14n', { c14n: URI.c14n }, sampleRecord()],
    ['exclusive c14n, SHA-512', { c14n: URI.exc, digest: URI.sha512 }, sampleRecord()],
    ['default XMLDSig namespace, pretty, CRLF', { dsPrefix: '', pretty: true }, sampleRecord({ lineEnd: '\r\n' })],
    ['c14n with comments', { c14n: URI.c14nComments }, sampleRecord({ extra: '<!-- x -->' })],
    ['Vietnamese signing time', { signingTime: null, vietnameseTime: '2025-05-31T08:00:00' }, sampleRecord()],
    ['SigningCertificate V1', { certV1Digest: URI.sha1 }, sampleRecord()],
  ];
  for (const [name, options, record] of variants) {
    const slot = template({ id: 'Sig-1', contentId: 'DuLieu-0a1b2c3d', certificatePem: signer.certPem, ...options });
    documents.push({ name: `signed by xmlsec1: ${name}`, xml: xmlsecSign(addSlot(record, slot), 1, signer) });
  }
  return documents;
}
